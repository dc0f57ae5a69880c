"""Summaries: the list, a summary's page, the draft form, submission, amendment, versions, receipts."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Invalid, Scenario

SECTIONS = {"progress": "The audit was completed.", "risks": "Staffing in two agencies.", "issues": "",
            "learning": "", "changes": "", "other": ""}


def _receiver(function, name):
    """A body receiving a kind of summary, and one of its members."""
    from accountability.models import BodyFunction
    from tests.factories import BodyFactory, member_of

    body = BodyFactory(name=name, short_name=name)
    BodyFunction.objects.get_or_create(body=body, function=function)
    return member_of(body)


def _made(submitted=False, amended=False, kind="meeting"):
    """A summary (after a meeting, or a quarterly summary, or a yearly report) with a draft (or
    submitted, or amended) of a body with a chair and a member; a member of the body receiving its
    kind; the BU; and the chair of another sub group."""
    from accountability.models import Function
    from reporting import services
    from reporting.models import Summary
    from tests.factories import BodyFactory, business_unit, member_of
    from tests.reporting.helpers import expected_summary

    receiver = _receiver(Function.RECEIVES_SUMMARIES, "Board")
    if kind == "meeting":
        summary, chair, member = expected_summary()
    else:  # the latest quarter's summary, or this year's report, of a body that owes them
        receiver = _receiver(Function.RECEIVES_QUARTERLY if kind == "quarterly" else Function.RECEIVES_YEARLY,
                             "Business Planning Group" if kind == "quarterly" else "Board")
        body = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_quarterly_summaries=True,
                           owes_yearly_assurance=True)
        chair, member = member_of(body, role="chair"), member_of(body)
        services.summaries_expect()
        summary = Summary.objects.filter(body=body, kind=kind).latest("period_start")
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    if submitted or amended:
        services.summary_submit(summary=summary, by=chair)
    if amended:
        services.summary_amend(summary=summary, sections={**SECTIONS, "other": "Added."}, reason="A late item",
                               by=chair)
    return {"summary": summary, "chair": chair, "member": member, "bu": business_unit(), "receiver": receiver,
            "stranger": member_of(BodyFactory(), role="chair")}


# A draft's text: its body's and the business unit's until it is submitted.
PRIVATE = (SECTIONS["risks"],)


def _summary_state(summary):
    from reporting.models import Summary, SummaryVersion

    return lambda: (Summary.objects.filter(pk=summary.pk).values("status", "nominated_drafter").first(),
                    list(SummaryVersion.objects.filter(summary=summary).values_list("number", "progress",
                                                                                    "amendment_reason")))


def _submitted_meanwhile(scenario):
    """The summary submitted by its chair after the page opened: submitting it, or reminding anyone of it,
    is then refused with a message."""
    from reporting import services
    from reporting.models import Summary

    summary = Summary.objects.get(pk=scenario.kwargs["pk"])
    services.summary_submit(summary=summary, by=summary.body.memberships.get(role="chair").person)


def _received_meanwhile(scenario):
    """Marked received by another officer after the page opened."""
    from reporting import services
    from reporting.models import SummaryReceipt
    from tests.factories import business_unit

    services.receipt_mark_received(receipt=SummaryReceipt.objects.get(pk=scenario.kwargs["pk"]), by=business_unit())


def _list():
    made = _made()
    return Scenario(allowed=made["chair"])


def _draft_detail():
    """A quarterly summary in draft: the body receiving quarterly summaries sees that it is in draft and
    when it is due, and reads it once it is submitted (issue 13 §2)."""
    made = _made(kind="quarterly")
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["member"], refused=made["receiver"],
                    other_sub_group=made["stranger"], private=PRIVATE)


def _write(submitted=False, **scenario):
    """A page that writes the summary: the chair's and the nominee's; a member who is neither is refused."""
    def setup():
        made = _made(submitted=submitted)
        return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["chair"], refused=made["member"],
                        other_sub_group=made["stranger"], state=_summary_state(made["summary"]),
                        **{key: value(made) if callable(value) else value for key, value in scenario.items()})

    return setup


_edit = _write(post_data={**SECTIONS, "progress": "Changed by the chair.", "save": ""})
_submit = _write()
_amend = _write(submitted=True, post_data={**SECTIONS, "amendment_reason": "A figure was wrong."})
_nominate = _write(post_data=lambda made: {"person": str(made["member"].pk)})


def _version():
    """A yearly report's draft version: the body receiving yearly reports reads it once it is submitted."""
    made = _made(kind="yearly")
    return Scenario(kwargs={"pk": made["summary"].pk, "number": 1}, allowed=made["chair"],
                    refused=made["receiver"], other_sub_group=made["stranger"], private=PRIVATE)


def _receipt():
    from reporting.models import SummaryReceipt

    made = _made(submitted=True)
    receipt = made["summary"].receipts.get()
    return Scenario(kwargs={"pk": receipt.pk}, allowed=made["bu"], refused=made["chair"],
                    other_sub_group=made["stranger"],
                    state=lambda: SummaryReceipt.objects.filter(pk=receipt.pk).values("received_on").first())


def _received():
    made = _made(submitted=True)
    return Scenario(allowed=made["receiver"], refused=made["member"], other_sub_group=made["stranger"])


CASES = {
    "summary-list": Case(SIGNED_IN, setup=_list),
    "summaries-received": Case(RECORD, setup=_received, listed_on=("summary-list",)),
    "summary-detail": Case(RECORD, setup=_draft_detail, listed_on=("summary-list", "quarterly-overview")),
    # A draft may be saved empty; submitted empty, it is refused beside its first section.
    "summary-edit": Case(RECORD, setup=_edit, post=True, post_status=302, invalid=Invalid(button="Save and submit")),
    "summary-submit": Case(RECORD, setup=_submit, post=True, post_status=302,
                           invalid=Invalid(meanwhile=_submitted_meanwhile)),
    "summary-amend": Case(RECORD, setup=_amend, post=True, post_status=302),
    "summary-nominate": Case(RECORD, setup=_nominate, post=True, post_status=302),
    "summary-version": Case(RECORD, setup=_version),
    "receipt-received": Case(RECORD, setup=_receipt, post=True, post_status=302,
                             invalid=Invalid(meanwhile=_received_meanwhile)),
}


def _due():
    from notifications.services import remind_now
    from reporting.dues import summary_key

    made = _made()
    remind_now(summary_key(made["summary"].pk), by=made["bu"])  # a chase history to show
    return Scenario(allowed=made["bu"], refused=made["chair"], other_sub_group=made["stranger"])


def _remind():
    from notifications.models import Reminder

    made = _made()
    # The chair of the body is refused: only the business unit presses "remind now".
    return Scenario(kwargs={"pk": made["summary"].pk}, allowed=made["bu"], refused=made["chair"],
                    other_sub_group=made["stranger"], post_data={"next": "/due/"},
                    state=lambda: Reminder.objects.count())


CASES["due-list"] = Case(RECORD, setup=_due, listed_on=("home",))
CASES["summary-remind"] = Case(RECORD, setup=_remind, post=True, post_status=302,
                               invalid=Invalid(meanwhile=_submitted_meanwhile))


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
