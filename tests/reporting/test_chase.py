"""Summaries in the chase: the chair on the due day; the business unit and the monitoring chair
once it is late; nothing once it is submitted; a second run sends nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accountability import services as structure
from accountability.models import BodyFunction, Function
from notifications.services import chase
from reporting import services
from reporting.models import Summary
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SECTIONS = {"progress": "Two audits finished."}


@pytest.fixture
def setting():
    bu = business_unit()
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    bpg_chair = member_of(bpg, role="chair")
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True)
    chair = member_of(pmae, role="chair")
    meeting = MeetingFactory(body=pmae, starts_at=datetime(2017, 3, 29, 10, tzinfo=LONDON))
    structure.meeting_mark_held(meeting=meeting, by=bu)
    return {"bu": bu, "bpg_chair": bpg_chair, "chair": chair, "summary": Summary.objects.get(meeting=meeting)}


def _sent_to(result):
    return {user_id for _key, _step, user_id in result.sent}


def test_the_chair_is_reminded_on_the_due_day_and_only_once(setting):
    assert setting["summary"].due_date == date(2017, 4, 21)
    result = chase(as_of=date(2017, 4, 21))
    assert _sent_to(result) == {setting["chair"].pk}
    assert chase(as_of=date(2017, 4, 21)).sent == []


def test_when_late_the_business_unit_and_the_monitoring_chair_are_told_too(setting):
    result = chase(as_of=date(2017, 5, 10))  # 12 working days late (the May bank holiday skipped)
    assert _sent_to(result) == {setting["chair"].pk, setting["bu"].pk, setting["bpg_chair"].pk}
    assert all(key == f"summary:{setting['summary'].pk}" for key, _step, _user in result.sent)


def test_a_submitted_summary_is_not_chased(setting):
    summary, chair = setting["summary"], setting["chair"]
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    assert chase(as_of=date(2017, 5, 10)).sent == []


def test_a_nominated_member_owns_the_draft(setting):
    summary = setting["summary"]
    member = member_of(summary.body)
    services.summary_nominate(summary=summary, person=member, by=setting["chair"])
    assert _sent_to(chase(as_of=date(2017, 4, 21))) == {member.pk}


def test_a_body_with_no_meeting_recorded_is_chased_to_the_business_unit(setting):
    from reporting.dues import NO_MEETING

    quiet = BodyFactory(name="Quiet group", short_name="QG", owes_summaries=True, meeting_cadence_weeks=4,
                        active_from=date(2017, 1, 2))
    # A meeting scheduled and never recorded as held does not count as a meeting.
    MeetingFactory(body=quiet, starts_at=datetime(2017, 4, 3, 10, tzinfo=LONDON), status="scheduled")
    result = chase(as_of=date(2017, 4, 21))
    flagged = {(key, user) for key, _step, user in result.sent if key.startswith(NO_MEETING)}
    # Weeks past its cadence: the business unit, and by now the monitoring chair too.
    key = f"{NO_MEETING}:{quiet.pk}:2017-01-02"
    assert flagged == {(key, setting["bu"].pk), (key, setting["bpg_chair"].pk)}
    assert chase(as_of=date(2017, 4, 21)).sent == []
    # Once a meeting is held the flag is gone, and its summary is chased instead.
    meeting = MeetingFactory(body=quiet, starts_at=datetime(2017, 4, 20, 10, tzinfo=LONDON))
    structure.meeting_mark_held(meeting=meeting, by=setting["bu"])
    assert not [key for key, _s, _u in chase(as_of=date(2017, 4, 24)).sent if key.startswith(NO_MEETING)]


def test_remind_now_for_a_summary_reaches_its_chair(setting, run_tasks, django_capture_on_commit_callbacks):
    from django.core import mail

    from notifications.services import remind_now

    with django_capture_on_commit_callbacks(execute=True):
        result = remind_now(f"summary:{setting['summary'].pk}", by=setting["bu"], as_of=date(2017, 4, 3))
    assert [r.recipient_id for r in result.reminders] == [setting["chair"].pk]
    assert mail.outbox[-1].to == [setting["chair"].email]
