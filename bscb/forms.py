"""Forms of the skeleton's pages. Every later form follows this shape: fields and GOV.UK layout
only, a FormHelper, and a Submit that prevents a double click."""

from collections.abc import Mapping

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import models

from .fields import FREE_TEXT_MAX_LENGTH, free_text, too_long


def gds_helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    # The server validates and explains; the browser's own bubbles are not accessible enough.
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Submit("submit", submit, data_prevent_double_click="true"))
    return helper


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    error_messages = {
        "invalid_login": "Enter the email address and password of an account on this service.",
        "inactive": "This account has been closed. Ask the business unit to reopen it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            submit="Sign in",
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to reset your password if this address has an account.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("email", field_width=Fluid.TWO_THIRDS), submit="Send the link")


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = gds_helper(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            submit="Save the new password",
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = gds_helper(
            Field.text("old_password", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            submit="Change password",
        )


class RedactionForm(forms.Form):
    field = forms.ChoiceField(label="Which field", widget=forms.RadioSelect)
    text = forms.CharField(
        label="The text to remove", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Copy it exactly as it appears. It is replaced with [redacted] in the record, in every "
        "earlier version, wherever the service copied it and in the admin's log, and is not kept anywhere.",
        error_messages={"required": "Enter the text to remove",
                        "max_length": too_long("The text to remove", FREE_TEXT_MAX_LENGTH)},
        max_length=FREE_TEXT_MAX_LENGTH,
    )
    # The reason is kept, so it carries the warning; the text to remove is not kept, and asking for
    # it while warning against typing it would contradict the form.
    reason = free_text(
        "Why it must be removed", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the redaction"},
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Confirm that you understand the redaction cannot be undone"},
    )

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(f.name, f.verbose_name.capitalize()) for f in fields]
        self.fields["field"].error_messages["required"] = "Choose the field that holds the text"
        self.helper = gds_helper(
            Field.radios("field", legend_size="s"), Field.textarea("text"), Field.textarea("reason"),
            Field.checkbox("confirm"), submit="Redact the text",
        )


class FileRedactionForm(forms.Form):
    """Removing a stored document and its versions: the reason, and the confirmation."""

    reason = free_text(
        "Why it must be removed", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for removing the document"},
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Confirm that you understand removing the document cannot be undone"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason"), Field.checkbox("confirm"),
                                 submit="Remove the document and its versions")


class ThemeForm(forms.ModelForm):
    class Meta:
        from bscb.models import Theme

        model = Theme
        fields = ["name", "description"]
        error_messages = {"name": {"required": "Enter the theme's name"}}
        help_texts = {"description": "Optional. What the theme covers, in the plan's words."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("name"), Field.textarea("description", rows=3), submit="Save the theme")


def add_service_errors(form, error: ValidationError, *, rename: Mapping[str, str] | None = None,
                       above: bool = True) -> list[str]:
    """Put a service's refusal (a ValidationError) beside the form's fields, so that nothing typed is lost.

    `rename` maps the service's (the model's) field names to the form's where they differ. Messages that
    concern no field of the form are returned; with `above` (the default) they are also put above the form
    as non-field errors, and without it the caller shows them elsewhere (say, once for a page of forms).
    """
    rename = rename or {}
    loose = []
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = rename.get(field, field)
            for message in messages:
                if field in form.fields:
                    form.add_error(field, message)
                else:
                    loose.append(message)
    else:
        loose.extend(error.messages)
    if above:
        for message in loose:
            form.add_error(None, message)
    return loose


def model_data(form, *, exclude=()) -> dict:
    """What an update or create service takes from a model form: the cleaned values of the form's fields
    that are the model's own (not many-to-many: the services take those apart). A file field left empty
    keeps the stored file; one cleared is emptied. The form's instance is never saved: the service writes."""
    data = {}
    for field in form._meta.model._meta.concrete_fields:
        name = field.name
        if field.primary_key or name in exclude or name not in form.fields or name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        if isinstance(field, models.FileField):
            if value is None:
                continue
            if value is False:
                value = ""
        data[name] = value
    return data
