"""Each meetings page answers in a number of queries that does not grow with the data (N rows against 5N)."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Decision,
    Meeting,
    Membership,
    Organisation,
    User,
)
from bscb.models import Theme
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _people(k):
    n = [next(_serial) for _ in range(k)]
    return User.objects.bulk_create([User(email=f"q{i}@example.org", full_name=f"Person {i}", password="!") for i in n])


def _agencies(k):
    n = [next(_serial) for _ in range(k)]
    return Organisation.objects.bulk_create([Organisation(name=f"Agency q{i}", short_name=f"Q{i}") for i in n])


def _bodies(k):
    kind, _ = BodyKind.objects.get_or_create(name="Query kind")
    n = [next(_serial) for _ in range(k)]
    return Body.objects.bulk_create([Body(kind=kind, name=f"Group q{i}", short_name=f"GQ{i}") for i in n])


def _themed_decisions(meetings):
    themes = Theme.objects.bulk_create([Theme(name=f"Theme q{next(_serial)}") for _ in range(2)])
    decisions = Decision.objects.bulk_create([
        Decision(meeting=m, text=f"Decision {i}", childrens_voice="informed", childrens_voice_detail="Forum")
        for i, m in enumerate(meetings)
    ])
    through = Decision.themes.through
    through.objects.bulk_create([through(decision=d, theme=t) for d in decisions for t in themes])
    return decisions


def test_the_meeting_list(client_for, bu):
    def add(k):
        start = timezone.now() + datetime.timedelta(days=1)
        Meeting.objects.bulk_create([
            Meeting(body=body, starts_at=start + datetime.timedelta(hours=i), place="Room", is_final_of_year=i % 2 == 0)
            for i, body in enumerate(_bodies(k))
        ])

    assert_queries_do_not_grow(client_for(bu), reverse("meeting-list") + "?when=", add)


def test_a_meeting_page_with_many_attendances_agenda_items_and_themed_decisions(client_for, bu, body, past_meeting):
    def add(k):
        people, agencies = _people(k), _agencies(k)
        Attendance.objects.bulk_create([
            Attendance(meeting=past_meeting, person=p, organisation=a, status="delegate", delegate_name="D",
                       delegate_organisation=a, delegate_sufficiently_senior=True)
            for p, a in zip(people, agencies, strict=True)
        ])
        AgendaItem.objects.bulk_create([AgendaItem(meeting=past_meeting, order=i, title=f"Item {i}") for i in range(k)])
        _themed_decisions([past_meeting] * k)

    past_meeting.minutes_document.name = "minutes/x.pdf"  # the link only; nothing is read
    past_meeting.save()
    assert_queries_do_not_grow(client_for(bu), past_meeting.get_absolute_url(), add)


def test_the_attendance_form_with_many_members(client_for, chair, body, past_meeting):
    def add(k):
        people, agencies = _people(k), _agencies(k)
        Membership.objects.bulk_create([
            Membership(person=p, body=body, organisation=a, start=datetime.date(2016, 4, 1))
            for p, a in zip(people, agencies, strict=True)
        ])
        Attendance.objects.bulk_create([
            Attendance(meeting=past_meeting, person=p, organisation=a, status="present")
            for p, a in zip(people[: k // 2], agencies, strict=False)
        ])

    assert_queries_do_not_grow(client_for(chair), reverse("meeting-attendance", args=[past_meeting.pk]), add)


def test_the_decision_log(client_for, bu):
    def add(k):
        start = timezone.now() - datetime.timedelta(days=400)
        meetings = Meeting.objects.bulk_create([
            Meeting(body=body, starts_at=start + datetime.timedelta(days=i), status="held")
            for i, body in enumerate(_bodies(k))
        ])
        _themed_decisions(meetings)

    assert_queries_do_not_grow(client_for(bu), reverse("decision-log"), add)


def test_the_attendance_report(client_for, bu, body):
    meeting = Meeting.objects.create(body=body, starts_at=timezone.now() - datetime.timedelta(hours=1), status="held")

    def add(k):
        people, agencies = _people(k), _agencies(k)
        Attendance.objects.bulk_create([
            Attendance(meeting=meeting, person=p, organisation=a, status=s)
            for p, a, s in zip(people, agencies, itertools.cycle(["present", "apologies", "absent"]), strict=False)
        ])

    for by in ("organisation", "person"):
        assert_queries_do_not_grow(client_for(bu), reverse("attendance-report") + f"?by={by}", add)
