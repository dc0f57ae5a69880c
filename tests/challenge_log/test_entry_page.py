"""Issue 14 §4: an entry's page shows its timeline, requests and answers, with a number of queries that does
not grow with the timeline; a restricted entry refuses whoever the design leaves out."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenge_log import services
from challenge_log.models import Kind
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _entry(log, restricted=False):
    return services.entry_raise(data={
        "kind": Kind.RISK, "title": "Capacity of the MASH", "description": "Referrals rising.",
        "raised_by_body": log["bpg"], "likelihood": 4, "impact": 5, "restricted": restricted}, by=log["bpg_member"])


def test_the_page_shows_the_timeline_with_who_and_when(client_for, log):
    entry = _entry(log)
    services.risk_review(entry=entry, likelihood=3, impact=5, commentary="Two more social workers.",
                         next_review_on=timezone.localdate() + datetime.timedelta(days=30), by=log["bpg_chair"])
    page = client_for(log["stranger"]).get(reverse("entry-detail", args=[entry.pk])).content.decode()
    assert entry.reference in page and "Capacity of the MASH" in page
    assert "Raised" in page and "by Ben Member" in page
    assert "Reviewed" in page and "by Bea Chair" in page and "Two more social workers." in page
    assert "15 (Medium)" not in page and "15 (High)" in page  # the default bands: up to 16 is high


def test_a_restricted_entry_is_refused_to_a_member_of_another_body(client_for, log):
    entry = _entry(log, restricted=True)
    url = reverse("entry-detail", args=[entry.pk])
    assert client_for(log["stranger"]).get(url).status_code == 403
    assert client_for(log["bpg_chair"]).get(url).status_code == 200


def test_the_pages_queries_do_not_grow_with_the_timeline(client_for, log):
    entry = _entry(log)
    client = client_for(log["bu"])

    def add(n):
        for i in range(n):
            services.risk_review(entry=entry, likelihood=3, impact=3, commentary=f"Review {i}.", next_review_on=None,
                                 by=log["bpg_chair"])

    assert_queries_do_not_grow(client, reverse("entry-detail", args=[entry.pk]), add, n=3)
