"""Issue 15 §2: the heat map counts the open entries a reader may see, by likelihood and impact, now and as
targeted; each count opens the log's list filtered to its cell; a restricted entry counts only for its readers."""

import re

import pytest
from django.urls import reverse

from challenge_log import services
from challenge_log.models import LogSettings
from challenge_log.overview import heat_map

pytestmark = pytest.mark.django_db


def _raise(log, by="chair", body="sapp", **data):
    data = {"title": "T", "description": "D", "raised_by_body": log[body], **data}
    return services.entry_raise(data=data, by=log[by])


@pytest.fixture
def known(log):
    """Seven entries: four open that everyone sees, one open restricted to the BPG's readers, two ended."""
    _raise(log, kind="challenge", organisation=log["police"], likelihood=3, impact=4, target_likelihood=1,
           target_impact=2)
    _raise(log, kind="risk", likelihood=3, impact=4, target_likelihood=1, target_impact=2)
    _raise(log, kind="risk", likelihood=5, impact=5)
    _raise(log, kind="concern")
    _raise(log, by="bpg_member", body="bpg", kind="risk", likelihood=2, impact=2, target_likelihood=1,
           target_impact=1, restricted=True)
    closed = _raise(log, kind="risk", likelihood=3, impact=4)
    services.entry_close(entry=closed, reason="Treated.", by=log["bu"])
    withdrawn = _raise(log, kind="concern", likelihood=1, impact=1)
    services.entry_withdraw(entry=withdrawn, reason="In error.", by=log["bu"])
    return log


def test_the_grids_count_open_entries_by_likelihood_and_impact(known):
    found = heat_map(known["stranger"])
    assert found.current == {(3, 4): 2, (5, 5): 1}
    assert found.target == {(1, 2): 2}
    assert (found.open, found.unscored, found.untargeted) == (4, 1, 2)


def test_a_restricted_entry_counts_only_for_those_who_may_read_it(known):
    for reader in ("bu", "bpg_chair"):
        found = heat_map(known[reader])
        assert found.current == {(3, 4): 2, (5, 5): 1, (2, 2): 1}, reader
        assert found.target == {(1, 2): 2, (1, 1): 1}, reader
        assert found.open == 5, reader
    # The BPG's chair may read it (she chairs the body that raised it); the sub group's chair may not.
    assert heat_map(known["chair"]).current == {(3, 4): 2, (5, 5): 1}


def _cell(page, grid, likelihood, impact):
    """The text of one cell of a grid's table (likelihood 5 is its first row, impact 1 its first column)."""
    table = re.search(rf'<table[^>]*id="table-{grid}".*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]
    cells = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>', rows[5 - likelihood],
                       re.S)
    return cells[impact - 1]


def test_each_count_links_to_the_list_filtered_to_its_cell(client_for, known):
    page = client_for(known["stranger"]).get(reverse("log-heat-map")).content.decode()
    assert 'href="/log/?open=1&amp;likelihood=3&amp;impact=4">2<' in _cell(page, "current", 3, 4)
    assert 'href="/log/?open=1&amp;target_likelihood=1&amp;target_impact=2">2<' in _cell(page, "target", 1, 2)
    assert _cell(page, "current", 2, 2) == "0"  # the restricted entry is not counted for the stranger
    assert "The 4 open entries you may see" in page
    assert "1 has no current score and 2 no target score" in page


def test_the_pictures_are_svg_with_a_name_and_the_labels_from_the_admin(client_for, known):
    LogSettings.objects.update_or_create(pk=1, defaults={
        "likelihood_labels": ["Rare", "Unlikely", "Possible", "Likely", "Near <certain>"],
        "impact_labels": ["Tiny", "Minor", "Moderate", "Major", "Severe"]})
    page = client_for(known["bu"]).get(reverse("log-heat-map")).content.decode()
    svgs = re.findall(r"<svg [^>]*role=\"group\".*?</svg>", page, re.S)
    assert len(svgs) == 2
    assert 'aria-labelledby="heat-current-title"' in svgs[0] and "<title id=\"heat-current-title\">" in svgs[0]
    assert "5 Near &lt;certain&gt;" in svgs[0] and "1 Tiny" in svgs[1]  # the admin's labels, escaped
    assert "style" not in "".join(svgs) and "<script" not in "".join(svgs)


def test_the_heat_maps_queries_do_not_grow_with_the_log(client_for, log):
    from tests.helpers.queries import assert_queries_do_not_grow

    def add(n):
        for i in range(n):
            _raise(log, kind="risk", likelihood=1 + i % 5, impact=1 + i % 3, target_likelihood=1, target_impact=1,
                   restricted=i % 2 == 0)

    assert_queries_do_not_grow(client_for(log["member"]), reverse("log-heat-map"), add, n=3)
