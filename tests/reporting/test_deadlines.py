"""The three deadline rules in one module (reporting/deadlines.py), with the day counts an administrator
sets in the admin (one DeadlineSettings row): a count changed there moves the due dates of unsubmitted
drafts, through the service; reading the counts writes nothing; the environment no longer holds them."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from accountability import services as structure
from accountability.models import BodyFunction, Function
from bscb.periods import Period
from bscb.services import NotAllowed
from reporting import deadlines, services
from reporting.models import DeadlineSettings, Summary, SummaryKind
from tests.factories import BodyFactory, MeetingFactory, UserFactory, business_unit, member_of
from tests.helpers.writes import assert_no_writes

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
COUNTS = ("summary_working_days", "quarterly_working_days", "yearly_days_before")


def at(day: date, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def counts_of(row):
    return tuple(getattr(row, name) for name in COUNTS)


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def owed():
    """PMAE owes all three kinds; a summary due (a draft) and one submitted; the Apr-Jun 2017 quarterly
    summary and the 2017-18 yearly report, due before the Board's last meeting of the year."""
    bu = business_unit()
    board = BodyFactory(name="Safeguarding Board", short_name="Board")
    BodyFunction.objects.create(body=board, function=Function.RECEIVES_YEARLY)
    MeetingFactory(body=board, starts_at=at(date(2018, 3, 15)), is_final_of_year=True)
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True, owes_quarterly_summaries=True,
                       owes_yearly_assurance=True, active_from=date(2016, 4, 1))
    chair = member_of(pmae, role="chair")
    meetings = [MeetingFactory(body=pmae, starts_at=at(day)) for day in (date(2017, 3, 29), date(2017, 5, 3))]
    for meeting in meetings:
        structure.meeting_mark_held(meeting=meeting, by=bu)
    submitted = Summary.objects.get(meeting=meetings[1])
    services.summary_save_draft(summary=submitted, sections={"progress": "Done."}, by=chair)
    services.summary_submit(summary=submitted, by=chair)
    services.summaries_expect(as_of=date(2017, 7, 3))
    return {
        "draft": Summary.objects.get(meeting=meetings[0]), "submitted": submitted,
        "quarterly": Summary.objects.get(kind=SummaryKind.QUARTERLY, period_start=date(2017, 4, 1)),
        "yearly": Summary.objects.get(kind=SummaryKind.YEARLY, period_start=date(2017, 4, 1)),
    }


def due_dates(owed):
    return {name: Summary.objects.get(pk=summary.pk).due_date for name, summary in owed.items()}


# --- the rules ------------------------------------------------------------------------------------

def test_the_three_rules_with_the_default_counts():
    counts = deadlines.deadline_counts()
    assert counts_of(counts) == (15, 15, 14)
    assert deadlines.summary_due_date(MeetingFactory.build(starts_at=at(date(2017, 3, 29)))) \
        == date(2017, 4, 21)  # Good Friday and Easter Monday skipped
    # The quarter to December 2026 crosses Christmas, Boxing Day and New Year's Day.
    assert deadlines.quarterly_due_date(Period(date(2026, 10, 1), date(2026, 12, 31))) == date(2027, 1, 22)
    # 14 days before 15 March 2018 is a Thursday; before 8 January 2027 it is Christmas Day: the day before.
    assert deadlines.yearly_due_date(MeetingFactory.build(starts_at=at(date(2018, 3, 15)))) == date(2018, 3, 1)
    assert deadlines.yearly_due_date(MeetingFactory.build(starts_at=at(date(2027, 1, 8)))) == date(2026, 12, 24)


def test_the_rules_read_the_administrators_counts():
    DeadlineSettings.objects.filter(pk=DeadlineSettings.PK).update(
        summary_working_days=5, quarterly_working_days=10, yearly_days_before=21)
    assert deadlines.summary_due_date(MeetingFactory.build(starts_at=at(date(2017, 3, 29)))) == date(2017, 4, 5)
    assert deadlines.quarterly_due_date(Period(date(2017, 4, 1), date(2017, 6, 30))) == date(2017, 7, 14)
    # 21 days before Friday 26 May 2017 is Friday 5 May; 3 days before Tuesday 2 May 2017 is Saturday
    # 29 April, before the May bank holiday: Friday 28 April.
    assert deadlines.yearly_due_date(MeetingFactory.build(starts_at=at(date(2017, 5, 26)))) == date(2017, 5, 5)
    DeadlineSettings.objects.update(yearly_days_before=3)
    assert deadlines.yearly_due_date(MeetingFactory.build(starts_at=at(date(2017, 5, 2)))) == date(2017, 4, 28)


def test_the_one_row_is_made_after_migrate_and_reading_it_writes_nothing():
    assert counts_of(DeadlineSettings.objects.get()) == (15, 15, 14)  # made by post_migrate
    DeadlineSettings.objects.all().delete()
    with assert_no_writes():
        counts = deadlines.deadline_counts()
        assert deadlines.summary_due_date(MeetingFactory.build(starts_at=at(date(2017, 3, 29)))) == date(2017, 4, 21)
    assert counts_of(counts) == (15, 15, 14) and not DeadlineSettings.objects.exists()
    deadlines.ensure_deadline_settings()
    deadlines.ensure_deadline_settings()
    assert DeadlineSettings.objects.count() == 1


def test_the_counts_are_no_longer_in_the_environment():
    names = ("SUMMARY_DUE_WORKING_DAYS", "QUARTERLY_DUE_WORKING_DAYS", "YEARLY_DUE_DAYS_BEFORE")
    assert not [name for name in names if hasattr(settings, name)]
    root = Path(settings.BASE_DIR)
    files = [root / ".env.example", root / "docker-compose.yml", *sorted((root / "config" / "settings").glob("*.py"))]
    assert not [(path.name, name) for path in files for name in names if name in path.read_text()]


# --- changing a count ----------------------------------------------------------------------------

def test_a_count_changed_moves_the_unsubmitted_drafts_only(owed, admin_user):
    assert due_dates(owed) == {"draft": date(2017, 4, 21), "submitted": date(2017, 5, 24),
                               "quarterly": date(2017, 7, 21), "yearly": date(2018, 3, 1)}
    row, moved = services.deadline_settings_update(summary_working_days=5, quarterly_working_days=10,
                                                   yearly_days_before=21, by=admin_user)
    assert moved == 3 and counts_of(row) == (5, 10, 21) and counts_of(DeadlineSettings.objects.get()) == (5, 10, 21)
    assert due_dates(owed) == {"draft": date(2017, 4, 5), "submitted": date(2017, 5, 24),
                               "quarterly": date(2017, 7, 14), "yearly": date(2018, 2, 22)}
    assert owed["draft"].history.first().due_date == date(2017, 4, 5)  # moved with its history
    assert DeadlineSettings.history.first().history_user == admin_user
    # Saved again unchanged: nothing moves, nothing is written.
    with assert_no_writes():
        assert services.deadline_settings_update(summary_working_days=5, quarterly_working_days=10,
                                                 yearly_days_before=21, by=admin_user)[1] == 0


def test_only_an_administrator_may_change_the_counts_and_only_within_bounds(owed, admin_user):
    with pytest.raises(NotAllowed, match=services.NOT_ADMINISTRATOR):
        services.deadline_settings_update(summary_working_days=5, quarterly_working_days=15, yearly_days_before=14,
                                          by=business_unit())
    with pytest.raises(ValidationError) as error:
        services.deadline_settings_update(summary_working_days=0, quarterly_working_days=61, yearly_days_before=14,
                                          by=admin_user)
    assert set(error.value.message_dict) == {"summary_working_days", "quarterly_working_days"}
    assert counts_of(DeadlineSettings.objects.get()) == (15, 15, 14)
    assert due_dates(owed)["draft"] == date(2017, 4, 21)


# --- the admin -----------------------------------------------------------------------------------

def test_the_administrator_edits_the_one_row_in_the_admin_and_the_drafts_follow(owed, admin_user, client_for):
    client = client_for(admin_user)
    change = reverse("admin:reporting_deadlinesettings_change", args=[DeadlineSettings.PK])
    assert client.get(reverse("admin:reporting_deadlinesettings_changelist"))["Location"] == change
    page = client.get(change).content.decode()
    for field in DeadlineSettings._meta.get_fields():
        if field.name in COUNTS:
            assert str(field.help_text) in page  # the admin shows help text as it is
    assert client.get(reverse("admin:reporting_deadlinesettings_add")).status_code == 403
    assert client.get(reverse("admin:reporting_deadlinesettings_delete", args=[DeadlineSettings.PK])).status_code \
        == 403
    # A count out of bounds: the message beside the field, nothing saved, nothing moved.
    page = client.post(change, {"summary_working_days": "0", "quarterly_working_days": "15",
                                "yearly_days_before": "14", "_save": "Save"})
    assert page.status_code == 200 and "Ensure this value is greater than or equal to 1." in page.content.decode()
    assert counts_of(DeadlineSettings.objects.get()) == (15, 15, 14)
    response = client.post(change, {"summary_working_days": "5", "quarterly_working_days": "10",
                                    "yearly_days_before": "21", "_save": "Save"}, follow=True)
    assert "3 unsubmitted due dates moved to the new rules." in response.content.decode()
    assert counts_of(DeadlineSettings.objects.get()) == (5, 10, 21)
    assert due_dates(owed) == {"draft": date(2017, 4, 5), "submitted": date(2017, 5, 24),
                               "quarterly": date(2017, 7, 14), "yearly": date(2018, 2, 22)}
    assert DeadlineSettings.history.first().history_user == admin_user


def test_staff_without_the_permission_cannot_open_the_settings(client_for):
    client = client_for(UserFactory(is_staff=True))
    assert client.get(reverse("admin:reporting_deadlinesettings_change", args=[DeadlineSettings.PK])).status_code \
        == 403


def test_the_yearly_page_states_the_administrators_count(client_for):
    board = BodyFactory(name="Safeguarding Board", short_name="Board")
    BodyFunction.objects.create(body=board, function=Function.RECEIVES_YEARLY)
    body = BodyFactory(owes_yearly_assurance=True, owes_quarterly_summaries=True)
    services.summaries_expect()
    DeadlineSettings.objects.update(yearly_days_before=21, quarterly_working_days=10)
    client = client_for(member_of(body))
    assert "due 21 days before the Safeguarding Board's last meeting" in client.get(reverse("yearly-overview")) \
        .content.decode()
    assert "due 10 working days after the quarter ends" in client.get(reverse("quarterly-overview")).content.decode()
