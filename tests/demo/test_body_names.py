"""No body's name in code or labels (DESIGN.md, "Structure is configuration"). Many partnerships
have an executive group of the three safeguarding partners instead of a Board and a Business
Planning Group: here the demo's Board (the body that ratifies and receives the yearly assurance
reports) becomes the "Executive Group", the BPG the "Delivery Group", and every word "Board" or
"BPG" in the demo's configured text (the partnership's name, kinds, purposes, minutes...) is
reworded likewise. What the pages still say "Board" or "BPG" then comes from code or a template."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.urls import reverse

from accountability.models import Body, BodyKind, Function, Meeting, User
from accountability.selectors import body_with_function
from bscb.models import Partnership
from reporting.models import Summary, SummaryKind, SummaryStatus
from tests.forms.html_tree import parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

OFFICER = "bu.officer@bscb.example.org"  # a business unit officer of the demo
FORBIDDEN = re.compile(r"\b(Boards?|BPG)\b")
EXECUTIVE = "Executive Group"
DELIVERY = "Delivery Group"
# The demo's configured text, reworded as a partnership without a Board or a BPG would write it.
REWORDING = [
    (re.compile(r"\bBusiness Planning Groups?\b"), DELIVERY),
    (re.compile(r"\bBPG\b"), "DG"),
    (re.compile(r"\bBoards\b"), "Executive Groups"),
    (re.compile(r"\bBoard\b"), EXECUTIVE),
]
DATA_APPS = {"accountability", "plan", "reporting", "notifications", "challenge_log", "bscb"}


def _reword(text: str) -> str:
    for pattern, words in REWORDING:
        text = pattern.sub(words, text)
    return text


def _reword_the_configuration():
    """Every text field of every row the demo loaded (the history tables included), reworded."""
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS:
            continue
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
        for name in fields:
            matching = model._default_manager.filter(**{f"{name}__regex": r"\y(Boards?|BPG|Business Planning)"})
            changed = []
            for row in matching:
                setattr(row, name, _reword(getattr(row, name)))
                changed.append(row)
            if changed:
                model._default_manager.bulk_update(changed, [name])


@pytest.fixture
def renamed():
    """The demo with an Executive Group where its Board was, found by function, never by name."""
    board = body_with_function(Function.RECEIVES_YEARLY)
    assert body_with_function(Function.RATIFIES) == board
    bpg = body_with_function(Function.RECEIVES_QUARTERLY)
    Body.objects.filter(pk=board.pk).update(name=EXECUTIVE, short_name="EG")
    Body.objects.filter(pk=bpg.pk).update(name=DELIVERY, short_name="DG")
    BodyKind.objects.filter(pk=board.kind_id).update(name="Executive group", plural="Executive groups")
    BodyKind.objects.filter(pk=bpg.kind_id).update(name="Delivery group", plural="Delivery groups")
    Partnership.objects.update(name="Bradford Safeguarding Children Partnership")
    _reword_the_configuration()
    cache.clear()  # the partnership's name is cached
    board.refresh_from_db()
    return board


@pytest.fixture
def officer(client_for):
    return client_for(User.objects.get(email=OFFICER))


def _read(client, url, data=None) -> tuple[str, str]:
    """The page's text, and that of its <main> element."""
    response = client.get(url, data or {})
    assert response.status_code == 200, url
    doc = parse(response.content.decode())
    return doc.find("body").text, doc.find("main").text


def _says(client, url, *expected, data=None):
    page, main = _read(client, url, data)
    found = FORBIDDEN.findall(page)
    assert not found, f"{url} says {sorted(set(found))}"
    for words in expected:
        assert words in main, f"{url} does not say {words!r}"
    return main


def test_the_demo_configuration_no_longer_says_board_or_bpg(renamed):
    assert not Body.objects.filter(name__regex=r"\y(Boards?|BPG)\y").exists()
    assert renamed.name == EXECUTIVE


def test_the_meeting_pages_name_the_executive_group(renamed, officer):
    _says(officer, reverse("meeting-list"), "Last meeting of the year")
    _says(officer, reverse("meeting-list"), EXECUTIVE, data={"when": "", "body": renamed.pk})
    final = Meeting.objects.filter(body=renamed, is_final_of_year=True).order_by("starts_at").first()
    assert final is not None, "the demo flags the Executive Group's last meeting of the year"
    main = _says(officer, final.get_absolute_url(), EXECUTIVE, "Last meeting of the year")
    assert f"yearly assurance reports to the {EXECUTIVE} fall due before it" in main


def test_the_meeting_form_offers_the_flag_to_the_executive_group_only(renamed, officer):
    main = _says(officer, reverse("body-meeting-create", args=[renamed.pk]), "last meeting of the partnership")
    assert "Board" not in main
    sub_group = Body.objects.filter(owes_yearly_assurance=True).exclude(pk=renamed.pk).first()
    main = _says(officer, reverse("body-meeting-create", args=[sub_group.pk]))
    assert "last meeting" not in main


def test_the_structure_pages_name_the_executive_group(renamed, officer):
    _says(officer, reverse("body-list"), EXECUTIVE)
    _says(officer, renamed.get_absolute_url(), EXECUTIVE)


def test_the_yearly_and_quarterly_overviews_name_the_receiving_bodies(renamed, officer):
    main = _says(officer, reverse("yearly-overview"), EXECUTIVE)
    assert "last meeting of the year" in main
    _says(officer, reverse("quarterly-overview"), DELIVERY)


def test_a_summary_names_the_bodies_it_goes_to_in_its_issues_section(renamed, officer):
    summary = (Summary.objects.filter(kind=SummaryKind.MEETING, status=SummaryStatus.SUBMITTED)
               .exclude(versions=None).order_by("pk").first())
    main = _says(officer, summary.get_absolute_url(), EXECUTIVE)
    assert f"Issues for the attention of the {EXECUTIVE} and {DELIVERY}" in main
    _says(officer, reverse("summary-version", args=[summary.pk, 1]),
          f"Issues for the attention of the {EXECUTIVE} and {DELIVERY}")
    yearly = Summary.objects.filter(kind=SummaryKind.YEARLY, status=SummaryStatus.SUBMITTED).exclude(
        versions=None).order_by("pk").first()
    _says(officer, yearly.get_absolute_url(), f"Issues for the attention of the {EXECUTIVE}")
    _says(officer, reverse("summary-edit", args=[Summary.objects.filter(
        kind=SummaryKind.MEETING, status=SummaryStatus.DRAFT).order_by("pk").first().pk]),
        f"Issues for the attention of the {EXECUTIVE} and {DELIVERY}")


def test_the_business_unit_officers_home_page_says_neither(renamed, officer):
    _says(officer, reverse("home"))
