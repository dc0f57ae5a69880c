"""Outcome 1.2 as the demo loads it and its page shows it (issue 13 §2): its evidence items keep the
plan's numbering ("1." and "2."), and each item names who is responsible once, not twice (its plan
words "PMAE sub group" beside a link to the same body)."""

import re

import pytest

from plan.models import Outcome, PlanStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def rows(html: str, caption_start: str) -> list[list[str]]:
    """The body rows of the table whose caption starts so, each as its cells' text."""
    table = re.search(rf'<caption[^>]*>{re.escape(caption_start)}.*?</table>', html, re.S).group(0)
    body = table[table.index("<tbody"):]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


@pytest.fixture
def outcome_page(client_for):
    from tests.factories import UserFactory

    outcome = Outcome.objects.get(code="1.2", priority__plan__status=PlanStatus.ACTIVE)
    response = client_for(UserFactory()).get(outcome.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_outcome_1_2s_evidence_keeps_the_plans_numbering(outcome_page):
    evidence = rows(outcome_page, "The evidence or evaluation of impact expected for outcome 1.2")
    assert [row[0] for row in evidence] == ["1.", "2."]
    assert evidence[0][1].endswith("The neglect audit and challenge panel.")
    assert evidence[1][1].endswith("Evaluation of the impact of the neglect training courses.")


def test_each_item_names_who_is_responsible_once(outcome_page):
    evidence = rows(outcome_page, "The evidence or evaluation of impact expected for outcome 1.2")
    assert [row[2] for row in evidence] == ["Performance Management, Audit and Evaluation sub group",
                                           "Learning and Development sub group"]
    assert "Responsible bodies" not in outcome_page


def test_an_outcome_with_one_item_is_not_numbered(client_for):
    from tests.factories import UserFactory

    outcome = Outcome.objects.get(code="1.1", priority__plan__status=PlanStatus.ACTIVE)
    html = client_for(UserFactory()).get(outcome.get_absolute_url()).content.decode()
    [item] = rows(html, "The evidence or evaluation of impact expected for outcome 1.1")
    assert item[0].startswith("Challenge Panels will test")
