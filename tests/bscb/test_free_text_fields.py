"""The warning against identifying a child or family belongs to the free-text field type, so every
free-text field carries it, in the pages and in the admin (DESIGN.md)."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from bscb.fields import IDENTIFIER_WARNING, FreeTextCharField, FreeTextField, free_text, with_warning
from tests.factories import ThemeFactory, business_unit
from tests.forms.html_tree import parse

LOCAL_APPS = ("bscb", "accountability", "plan", "reporting", "notifications", "challenge_log")
# TextFields that are not free text about the partnership's work, each with its reason.
NOT_FREE_TEXT = {
    # django-simple-history keeps a FileField's stored name as text: a path, never typed.
    "accountability.HistoricalMeeting.minutes_document",
    "challenge_log.HistoricalAttachment.file",
    "plan.HistoricalEvidenceFile.file",
    "reporting.HistoricalMeetingPaper.document",
    # The issued outcome report's paper, rendered from its snapshot by the app: never typed.
    "reporting.OutcomeReport.html",
}


def test_every_text_field_of_the_apps_warns_against_identifiers():
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models() if model._meta.app_label in LOCAL_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not isinstance(field, FreeTextField)
    ]
    plain = [name for name in plain if name not in NOT_FREE_TEXT]
    assert plain == []


def test_the_warning_follows_the_fields_own_hint_once():
    field = FreeTextField(help_text="One purpose a line.")
    assert field.help_text == f"One purpose a line. {IDENTIFIER_WARNING}"
    assert FreeTextCharField(max_length=10).help_text == IDENTIFIER_WARNING
    assert with_warning(field.help_text) == field.help_text
    # A form's own hint replaces the model's; the warning stays.
    assert field.formfield(help_text="As the minutes record it.").help_text == (
        f"As the minutes record it. {IDENTIFIER_WARNING}")
    assert free_text("Reason").help_text == IDENTIFIER_WARNING


def test_migrations_keep_only_the_fields_own_hint():
    assert FreeTextField(help_text="One purpose a line.").deconstruct()[3] == {"help_text": "One purpose a line."}
    assert "help_text" not in FreeTextField(blank=True).deconstruct()[3]


def hint(html: str, field: str) -> str:
    """The GOV.UK hint of a page's field, or the admin's help text beside it."""
    doc = parse(html)
    element = doc.find(id=f"id_{field}-hint") or doc.find(id=f"id_{field}_helptext")
    assert element is not None, f"no hint beside {field}"
    return element.text


@pytest.mark.django_db
def test_the_admin_shows_the_warning_beside_a_free_text_field(staff_client):
    theme = ThemeFactory(name="Neglect")
    response = staff_client.get(reverse("admin:bscb_theme_change", args=[theme.pk]))
    assert IDENTIFIER_WARNING in hint(response.content.decode(), "description")


@pytest.mark.django_db
def test_a_page_form_shows_the_warning_beside_the_field_with_its_own_hint(client_for):
    html = client_for(business_unit()).get(reverse("theme-create")).content.decode()
    text = hint(html, "description")
    assert text.startswith("Optional. What the theme covers") and IDENTIFIER_WARNING in text
