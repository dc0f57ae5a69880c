"""The demo's year of meetings, dated around today: past ones held with attendance and decisions,
future ones scheduled, the last Board meeting of the year flagged."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accountability.demo import on_grid, year_end
from accountability.models import (
    AgendaItem,
    AttendanceStatus,
    Body,
    ChildrensVoice,
    Decision,
    Meeting,
    MeetingStatus,
    User,
)
from accountability.selectors import current_members
from config.demo import demo_read

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def local_day(meeting):
    return timezone.localtime(meeting.starts_at).date()


def test_past_meetings_were_held_and_future_ones_are_scheduled():
    now = timezone.now()
    past = Meeting.objects.filter(starts_at__lte=now)
    future = Meeting.objects.filter(starts_at__gt=now)
    assert past.filter(status=MeetingStatus.HELD).count() >= 40
    assert set(past.values_list("status", flat=True)) == {MeetingStatus.HELD, MeetingStatus.CANCELLED}
    assert past.filter(status=MeetingStatus.CANCELLED).count() == 1
    assert future.count() >= 10
    assert set(future.values_list("status", flat=True)) == {MeetingStatus.SCHEDULED}


def test_the_meetings_span_a_year_around_today():
    today = timezone.localdate()
    days = [local_day(m) for m in Meeting.objects.all()]
    assert min(days) >= today - timedelta(days=365)
    assert min(days) <= today - timedelta(days=300)
    assert max(days) >= today + timedelta(days=60)


def test_each_body_meets_on_its_cadence():
    rules = {row["short_name"]: row["meetings"] for row in demo_read()["bodies"] if row.get("meetings")}
    for short_name, low, high in [("PMAE", 56, 56), ("SAPP", 56, 56), ("BPG", 21, 63), ("BSCB", 84, 98)]:
        days = sorted(local_day(m) for m in Meeting.objects.filter(body__short_name=short_name))
        # Extraordinary meetings (test_summaries.py) are off the grid: the cadence is the grid's.
        days = [day for day in days if on_grid(rules[short_name], day)]
        gaps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
        assert gaps and low <= min(gaps) and max(gaps) <= high, (short_name, gaps)
    assert not Meeting.objects.filter(body__short_name="BU").exists()


def test_every_member_has_attendance_at_every_held_meeting():
    for meeting in Meeting.objects.filter(status=MeetingStatus.HELD).select_related("body"):
        expected = {m.person_id for m in current_members(meeting.body, local_day(meeting))}
        assert set(meeting.attendances.values_list("person_id", flat=True)) == expected, meeting


def test_attendance_is_mostly_present_with_apologies_absences_and_delegates():
    from accountability.models import Attendance

    statuses = list(Attendance.objects.values_list("status", flat=True))
    assert statuses.count(AttendanceStatus.PRESENT) > 0.7 * len(statuses)
    assert {AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT, AttendanceStatus.DELEGATE} <= set(statuses)
    delegates = Attendance.objects.filter(status=AttendanceStatus.DELEGATE)
    for attendance in delegates:
        assert attendance.delegate_name and attendance.delegate_role and attendance.delegate_organisation_id
        assert attendance.delegate_sufficiently_senior is not None
    assert {True, False} == set(delegates.values_list("delegate_sufficiently_senior", flat=True))
    # Every body's meetings include a delegate (the first meeting the loader holds has one).
    for body in Body.objects.exclude(short_name="BU"):
        assert delegates.filter(meeting__body=body).exists(), body


def test_each_held_meeting_took_one_to_three_themed_decisions_with_the_childrens_voice_answered():
    for meeting in Meeting.objects.filter(status=MeetingStatus.HELD):
        assert 1 <= meeting.decisions.count() <= 3, meeting
        assert meeting.minutes
    decisions = Decision.objects.all()
    assert decisions.filter(themes__isnull=False).distinct().count() > 0.8 * decisions.count()
    informed = decisions.filter(childrens_voice=ChildrensVoice.INFORMED)
    not_applicable = decisions.filter(childrens_voice=ChildrensVoice.NOT_APPLICABLE)
    assert informed.exists() and not_applicable.exists()
    assert not informed.filter(childrens_voice_detail="").exists()
    assert not not_applicable.filter(not_applicable_reason="").exists()
    assert "{month}" not in "".join(decisions.values_list("text", flat=True))
    officer = User.objects.get(email="bu.officer@bscb.example.org")
    assert set(decisions.values_list("created_by", flat=True)) == {officer.pk}


def test_one_future_board_meeting_is_flagged_the_last_of_the_year():
    today = timezone.localdate()
    board = Meeting.objects.filter(body__short_name="BSCB")
    flagged = board.filter(is_final_of_year=True, starts_at__gt=timezone.now())
    assert flagged.count() == 1
    final = local_day(flagged.get())
    assert final.month == 3 and final <= year_end(final, 4)  # before the partnership's year ends on 31 March
    assert not board.filter(starts_at__gt=flagged.get().starts_at).exists()
    # The next 31 March's, unless no Board meeting is left before it (then the year after's).
    assert final <= year_end(today, 4) or not board.filter(starts_at__gt=timezone.now()).filter(
        starts_at__date__lte=year_end(today, 4)).exists()
    assert not Meeting.objects.exclude(body__short_name="BSCB").filter(is_final_of_year=True).exists()


def test_meetings_have_an_agenda():
    for meeting in Meeting.objects.all():
        assert meeting.agenda_items.count() >= 3, meeting


# Text that would identify a child: a name with "Child", an age, a date of birth.
IDENTIFYING = re.compile(r"\bChild [A-Z]\b|\b\d{1,2}[- ]year[- ]old\b|\baged \d|\bdate of birth\b|\bD\.?O\.?B\b", re.I)


def test_no_free_text_identifies_a_child():
    texts = []
    for decision in Decision.objects.all():
        texts += [decision.text, decision.childrens_voice_detail, decision.not_applicable_reason]
    texts += list(Meeting.objects.values_list("minutes", flat=True))
    texts += list(AgendaItem.objects.values_list("title", flat=True))
    assert texts
    assert [t for t in texts if IDENTIFYING.search(t)] == []
