"""Issue 12 §5: a post larger than the limit on a form's data (DATA_UPLOAD_MAX_MEMORY_SIZE, 2 MB) got a
bare 143-byte "Bad Request (400)" and lost what was typed. Every long-text field now states its limit in
characters (bscb.fields: FreeTextField and free_text), well inside the post limit, with GOV.UK's character
count on the form; a longer text is refused beside its field and kept; a post over the limit gets a page
that says what the limit is and how to get back."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from bscb.fields import FREE_TEXT_MAX_LENGTH, FreeTextCharField, FreeTextField, too_long
from reporting import services
from reporting.models import SummaryVersion
from tests.forms.html_tree import parse
from tests.reporting.helpers import SECTIONS, expected_summary

LOCAL_APPS = ("bscb", "accountability", "plan", "reporting", "notifications", "challenge_log")
# What a browser may send for one character typed: four bytes of UTF-8, each percent-encoded.
WORST_BYTES_A_CHARACTER = 12
LIMIT_MESSAGE = "Progress against the body's action plan must be 10,000 characters or less"


def error_beside(html, field):
    found = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    return found and re.sub(r"\s+", " ", found.group(1).replace(
        '<span class="govuk-visually-hidden">Error:</span>', "")).strip()


def test_every_free_text_field_has_a_limit_and_a_records_fields_fit_in_one_post_together():
    for model in apps.get_models():
        if model._meta.app_label not in LOCAL_APPS:
            continue
        limits = [f.max_length for f in model._meta.get_fields()
                  if isinstance(f, FreeTextField | FreeTextCharField)]
        assert all(limits), f"{model._meta.label}: a free-text field without a limit"
        assert sum(limits) * WORST_BYTES_A_CHARACTER < settings.DATA_UPLOAD_MAX_MEMORY_SIZE, model._meta.label


def test_a_free_text_field_takes_the_default_limit_with_no_migration_of_its_own():
    assert FreeTextField().max_length == FREE_TEXT_MAX_LENGTH
    assert "max_length" not in FreeTextField(blank=True).deconstruct()[3]
    assert FreeTextField(max_length=50).deconstruct()[3] == {"max_length": 50}
    assert too_long("100% of the time", 10) == "100%% of the time must be 10 characters or less"


@pytest.mark.django_db
def test_the_services_refuse_an_over_long_text_in_the_fields_words():
    """A TextField's max_length alone limits only its form; the free-text field's validator holds for the
    services' full_clean too (the admin, a command, a task)."""
    summary, chair, _ = expected_summary()
    with pytest.raises(ValidationError) as refused:
        services.summary_save_draft(summary=summary, sections={"progress": "x" * (FREE_TEXT_MAX_LENGTH + 1)},
                                    by=chair)
    assert refused.value.message_dict == {"progress": [LIMIT_MESSAGE]}
    assert not SummaryVersion.objects.exists()
    assert isinstance(SummaryVersion._meta.get_field("progress"), models.TextField)


@pytest.mark.django_db
def test_the_form_shows_each_sections_character_count(client_for):
    summary, chair, _ = expected_summary()
    doc = parse(client_for(chair).get(reverse("summary-edit", args=[summary.pk])).content.decode())
    for name in SECTIONS:
        group = doc.find(id=f"div_id_{name}")
        assert group.attrs.get("data-module") == "govuk-character-count", name
        assert group.attrs.get("data-maxlength") == str(FREE_TEXT_MAX_LENGTH)
        assert "govuk-character-count" in group.attrs["class"].split()
        info = doc.find(id=f"id_{name}-info")
        assert info.text.strip() == "You can enter up to 10,000 characters"
        textarea = doc.find(id=f"id_{name}")
        assert "govuk-js-character-count" in textarea.attrs["class"].split()
        assert f"id_{name}-info" in textarea.attrs["aria-describedby"].split()
        # GOV.UK: no maxlength with a character count, or nobody sees that they went over.
        assert "maxlength" not in textarea.attrs


@pytest.mark.django_db
def test_an_over_long_section_is_refused_beside_it_and_what_was_typed_is_kept(client_for):
    summary, chair, _ = expected_summary()
    typed = "Audit completed. " + "x" * FREE_TEXT_MAX_LENGTH
    response = client_for(chair).post(reverse("summary-edit", args=[summary.pk]),
                                      {**SECTIONS, "progress": typed, "save": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "progress") == LIMIT_MESSAGE.replace("'", "&#x27;")
    assert parse(html).find(id="id_progress").text.strip() == typed
    assert parse(html).find(id="id_risks").text.strip() == SECTIONS["risks"]
    assert not SummaryVersion.objects.exists()


@pytest.mark.django_db
def test_a_post_over_the_limit_gets_a_page_that_says_the_limit_and_the_way_back(client_for):
    summary, chair, _ = expected_summary()
    edit = reverse("summary-edit", args=[summary.pk])
    response = client_for(chair).post(edit, {"progress": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "save": ""},
                                      HTTP_REFERER=f"http://testserver{edit}")
    assert response.status_code == 413
    doc = parse(response.content.decode())
    assert doc.find("h1").text.strip() == "The form was too large to send"
    text = doc.find("main").text
    assert "at most 2.0 MB of text" in text and "Nothing from this form was saved." in text
    assert "back button" in text
    back = [a.attrs["href"] for a in doc.find_all("a") if a.text == "Go back to the page you came from"]
    assert back == [f"http://testserver{edit}"]
    assert not SummaryVersion.objects.exists()


@pytest.mark.django_db
def test_the_way_back_is_never_to_another_site(client_for):
    summary, chair, _ = expected_summary()
    response = client_for(chair).post(reverse("summary-edit", args=[summary.pk]),
                                      {"progress": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
                                      HTTP_REFERER="https://evil.example.com/form")
    assert response.status_code == 413
    html = response.content.decode()
    assert "evil.example.com" not in html and f'href="{reverse("home")}"' in html
