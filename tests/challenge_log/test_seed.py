"""Issue 14 §6: `seed_scale --factor N` makes N x 1,000 log entries with their timelines, numbered after the real
ones in the year's counter, topped up idempotently; the log's list answers in as many queries at 1,000 as at 5,000."""

import pytest
from django.urls import reverse

from challenge_log.models import Entry, ReferenceCounter, Step
from challenge_log.seed import seed as log_seed
from config.seeding import seed_scale
from tests.helpers.queries import queries_for

pytestmark = pytest.mark.django_db


def test_the_log_is_seeded_with_timelines_and_topped_up(log):
    from challenge_log import services

    real = services.entry_raise(data={"kind": "concern", "title": "Real", "description": "D",
                                      "raised_by_body": log["sapp"]}, by=log["chair"])
    counts = seed_scale(1)
    assert counts["log entries"] == 1000 and Entry.objects.filter(title__startswith="Seeded entry ").count() == 1000
    assert Step.objects.count() >= 2000
    assert Entry.objects.filter(kind="challenge", requests__isnull=False).distinct().count() == 500
    numbers = sorted(Entry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 1002)) and real.number == 1
    assert ReferenceCounter.objects.get(year=real.year).last == 1001
    assert log_seed(1) == {"log entries": 0}


def test_the_lists_queries_do_not_grow_from_one_to_five_thousand(client_for, log):
    seed_scale(1)
    client = client_for(log["stranger"])
    url = reverse("entry-list")
    client.get(url)
    at_1000, _ = queries_for(client, url)
    log_seed(5)
    client.get(url)
    at_5000, sql = queries_for(client, url)
    assert at_5000 == at_1000, sql
