"""The one GOV.UK date field: every nonsense part gets a message naming the date, never a server error;
years keep to 1900-2100 in forms and on every model's date field."""

import datetime

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from bscb.dates import YEAR_OUT_OF_RANGE, GovDateField, year_in_range

LOCAL_APPS = ("bscb", "accountability", "plan", "reporting", "notifications", "challenge_log")


class ReviewForm(forms.Form):
    review = GovDateField(label="Review date")
    follow_up = GovDateField(label="Follow-up", name="date of the follow-up", required=False)


def errors(day, month, year, field="review"):
    form = ReviewForm({"review_0": "1", "review_1": "1", "review_2": "2017",
                       f"{field}_0": day, f"{field}_1": month, f"{field}_2": year})
    assert not form.is_valid() or field not in form.errors
    return form.errors.get(field)


def test_a_real_date_is_a_date():
    form = ReviewForm({"review_0": " 27 ", "review_1": "03", "review_2": "2017"})
    assert form.is_valid()
    assert form.cleaned_data == {"review": datetime.date(2017, 3, 27), "follow_up": None}


@pytest.mark.parametrize("day, month, year, message", [
    ("", "", "", "Enter the review date"),
    ("27", "", "2017", "The review date must include a month"),
    ("31", "2", "2017", "The review date must be a real date"),
    ("2147483648", "1", "2017", "The review date must be a real date"),  # beyond a C int: OverflowError
    ("1", "2147483648", "2017", "The review date must be a real date"),
    ("99999999999999999999", "1", "2017", "The review date must be a real date"),
    ("first", "2", "2017", "The review date must be a real date"),
    ("-1", "2", "2017", "The review date must be a real date"),
    ("1", "2", "17", "The year of the review date must include 4 numbers"),
    ("1", "2", "0017", "The year of the review date must include 4 numbers"),
    ("1", "2", "2147483648", "The year of the review date must include 4 numbers"),
    ("1", "2", "1899", "The year of the review date must be between 1900 and 2100"),
    ("1", "2", "2101", "The year of the review date must be between 1900 and 2100"),
])
def test_nonsense_is_explained_naming_the_date(day, month, year, message):
    assert errors(day, month, year) == [message]


def test_an_optional_date_may_be_left_blank_but_not_half_typed():
    assert errors("", "", "", field="follow_up") is None
    assert errors("", "4", "", field="follow_up") == [
        "The date of the follow-up must include a day", "The date of the follow-up must include a year"]


@pytest.mark.parametrize("value", [datetime.date(1900, 1, 1), datetime.date(2100, 12, 31),
                                   datetime.datetime(2017, 3, 27, 10, 0), None])
def test_the_validator_accepts_the_years_in_range(value):
    year_in_range(value)


@pytest.mark.parametrize("value", [datetime.date(1899, 12, 31), datetime.date(2101, 1, 1),
                                   datetime.date(17, 3, 27), datetime.datetime(2101, 1, 1, 9, 0)])
def test_the_validator_refuses_years_out_of_range(value):
    with pytest.raises(ValidationError) as refused:
        year_in_range(value)
    assert refused.value.messages == [YEAR_OUT_OF_RANGE]


# django-simple-history writes when a version was saved; no form or admin page edits it.
SET_BY_HISTORY = "history_date"


def test_every_date_a_person_or_the_admin_may_enter_keeps_to_the_years():
    """Dates set by the machine alone (auto_now, not editable) are left out: nobody types them."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models() if model._meta.app_label in LOCAL_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and field.editable and field.name != SET_BY_HISTORY
        and year_in_range not in field.validators
    ]
    assert missing == []
