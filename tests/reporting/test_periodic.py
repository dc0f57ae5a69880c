"""Quarterly summaries and yearly assurance reports: the partnership's quarters, their due dates,
the 14-day rule and its move to a working day, a re-dated Board meeting, the prefill, receipts and
the chase."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accountability import services as structure
from accountability.models import BodyFunction, Function
from bscb.models import Partnership
from bscb.periods import Period, quarter_label, quarter_of, quarters_ended, year_label, year_of
from notifications.services import chase
from reporting import periodic, services
from reporting.deadlines import ensure_deadline_settings
from reporting.models import Summary, SummaryKind
from reporting.selectors import quarterly_prefill
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


# --- the partnership's year ---------------------------------------------------------------------

def test_quarters_follow_the_financial_year():
    assert year_of(date(2017, 3, 31), 4) == Period(date(2016, 4, 1), date(2017, 3, 31))
    assert year_of(date(2017, 4, 1), 4) == Period(date(2017, 4, 1), date(2018, 3, 31))
    assert quarter_of(date(2017, 2, 14), 4) == Period(date(2017, 1, 1), date(2017, 3, 31))
    assert quarter_of(date(2016, 11, 30), 4) == Period(date(2016, 10, 1), date(2016, 12, 31))
    assert year_label(year_of(date(2026, 12, 1), 4)) == "2026-27"
    assert quarter_label(quarter_of(date(2026, 12, 1), 4)) == "October to December 2026"


def test_another_start_month_moves_the_quarters():
    assert year_of(date(2017, 1, 5), 1) == Period(date(2017, 1, 1), date(2017, 12, 31))
    assert year_label(year_of(date(2017, 1, 5), 1)) == "2017"
    assert quarter_of(date(2017, 1, 5), 9) == Period(date(2016, 12, 1), date(2017, 2, 28))
    assert quarter_label(quarter_of(date(2017, 1, 5), 9)) == "December 2016 to February 2017"
    ended = quarters_ended(date(2016, 5, 1), date(2017, 1, 1), 4)
    assert [q.end for q in ended] == [date(2016, 6, 30), date(2016, 9, 30), date(2016, 12, 31)]


# --- quarterly summaries ------------------------------------------------------------------------

@pytest.fixture
def structure_():
    bu = business_unit()
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    BodyFunction.objects.create(body=bpg, function=Function.RECEIVES_QUARTERLY)
    board = BodyFactory(name="Safeguarding Board", short_name="Board")
    BodyFunction.objects.create(body=board, function=Function.RECEIVES_YEARLY)
    BodyFunction.objects.create(body=board, function=Function.RECEIVES_SUMMARIES)
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True,
                       owes_quarterly_summaries=True, owes_yearly_assurance=True, active_from=date(2016, 4, 1))
    chair = member_of(pmae, role="chair")
    return {"bu": bu, "bpg": bpg, "bpg_chair": member_of(bpg, role="chair"), "board": board, "pmae": pmae,
            "chair": chair}


def _quarterly(body, start):
    return Summary.objects.get(body=body, kind=SummaryKind.QUARTERLY, period_start=start)


@pytest.mark.django_db
def test_a_quarterly_summary_is_due_15_working_days_after_the_quarter(structure_):
    services.summaries_expect(as_of=date(2017, 7, 3))
    summary = _quarterly(structure_["pmae"], date(2017, 4, 1))
    assert (summary.period_end, summary.due_date) == (date(2017, 6, 30), date(2017, 7, 21))
    # A body not yet asked is asked for the latest quarter, not for every one since it began.
    def starts():
        return sorted(Summary.objects.filter(kind=SummaryKind.QUARTERLY).values_list("period_start", flat=True))

    assert starts() == [date(2017, 4, 1)]
    # Then for every quarter after it, none skipped however long the chase did not run.
    services.summaries_expect(as_of=date(2018, 1, 2))
    assert starts() == [date(2017, 4, 1), date(2017, 7, 1), date(2017, 10, 1)]
    before = Summary.objects.count()
    services.summaries_expect(as_of=date(2018, 1, 2))
    assert Summary.objects.count() == before  # idempotent
    # The quarter to December 2026 crosses New Year's Day, a bank holiday.
    services.summaries_expect(as_of=date(2027, 1, 4))
    assert _quarterly(structure_["pmae"], date(2026, 10, 1)).due_date == date(2027, 1, 22)


@pytest.mark.django_db
def test_the_quarters_follow_the_configured_year(structure_):
    Partnership.objects.create(name="P", short_name="P", area="A", year_start_month=2)
    services.summaries_expect(as_of=date(2017, 5, 3))
    summary = _quarterly(structure_["pmae"], date(2017, 2, 1))
    assert (summary.period_end, summary.label) == (date(2017, 4, 30), "Quarterly summary, February to April 2017")
    assert Summary.objects.filter(kind=SummaryKind.QUARTERLY).count() == 1


@pytest.mark.django_db
def test_a_quarterly_summary_starts_from_that_quarters_summaries(structure_):
    chair, pmae = structure_["chair"], structure_["pmae"]
    with time_machine.travel(at(date(2017, 7, 3)), tick=False):
        for day, text in [(date(2017, 4, 12), "The neglect audit began."), (date(2017, 6, 7), "It finished."),
                          (date(2017, 7, 1), "Not this quarter.")]:
            meeting = MeetingFactory(body=pmae, starts_at=at(day))
            structure.meeting_mark_held(meeting=meeting, by=structure_["bu"])
            services.summary_save_draft(summary=meeting.summary, sections={"progress": text, "issues": text},
                                        by=chair)
        services.summaries_expect(as_of=date(2017, 7, 3))
    prefill = quarterly_prefill(_quarterly(pmae, date(2017, 4, 1)))
    assert prefill["progress"] == ("From the meeting of 12 April 2017: The neglect audit began.\n\n"
                                   "From the meeting of 7 June 2017: It finished.")
    assert set(prefill) == {"progress", "issues"}


@pytest.mark.django_db
def test_a_quarterly_summary_goes_to_the_bpg_and_is_chased_like_a_summary(structure_):
    services.summaries_expect(as_of=date(2017, 7, 3))
    summary = _quarterly(structure_["pmae"], date(2017, 4, 1))
    result = chase(as_of=date(2017, 7, 21))
    assert (f"summary:{summary.pk}", "due", structure_["chair"].pk) in result.sent
    late = chase(as_of=date(2017, 8, 8))  # 12 working days late
    assert {u for k, _s, u in late.sent if k == f"summary:{summary.pk}"} == {
        structure_["chair"].pk, structure_["bu"].pk, structure_["bpg_chair"].pk}
    services.summary_save_draft(summary=summary, sections={"progress": "Done.", "issues": "Capacity."},
                                by=structure_["chair"])
    services.summary_submit(summary=summary, by=structure_["chair"])
    assert [r.body for r in summary.receipts.all()] == [structure_["bpg"]]


# --- yearly assurance reports -------------------------------------------------------------------

def _yearly(body, start=date(2017, 4, 1)):
    return Summary.objects.get(body=body, kind=SummaryKind.YEARLY, period_start=start)


@pytest.mark.django_db
def test_with_no_last_board_meeting_flagged_the_due_date_cannot_be_worked_out(structure_):
    services.summaries_expect(as_of=date(2017, 6, 1))
    report = _yearly(structure_["pmae"])
    assert report.due_date is None and report.for_meeting is None
    assert "No meeting of the body that receives yearly assurance reports is flagged as the last of the 2017-18" \
        in periodic.yearly_due_problem(report)
    assert f"summary:{report.pk}" not in {k for k, _s, _u in chase(as_of=date(2017, 6, 1)).sent}


@pytest.mark.django_db
def test_a_yearly_report_is_due_14_days_before_the_last_board_meeting(structure_):
    services.summaries_expect(as_of=date(2017, 6, 1))
    final = MeetingFactory(body=structure_["board"], starts_at=at(date(2018, 3, 15)), is_final_of_year=True)
    report = _yearly(structure_["pmae"])
    assert (report.due_date, report.for_meeting) == (date(2018, 3, 1), final)
    assert periodic.yearly_due_problem(report) == ""
    # Re-dated: the due date follows; 14 days before 8 January 2027 is Christmas Day.
    final.starts_at = at(date(2018, 3, 22))
    final.save()
    assert _yearly(structure_["pmae"]).due_date == date(2018, 3, 8)
    services.summaries_expect(as_of=date(2026, 6, 1))
    christmas = MeetingFactory(body=structure_["board"], starts_at=at(date(2027, 1, 8)), is_final_of_year=True)
    assert _yearly(structure_["pmae"], date(2026, 4, 1)).due_date == date(2026, 12, 24)
    # Cancelled, the meeting no longer sets a due date.
    structure.meeting_cancel(meeting=christmas, by=structure_["bu"])
    assert _yearly(structure_["pmae"], date(2026, 4, 1)).due_date is None


@pytest.mark.django_db
def test_a_flag_moved_to_another_meeting_moves_the_due_date(structure_):
    services.summaries_expect(as_of=date(2017, 6, 1))
    first = MeetingFactory(body=structure_["board"], starts_at=at(date(2017, 12, 14)), is_final_of_year=True)
    assert _yearly(structure_["pmae"]).due_date == date(2017, 11, 30)
    first.is_final_of_year = False
    first.save()
    assert _yearly(structure_["pmae"]).due_date is None
    MeetingFactory(body=structure_["board"], starts_at=at(date(2018, 3, 15)), is_final_of_year=True)
    assert _yearly(structure_["pmae"]).due_date == date(2018, 3, 1)


@pytest.mark.django_db
def test_a_yearly_report_asks_for_its_own_sections_and_goes_to_the_board(structure_):
    services.summaries_expect(as_of=date(2017, 6, 1))
    MeetingFactory(body=structure_["board"], starts_at=at(date(2018, 3, 15)), is_final_of_year=True)
    report = _yearly(structure_["pmae"])
    assert [name for name, _ in report.sections] == ["progress", "assurance", "risks", "issues"]
    services.summary_save_draft(summary=report, sections={"assurance": "Audits of 40 cases.", "learning": "x"},
                                by=structure_["chair"])
    version = report.versions.get()
    assert (version.assurance, version.learning) == ("Audits of 40 cases.", "")
    services.summary_submit(summary=report, by=structure_["chair"])
    assert [r.body for r in report.receipts.all()] == [structure_["board"]]


@pytest.mark.django_db
def test_on_a_frozen_day_the_quarter_just_ended_is_expected(structure_):
    with time_machine.travel(at(date(2017, 10, 2)), tick=False):  # the Monday after the quarter ends
        services.summaries_expect()
        summary = _quarterly(structure_["pmae"], date(2017, 7, 1))
    assert (summary.period_end, summary.due_date) == (date(2017, 9, 30), date(2017, 10, 20))
    assert not Summary.objects.filter(kind=SummaryKind.QUARTERLY, period_start=date(2017, 10, 1)).exists()


@pytest.mark.django_db
def test_moving_due_dates_costs_no_query_a_row(structure_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def moved_queries(bodies):
        for n in range(bodies):
            BodyFactory(name=f"Owing group {Summary.objects.count()}-{n}", owes_quarterly_summaries=True,
                        active_from=date(2016, 4, 1))
        services.summaries_expect(as_of=date(2017, 7, 3))
        counts = ensure_deadline_settings()
        counts.quarterly_working_days = 20 if counts.quarterly_working_days != 20 else 15
        counts.save()
        with CaptureQueriesContext(connection) as ctx:
            moved = services.summaries_redate()
        assert moved == Summary.objects.filter(kind=SummaryKind.QUARTERLY).count()
        return len(ctx.captured_queries)

    assert moved_queries(3) == moved_queries(12)
