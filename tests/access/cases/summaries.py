"""Summaries: the list, a summary's page, the draft form, submission, amendment, versions, receipts."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Scenario

SECTIONS = {"progress": "The audit was completed.", "risks": "Staffing in two agencies.", "issues": "",
            "learning": "", "changes": "", "other": ""}


def _made(submitted=False, amended=False):
    """A summary with a draft (or submitted, or amended) of a body with a chair, a member, the Board
    receiving summaries, the BU, and the chair of another sub group (who is refused)."""
    from reporting import services
    from tests.factories import BodyFactory, business_unit, member_of
    from tests.reporting.helpers import expected_summary, receiving_body

    receiving_body()
    summary, chair, member = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    if submitted or amended:
        services.summary_submit(summary=summary, by=chair)
    if amended:
        services.summary_amend(summary=summary, sections={**SECTIONS, "other": "Added."}, reason="A late item",
                               by=chair)
    return {"summary": summary, "chair": chair, "member": member, "bu": business_unit(),
            "stranger": member_of(BodyFactory(), role="chair")}


def _summary_state(summary):
    from reporting.models import Summary, SummaryVersion

    return lambda: (Summary.objects.filter(pk=summary.pk).values("status", "nominated_drafter").first(),
                    list(SummaryVersion.objects.filter(summary=summary).values_list("number", "progress",
                                                                                    "amendment_reason")))


def _list():
    made = _made()
    return Scenario(allowed=made["chair"])


def _draft_detail():
    made = _made()
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["member"], refused=made["stranger"])


def _edit():
    made = _made()
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["chair"], refused=made["stranger"],
                    post_data={**SECTIONS, "progress": "Changed by the chair.", "save": ""},
                    state=_summary_state(made["summary"]))


def _submit():
    made = _made()
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["chair"], refused=made["stranger"],
                    state=_summary_state(made["summary"]))


def _amend():
    made = _made(submitted=True)
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["chair"], refused=made["stranger"],
                    post_data={**SECTIONS, "amendment_reason": "A figure was wrong."},
                    state=_summary_state(made["summary"]))


def _nominate():
    made = _made()
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["chair"], refused=made["stranger"],
                    post_data={"person": str(made["member"].pk)}, state=_summary_state(made["summary"]))


def _version():
    made = _made()
    return Scenario(kwargs={"pk": made["summary"].pk, "number": 1}, allowed=made["chair"],
                    refused=made["stranger"])


def _receipt():
    from reporting.models import SummaryReceipt

    made = _made(submitted=True)
    receipt = made["summary"].receipts.get()
    return Scenario(kwargs={"pk": receipt.pk}, allowed=made["bu"], refused=made["chair"],
                    state=lambda: SummaryReceipt.objects.filter(pk=receipt.pk).values("received_on").first())


def _received():
    from accountability.models import Body, Function

    made = _made(submitted=True)
    board = Body.objects.get(functions__function=Function.RECEIVES_SUMMARIES)
    from tests.factories import member_of

    return Scenario(allowed=member_of(board), refused=made["stranger"])


CASES = {
    "summary-list": Case(SIGNED_IN, setup=_list),
    "summaries-received": Case(RECORD, setup=_received),
    "summary-detail": Case(RECORD, setup=_draft_detail),
    "summary-edit": Case(RECORD, setup=_edit, post=True, post_status=302),
    "summary-submit": Case(RECORD, setup=_submit, post=True, post_status=302),
    "summary-amend": Case(RECORD, setup=_amend, post=True, post_status=302),
    "summary-nominate": Case(RECORD, setup=_nominate, post=True, post_status=302),
    "summary-version": Case(RECORD, setup=_version),
    "receipt-received": Case(RECORD, setup=_receipt, post=True, post_status=302),
}


def _due():
    from notifications.services import remind_now
    from reporting.dues import summary_key

    made = _made()
    remind_now(summary_key(made["summary"].pk), by=made["bu"])  # a chase history to show
    return Scenario(allowed=made["bu"], refused=made["chair"])


def _remind():
    from notifications.models import Reminder

    made = _made()
    # The chair of the body is refused: only the business unit presses "remind now".
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["bu"], refused=made["chair"],
                    post_data={"next": "/due/"}, state=lambda: Reminder.objects.count())


CASES["due-list"] = Case(RECORD, setup=_due)
CASES["summary-remind"] = Case(RECORD, setup=_remind, post=True, post_status=302)


def _overview(kind):
    """A body owing quarterly summaries and yearly reports, and their expected rows: partnership
    records, which every signed-in member reads."""

    def setup():
        from reporting.services import summaries_expect
        from tests.factories import BodyFactory, member_of

        body = BodyFactory(owes_quarterly_summaries=True, owes_yearly_assurance=True)
        summaries_expect()
        return Scenario(allowed=member_of(body))

    return setup


CASES["quarterly-overview"] = Case(SIGNED_IN, setup=_overview("quarterly"))
CASES["yearly-overview"] = Case(SIGNED_IN, setup=_overview("yearly"))
