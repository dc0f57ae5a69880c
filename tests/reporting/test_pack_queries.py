"""The papers page, the pack page and the pack's PDF answer in a number of queries that does not grow with the
data: papers (restricted and not), summaries received, escalated entries and actions awaiting ratification, at N
and at 5N rows."""

import datetime
from itertools import count

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.helpers.queries import assert_queries_do_not_grow
from tests.reporting import pack_data as data

pytestmark = pytest.mark.django_db


def _adder(known):
    from challenge_log.models import Entry, Escalation
    from plan.action_models import Action
    from reporting.models import MeetingPaper, Summary, SummaryReceipt, SummaryVersion

    numbers = count(1)
    meeting, board, sub_group = known["meeting"], known["board"], known["sub_group"]
    submitted = timezone.now() - datetime.timedelta(days=5)

    def add(n):
        made = [next(numbers) for _ in range(n)]
        MeetingPaper.objects.bulk_create([MeetingPaper(meeting=meeting, title=f"Paper {i}", order=10 + i,
                                                       url="/quarterly/", restricted=i % 2 == 0) for i in made])
        summaries = Summary.objects.bulk_create([
            Summary(body=sub_group, kind="quarterly", period_start=datetime.date(1900 + i, 4, 1),
                    period_end=datetime.date(1900 + i, 6, 30), status="submitted", submitted_on=submitted)
            for i in made])
        SummaryVersion.objects.bulk_create([SummaryVersion(summary=s, number=1, progress="Done.")
                                            for s in summaries])
        SummaryReceipt.objects.bulk_create([SummaryReceipt(summary=s, body=board) for s in summaries])
        entries = Entry.objects.bulk_create([
            Entry(reference=f"CRL-1990-{i:04d}", year=1990, number=i, kind="risk", title=f"Risk {i}",
                  description="D", raised_by_body=sub_group, raised_by=known["sub_chair"], restricted=i % 2 == 0)
            for i in made])
        Escalation.objects.bulk_create([Escalation(entry=e, to_body=board, reason="R") for e in entries])
        Action.objects.bulk_create([Action(body=sub_group, description=f"Action {i}", due_on=submitted.date(),
                                           status="signed_off") for i in made])

    return add


@pytest.fixture
def known(db):
    return data.known_pack()


@pytest.mark.parametrize("who", ["bu", "outsider"])
@pytest.mark.parametrize("name", ["paper-list", "pack-page"])
def test_the_pages_queries_do_not_grow(known, name, who):
    client = Client()
    client.force_login(known[who])
    assert_queries_do_not_grow(client, reverse(name, args=[known["meeting"].pk]), _adder(known), n=5)


def test_the_pdfs_queries_do_not_grow(known):
    client = Client()
    client.force_login(known["board_member"])
    assert_queries_do_not_grow(client, reverse("pack-download", args=[known["meeting"].pk]), _adder(known), n=2)
