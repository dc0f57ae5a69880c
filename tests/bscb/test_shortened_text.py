"""Long text shortened for a heading, a name or a table cell: at a word boundary, with an ellipsis
(issue 13 §2: history pages cut outcome 1.2 "...in practice around childre", mid-word, no ellipsis)."""

import pytest
from django.urls import reverse

from bscb.text import shorten
from tests.factories import UserFactory, business_unit
from tests.plan.factories import OUTCOME_1_2, bradford_excerpt

ELLIPSIS = "\u2026"


@pytest.mark.parametrize("text, limit, shortened", [
    ("Short enough", 80, "Short enough"),
    (OUTCOME_1_2, 80, "The BSCB neglect strategy will drive the improvements in practice around…"),
    (OUTCOME_1_2, 83, "The BSCB neglect strategy will drive the improvements in practice around children…"),
    ("one two three", 9, "one two…"),  # the cut falls inside "three": that word goes
    ("one two three", 8, "one two…"),  # the cut falls on the space after "two"
    ("one, two", 6, "one…"),  # no stray comma before the ellipsis
    ("Antidisestablishmentarianism", 10, "Antidises…"),  # one long word: cut inside it, still marked
    ("spaces   and\nnew lines", 80, "spaces and new lines"),
])
def test_shorten(text, limit, shortened):
    assert shorten(text, limit) == shortened
    assert len(shorten(text, limit)) <= limit


@pytest.mark.django_db
def test_the_history_page_of_outcome_1_2_names_it_by_whole_words_with_an_ellipsis(client_for):
    outcome = bradford_excerpt()["o12"]
    client = client_for(business_unit(person=UserFactory(full_name="Bea Officer")))
    html = client.get(reverse("record-history", args=["plan", "outcome", outcome.pk])).content.decode()
    heading = "History of 1.2 The BSCB neglect strategy will drive the improvements in practice around\u2026"
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert "around childre<" not in html and "around childre " not in html


@pytest.mark.django_db
def test_every_shortened_name_of_a_record_ends_at_a_word(client_for):
    """The records whose name is a shortened text: outcomes, priorities, targets, evidence, decisions."""
    from accountability.models import Decision
    from plan.models import EvidenceItem, Outcome, Priority, Target
    from tests.factories import MeetingFactory

    long = "word " * 40 + "end"
    made = bradford_excerpt()
    outcome = made["o12"]
    names = [
        str(Outcome(priority=made["p1"], code="9.9", statement=long)),
        str(Priority(plan=made["plan"], number=9, statement=long)),
        str(Target(outcome=outcome, text=long)),
        str(EvidenceItem(outcome=outcome, text=long)),
        str(Decision(meeting=MeetingFactory(), text=long)),
    ]
    for name in names:
        assert name.endswith(f"word{ELLIPSIS}"), name
