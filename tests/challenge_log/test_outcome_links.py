"""Issue 14 §1: an entry is linked to outcomes of the plan in force. The plan holds the links (DESIGN.md: the
plan reads the log, never the reverse) and registers them with challenge_log.links, so the log's form offers the
plan in force's outcomes, the entry's page lists them, and each outcome's page lists its entries, a restricted
one only for those who may read it."""

import pytest
from django.urls import reverse

from challenge_log import services
from challenge_log.models import Entry, Kind, StepKind
from plan.models import Outcome, Plan, PlanStatus, Priority
from tests.helpers.forms import error_summary, opened, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes():
    old = Plan.objects.create(title="Plan 2013-16", first_year=2013, last_year=2016, status=PlanStatus.CLOSED)
    Outcome.objects.create(priority=Priority.objects.create(plan=old, number=1, statement="Old."), code="9.9",
                           statement="An outcome of a plan no longer in force.")
    plan = Plan.objects.create(title="Plan 2016-18", first_year=2016, last_year=2018, status=PlanStatus.ACTIVE)
    priority = Priority.objects.create(plan=plan, number=1, statement="Keep children safe.")
    return {code: Outcome.objects.create(priority=priority, code=code, order=n, statement=statement)
            for n, (code, statement) in enumerate([("1.1", "Missing children are found and heard."),
                                                   ("1.2", "Exploitation is disrupted.")], start=1)}


def _ok(response):
    assert response.status_code == 302, error_summary(response.content.decode())


def test_a_chair_links_outcomes_as_she_raises_and_changes_an_entry(client_for, log, outcomes):
    chair = client_for(log["chair"])
    form = chair.get(reverse("entry-create")).content.decode()
    assert "1.1 Missing children are found and heard." in form and "9.9" not in form
    _ok(post_form(chair, reverse("entry-create"), {
        "kind": "challenge", "raised_by_body": str(log["sapp"].pk), "title": "Return interviews",
        "description": "Not offered within 72 hours.", "organisation": str(log["police"].pk),
        "outcomes": [str(outcomes["1.1"].pk), str(outcomes["1.2"].pk)]}))
    entry = Entry.objects.get()
    page = chair.get(entry.get_absolute_url()).content.decode()
    assert f'href="{outcomes["1.1"].get_absolute_url()}">1.1 Missing children' in page
    assert f'href="{outcomes["1.2"].get_absolute_url()}">1.2 Exploitation' in page
    assert entry.reference in chair.get(outcomes["1.2"].get_absolute_url()).content.decode()

    data = opened(chair, reverse("entry-edit", args=[entry.pk]))
    assert data["outcomes"] == [str(outcomes["1.1"].pk), str(outcomes["1.2"].pk)]
    _ok(chair.post(reverse("entry-edit", args=[entry.pk]), {**data, "outcomes": [str(outcomes["1.1"].pk)]}))
    assert entry.reference not in chair.get(outcomes["1.2"].get_absolute_url()).content.decode()
    assert entry.reference in chair.get(outcomes["1.1"].get_absolute_url()).content.decode()
    assert list(entry.steps.values_list("kind", flat=True)) == [StepKind.RAISED, StepKind.EDITED]


def test_an_outcome_lists_a_restricted_entry_only_for_those_who_may_read_it(client_for, log, outcomes):
    entry = services.entry_raise(data={"kind": Kind.CONCERN, "title": "Private fostering", "description": "Low.",
                                       "raised_by_body": log["sapp"], "restricted": True},
                                 links={"outcomes": [outcomes["1.1"]]}, by=log["chair"])
    url = outcomes["1.1"].get_absolute_url()
    assert entry.reference in client_for(log["chair"]).get(url).content.decode()
    assert entry.reference in client_for(log["bu"]).get(url).content.decode()
    page = client_for(log["board_member"]).get(url).content.decode()
    assert entry.reference not in page and "Private fostering" not in page
    assert "No entry of the challenge and risk log that you may read is linked" in page


def test_the_log_filters_by_an_outcome(client_for, log, outcomes):
    def raise_(title, *linked):
        return services.entry_raise(data={"kind": Kind.CONCERN, "title": title, "description": "Seen.",
                                          "raised_by_body": log["sapp"]},
                                    links={"outcomes": [outcomes[code] for code in linked]}, by=log["chair"])

    both, only_1_2, none = raise_("Both", "1.1", "1.2"), raise_("Only 1.2", "1.2"), raise_("Neither")
    bu = client_for(log["bu"])
    page = bu.get(reverse("entry-list")).content.decode()
    assert "1.2 Exploitation is disrupted." in page  # offered in the filter panel
    page = bu.get(reverse("entry-list"), {"outcomes": outcomes["1.2"].pk}).content.decode()
    assert both.reference in page and only_1_2.reference in page and none.reference not in page
    page = bu.get(reverse("entry-list"), {"outcomes": outcomes["1.1"].pk}).content.decode()
    assert both.reference in page and only_1_2.reference not in page
