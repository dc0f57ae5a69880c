"""The quarterly outcome report (issue 17). A draft is a body record of the body that agrees it (the BPG): its
members and the business unit read it; the Board's members see on the list that it exists and its state. The
business unit builds, comments, writes the narrative and issues; a BPG member (or the BU) records the agreement.
An issued report, and its paper, are every member's."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Invalid, Scenario


def _report(state="draft"):
    from reporting import outcome_services as services
    from tests.reporting.outcome_known import known_partnership

    known = known_partnership()
    report = services.outcome_report_build_now(quarter_code="2017Q1")
    if state in ("agreed", "issued"):
        report = services.outcome_report_agree(report=report, meeting=known["bpg_meeting"], by=known["bpg_member"])
    if state == "issued":
        report = services.outcome_report_issue(report=report, meeting=known["board_meeting"], by=known["bu"])
        report = services.outcome_report_render_documents(report_id=report.pk)
    return known, report


def _state(report):
    from reporting.outcome_models import OutcomeReport

    return lambda: (OutcomeReport.objects.filter(pk=report.pk).values("state").first(), report.comments.count(),
                    list(report.narratives.values_list("section", "text")), OutcomeReport.objects.count())


def _list():
    known, _report_made = _report()
    return Scenario(allowed=known["board_member"])


def _build():
    from reporting.outcome_models import OutcomeReport

    known, _made = _report()
    return Scenario(allowed=known["bu"], refused=known["bpg_member"], post_data={"quarter": "2016Q4"},
                    state=lambda: OutcomeReport.objects.count())


def _detail():
    known, report = _report()
    return Scenario(kwargs={"pk": report.pk}, allowed=known["bpg_member"], refused=known["board_member"],
                    other_sub_group=known["pmae_chair"], private=("Training delivered to 40 staff.",))


def _bu_writes(**post):
    def setup():
        known, report = _report()
        return Scenario(kwargs={"pk": report.pk, "section": "log"}, allowed=known["bu"], refused=known["bpg_member"],
                        other_sub_group=known["pmae_chair"], post_data=post, state=_state(report))

    return setup


def _agree():
    known, report = _report()
    return Scenario(kwargs={"pk": report.pk}, allowed=known["bpg_member"], refused=known["board_member"],
                    other_sub_group=known["pmae_chair"], post_data={"meeting": str(known["bpg_meeting"].pk)},
                    state=_state(report))


def _issue():
    known, report = _report("agreed")
    return Scenario(kwargs={"pk": report.pk}, allowed=known["bu"], refused=known["bpg_member"],
                    other_sub_group=known["pmae_chair"], post_data={"meeting": str(known["board_meeting"].pk)},
                    state=_state(report))


EVERY_MEMBER = "an issued report's paper is a partnership record: every member reads it"


def _paper():
    known, report = _report("issued")
    return Scenario(kwargs={"pk": report.pk}, allowed=known["board_member"],
                    not_refused={"a wrong role": EVERY_MEMBER, "a member of another sub group": EVERY_MEMBER,
                                 "a lead of another agency": EVERY_MEMBER})


CASES = {
    "outcome-report-list": Case(SIGNED_IN, setup=_list),
    "outcome-report-build": Case(RECORD, setup=_build, post=True, post_status=302,
                                 invalid=Invalid(fill={"#id_quarter": "2017Q9"})),
    "outcome-report-detail": Case(RECORD, setup=_detail, listed_on=("outcome-report-list",)),
    "outcome-report-comment": Case(RECORD, setup=_bu_writes(text="Check the escalations."), post=True,
                                   post_status=302),
    "outcome-report-narrative": Case(RECORD, setup=_bu_writes(text="A steady quarter."), post=True,
                                     post_status=302, no_error_state="A narrative may be left empty."),
    "outcome-report-agree": Case(RECORD, setup=_agree, post=True, post_status=302),
    "outcome-report-issue": Case(RECORD, setup=_issue, post=True, post_status=302),
    # The paper as issued, in HTML (its PDF's source): the axe sweep reads it too.
    "outcome-report-paper": Case(RECORD, setup=_paper),
    "outcome-report-pdf": Case(RECORD, setup=_paper, html=False),
    "outcome-report-docx": Case(RECORD, setup=_paper, html=False),
}
