"""`seed_scale --factor N` adds the structure's records at scale, tops up idempotently, and gives
the benchmark the records its pages name."""

import importlib.util
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from accountability.models import (
    Attendance,
    AttendanceStatus,
    Body,
    Decision,
    Meeting,
    MeetingStatus,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from accountability.seed import seed
from config.seeding import seed_scale

pytestmark = pytest.mark.django_db

BENCH_PAGES = Path(__file__).resolve().parents[2] / "bench" / "pages.py"


def seeded():
    return {
        "users": User.objects.filter(email__startswith="seed.").count(),
        "organisations": Organisation.objects.filter(name__startswith="Seeded agency ").count(),
        "bodies": Body.objects.filter(kind__name="Seeded group").count(),
        # The bench reader's seat in the business unit (issue 18, reporting/seed.py) is made once, not per factor.
        "memberships": Membership.objects.exclude(person__email="bench@bench.example.org").count(),
        "meetings": Meeting.objects.count(),
        "attendances": Attendance.objects.count(),
        "decisions": Decision.objects.count(),
    }


def test_factor_one_gives_the_proportions_of_factor_ten():
    """At 10: about 100 bodies, 2,000 people and 5,000 meetings; at 1, a tenth of each."""
    assert not Body.objects.exists()  # the demo module's data was rolled back
    counts = seed(1)
    assert seeded() == counts == {
        "users": 200, "organisations": 3, "bodies": 10, "memberships": 130, "meetings": 500,
        "attendances": 400 * 13, "decisions": 800,
    }
    assert Meeting.objects.filter(status=MeetingStatus.HELD).count() == 400
    assert OrganisationLead.objects.count() == 3
    # Every held meeting has every member's attendance; scheduled ones have none.
    per_meeting = Meeting.objects.filter(status=MeetingStatus.HELD).annotate(n=Count("attendances"))
    assert set(per_meeting.values_list("n", flat=True)) == {13}
    assert not Attendance.objects.filter(meeting__status=MeetingStatus.SCHEDULED).exists()
    statuses = set(Attendance.objects.values_list("status", flat=True))
    assert statuses == set(AttendanceStatus.values)
    assert not Decision.objects.filter(themes__isnull=True).exists()


def test_seeded_people_cannot_sign_in():
    seed(1)
    assert not any(u.has_usable_password() for u in User.objects.filter(email__startswith="seed."))


def test_a_second_run_at_the_same_factor_adds_nothing_and_a_higher_factor_tops_up():
    call_command("seed_scale", "--factor", "1", stdout=StringIO())
    first = seeded()
    out = StringIO()
    call_command("seed_scale", "--factor", "1", stdout=out)
    assert seeded() == first
    assert "0 users, 0 organisations, 0 bodies, 0 memberships, 0 meetings" in out.getvalue()
    call_command("seed_scale", "--factor", "2", stdout=StringIO())
    assert seeded() == {what: 2 * n for what, n in first.items()}
    # Each body the top-up added is whole: 13 members, 50 meetings.
    bodies = Body.objects.filter(kind__name="Seeded group").annotate(
        members=Count("memberships", distinct=True), meetings_n=Count("meetings", distinct=True))
    assert {(b.members, b.meetings_n) for b in bodies} == {(13, 50)}


def test_seeded_groups_do_not_sit_on_the_demo_bpg(demo_in_test):
    """Seeded bodies have a kind of their own, so their chairs never take derived seats."""
    from accountability.selectors import current_members

    bpg = Body.objects.get(short_name="BPG")
    before = len(current_members(bpg))
    seed(1)
    assert len(current_members(bpg)) == before


def load_bench_pages():
    spec = importlib.util.spec_from_file_location("bench_pages", BENCH_PAGES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_pages_resolve_to_a_body_and_a_held_meeting_and_open(client_for):
    pages = load_bench_pages()
    names = [page[0] for page in pages.PAGES]
    assert names[0] == "bare" and {"bodies", "body", "meeting", "decisions"} <= set(names)
    seed_scale(1)  # every app's scale data: the plan pages need the plan's
    values = pages.placeholders()
    body = Body.objects.get(pk=values["body"])
    meeting = Meeting.objects.get(pk=values["meeting"])
    assert body.memberships.exists() and body.meetings.exists()
    assert meeting.body == body and meeting.status == MeetingStatus.HELD
    assert meeting.attendances.exists() and meeting.decisions.exists()
    # The bench user, as the seed leaves it: seated in the business unit (issue 18: the dashboards open for it).
    # A page that names its reader (a home page, a dashboard, the sign-off queue) opens for that reader.
    emails = {"": "bench@bench.example.org", **pages.readers()}
    for name, path, *reader in pages.PAGES:
        client = client_for(User.objects.get(email=emails[reader[0] if reader else ""]))
        response = client.get(path.format(**values))
        assert response.status_code == 200, (name, path, reader)
