"""bscb.forms.add_service_errors: a service's refusal beside the form's fields."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from bscb.forms import add_service_errors


class MeetingForm(forms.Form):
    starts_on = forms.CharField(required=False)
    place = forms.CharField(required=False)


def bound():
    form = MeetingForm(data={"starts_on": "x", "place": "y"})
    assert form.is_valid()
    return form


def test_messages_go_beside_their_fields_and_the_rest_above_the_form():
    form = bound()
    error = ValidationError({"place": "Give the place", "body": "The body is closed",
                             NON_FIELD_ERRORS: "The meeting was cancelled"})
    loose = add_service_errors(form, error)
    assert form.errors["place"] == ["Give the place"]
    assert form.non_field_errors() == ["The body is closed", "The meeting was cancelled"]
    assert loose == ["The body is closed", "The meeting was cancelled"]


def test_a_plain_refusal_goes_above_the_form():
    form = bound()
    assert add_service_errors(form, ValidationError(["One", "Two"])) == ["One", "Two"]
    assert form.non_field_errors() == ["One", "Two"]


def test_rename_maps_the_service_field_to_the_form_field():
    form = bound()
    assert add_service_errors(form, ValidationError({"starts_at": "In the past"}),
                              rename={"starts_at": "starts_on"}) == []
    assert form.errors["starts_on"] == ["In the past"]


def test_without_above_the_loose_messages_are_only_returned():
    form = bound()
    loose = add_service_errors(form, ValidationError({"place": "Give the place", "meeting": "Cancelled"}),
                               above=False)
    assert loose == ["Cancelled"]
    assert form.non_field_errors() == []
    assert form.errors["place"] == ["Give the place"]
