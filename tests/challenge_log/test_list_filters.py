"""Issue 15 §1: the log's list filtered, combined, sorted and paged by its address, on the five entries of
known_log.py, each expected list written by hand. Read through the page, as a reader sees it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from challenge_log.models import Entry
from tests.challenge_log.known_log import known_log

pytestmark = pytest.mark.django_db

RI, S11, MASH, PRIVATE, THRESHOLDS = "Return interviews", "Section 11", "MASH capacity", "Private concern", \
    "Thresholds"


@pytest.fixture
def known(log):
    return known_log(log)


def titles(client, query: str = "") -> list[str]:
    """The titles the list page shows, in its order."""
    response = client.get(f"{reverse('entry-list')}?{query}")
    assert response.status_code == 200
    by_pk = dict(Entry.objects.values_list("pk", "title"))
    html = response.content.decode()
    return [by_pk[int(pk)] for pk in re.findall(r'<td class="govuk-table__cell"><a class="govuk-link" '
                                                r'href="/log/(\d+)/"', html)]


@pytest.fixture
def bu(client_for, log, known):
    return client_for(log["bu"])


def test_unfiltered_the_business_unit_sees_every_entry_newest_first(bu):
    assert titles(bu) == [THRESHOLDS, PRIVATE, MASH, S11, RI]


@pytest.mark.parametrize(("query", "expected"), [
    ("open=1", [THRESHOLDS, MASH, RI]),
    ("open=0", [PRIVATE, S11]),
    ("status=requested", [RI]),
    ("status=requested&status=tolerated", [THRESHOLDS, RI]),
    ("status=open&status=closed&status=withdrawn", [PRIVATE, MASH, S11]),
    ("kind=challenge", [S11, RI]),
    ("kind=concern", [PRIVATE]),
    ("raised_by_body={bpg}", [THRESHOLDS, MASH]),
    ("directed_to=agency-{police}", [RI]),
    ("directed_to=body-{bpg}", [S11]),
    ("theme={missing}", [RI]),
    ("band=low", [S11]),
    ("band=medium", [THRESHOLDS]),
    ("band=high", [RI]),
    ("band=very_high", [MASH]),
    ("overdue=yes", [RI]),
    ("due_for_review=yes", [MASH]),
    ("restricted=yes", [PRIVATE]),
    ("restricted=no", [THRESHOLDS, MASH, S11, RI]),
    ("raised_to_0=31&raised_to_1=12&raised_to_2=2025", [S11]),
    ("raised_from_0=1&raised_from_1=1&raised_from_2=2026", [THRESHOLDS, PRIVATE, MASH, RI]),
    ("likelihood=5&impact=5", [MASH]),
    ("likelihood=3", [RI]),
    ("target_likelihood=2&target_impact=2", [RI]),
    ("target_likelihood=3&target_impact=3&open=1", [MASH]),
    # Combinations narrow each other.
    ("open=1&kind=risk", [THRESHOLDS, MASH]),
    ("open=1&raised_by_body={sapp}", [RI]),
    ("kind=challenge&band=high&overdue=yes", [RI]),
    ("kind=challenge&band=low", [S11]),
    ("kind=risk&directed_to=agency-{police}", []),
    ("status=tolerated&due_for_review=yes", []),
])
def test_each_filter_and_their_combinations(bu, log, known, query, expected):
    query = query.format(bpg=log["bpg"].pk, sapp=log["sapp"].pk, police=log["police"].pk,
                         missing=known["missing"].pk)
    assert titles(bu, query) == expected


@pytest.mark.parametrize(("sort", "expected"), [
    ("score", [PRIVATE, S11, THRESHOLDS, RI, MASH]),  # unscored first going up
    ("-score", [MASH, RI, THRESHOLDS, S11, PRIVATE]),
    ("title", [MASH, PRIVATE, RI, S11, THRESHOLDS]),
    ("status", [MASH, RI, THRESHOLDS, S11, PRIVATE]),  # the lifecycle: open, requested, tolerated, closed...
    ("reference", [RI, S11, MASH, PRIVATE, THRESHOLDS]),
    ("-raised", [THRESHOLDS, PRIVATE, MASH, RI, S11]),
    ("review", [MASH, THRESHOLDS, PRIVATE, S11, RI]),  # no review date last, newest first among them
    ("nonsense", [THRESHOLDS, PRIVATE, MASH, S11, RI]),
])
def test_the_sort_is_in_the_address(bu, sort, expected):
    assert titles(bu, f"sort={sort}") == expected


def test_a_sorted_heading_links_the_other_way_round_and_keeps_the_filters(bu):
    html = bu.get(f"{reverse('entry-list')}?kind=risk&sort=score&page=1").content.decode()
    assert 'aria-sort="ascending"' in html
    assert 'href="?kind=risk&amp;sort=-score"' in html  # the same column, descending; no page number
    assert 'href="?kind=risk&amp;sort=title"' in html


def test_the_list_is_paged_with_its_filters_and_sort_kept(client_for, log, known):
    from challenge_log import services

    for number in range(30):
        services.entry_raise(data={"kind": "concern", "title": f"Concern {number:02d}", "description": "D",
                                   "raised_by_body": log["sapp"]}, by=log["chair"])
    client = client_for(log["bu"])
    first = client.get(f"{reverse('entry-list')}?kind=concern&sort=title").content.decode()
    assert "31 entries" in first and "Page 1 of 2" in first
    assert 'href="?kind=concern&amp;sort=title&amp;page=2"' in first
    assert titles(client, "kind=concern&sort=title&page=2") == [f"Concern {n:02d}" for n in range(25, 30)] + [
        PRIVATE]


def test_a_filter_that_is_not_a_choice_is_explained_beside_its_field(bu):
    html = bu.get(f"{reverse('entry-list')}?band=purple&kind=risk").content.decode()
    assert "Choose a score band from the list" in html and 'id="id_band-error"' in html
    assert "<title>Error: Challenge and risk log" in html


def test_a_half_typed_date_is_refused_and_kept(bu):
    html = bu.get(f"{reverse('entry-list')}?raised_from_0=1&raised_from_1=&raised_from_2=2026").content.decode()
    assert "The first date must include a month" in html
    assert re.search(r'name="raised_from_2"[^>]*value="2026"', html)


def test_restricted_entries_never_reach_a_reader_who_may_not_read_them(client_for, log, known):
    """A member of the raising sub group (not its chair) reads the log without the restricted concern: not
    through a filter that names it, nor in a count; and she is not offered the restricted filter."""
    member = client_for(log["member"])
    assert titles(member) == [THRESHOLDS, MASH, S11, RI]
    assert titles(member, "restricted=yes") == [THRESHOLDS, MASH, S11, RI]  # not offered: ignored
    assert titles(member, "kind=concern") == []
    assert titles(member, "status=withdrawn") == []
    assert titles(member, "open=0") == [S11]
    html = member.get(reverse("entry-list")).content.decode()
    assert "4 entries" in html and 'name="restricted"' not in html and PRIVATE not in html
    assert 'name="restricted"' in client_for(log["bu"]).get(reverse("entry-list")).content.decode()
    # Her sub group's chair reads it (she chairs the body that raised it), and counts it.
    chair = client_for(log["chair"])
    assert titles(chair, "kind=concern") == [PRIVATE]


def test_overdue_and_review_follow_today(bu, log, known):
    """The request due yesterday is overdue; answered, it is not. A review due today is due."""
    from challenge_log import services

    request = known["entries"][RI].requests.get()
    services.assurance_answer(request=request, text="All offered.", by=log["lead"])
    assert titles(bu, "overdue=yes") == []
    Entry.objects.filter(title=THRESHOLDS).update(next_review_on=timezone.localdate())
    assert titles(bu, "due_for_review=yes") == [THRESHOLDS, MASH]
    Entry.objects.filter(title=THRESHOLDS).update(next_review_on=timezone.localdate() + timedelta(days=1))
    assert titles(bu, "due_for_review=yes") == [MASH]


def test_the_bands_follow_the_log_settings(bu):
    from challenge_log.models import LogSettings

    LogSettings.objects.update_or_create(pk=1, defaults={"low_up_to": 6, "medium_up_to": 12, "high_up_to": 20})
    assert titles(bu, "band=low") == [THRESHOLDS, S11]
    assert titles(bu, "band=medium") == [RI]
    assert titles(bu, "band=very_high") == [MASH]


def test_the_lists_queries_do_not_grow_filtered_and_sorted(client_for, log, known):
    from tests.challenge_log.bulk import add_entries
    from tests.helpers.queries import assert_queries_do_not_grow

    url = f"{reverse('entry-list')}?open=1&kind=challenge&band=high&overdue=yes&sort=-score&theme=" \
          f"{known['missing'].pk}"
    assert_queries_do_not_grow(client_for(log["member"]), url, add_entries(log), n=10)
    assert_queries_do_not_grow(client_for(log["bu"]), reverse("entry-list") + "?sort=status",
                               add_entries(log, year=1991), n=10)
