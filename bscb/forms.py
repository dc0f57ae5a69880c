"""Forms of the skeleton's pages, and what every form page shares. Every later form follows this shape:
fields and GOV.UK layout only, a FormHelper, and a Submit that prevents a double click; a form that makes
or changes a governance record is a RecordForm, saved by save_form."""

import re
import secrets
from collections.abc import Callable, Mapping

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.html import strip_tags

from . import services
from .fields import FREE_TEXT_MAX_LENGTH, free_text, too_long
from .versions import Conflict, parse_version, version_of

# The hidden fields of a RecordForm: the version of the record an edit form was opened at, and the one-time
# token of a form that makes a record.
VERSION = "version"
ONCE = "once"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
ALREADY_SAVED = "This was already saved: the form was sent twice, and saved once."
FORM_EXPIRED = "This page has expired. Your answers are kept: check them, then save again."


def gds_helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    # The server validates and explains; the browser's own bubbles are not accessible enough.
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Submit("submit", submit, data_prevent_double_click="true"))
    return helper


class RecordForm:
    """What every form that makes or changes a governance record mixes in, before its Django form class
    (`class BodyForm(RecordForm, forms.ModelForm)`): issue 12's two guards, as hidden fields its page renders
    whatever its layout.

    - Editing a record (a model form's saved instance, or `record=` given): the version it was opened at
      (bscb.versions). The view passes `form.version` to the update service, whose model_update refuses a
      stale one with a Conflict; add_service_errors shows it beside the fields and carries the new version.
      A record not saved yet (`record=` an unsaved instance: a summary with no draft yet) is version 0.
    - Making a record (no record, or `once=True`: an amendment): a one-time token, which save_form claims in
      the transaction that saves, so that the same form sent twice makes one record.

    `field_names` maps the record's field names to this form's where they differ, for add_service_errors."""

    field_names: Mapping[str, str] = {}

    def __init__(self, *args, record=None, once: bool | None = None, version: int | None = None, **kwargs):
        """`version`: the record's, where the page read it already (bscb.versions.versions_of, for a page of
        forms); else read here."""
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if record is None and instance is not None and instance.pk is not None:
            record = instance
        self.record = record
        if record is not None:  # (a form sent back carries its own)
            opened = version if version is not None or self.is_bound else version_of(record)
            self.fields[VERSION] = forms.CharField(widget=forms.HiddenInput, required=False, initial=opened)
        if record is None if once is None else once:
            self.fields[ONCE] = forms.CharField(widget=forms.HiddenInput, required=False,
                                                initial=secrets.token_urlsafe(24))

    # Every helper the form is given renders the hidden fields, in its layout or not.
    @property
    def helper(self):
        return self._helper

    @helper.setter
    def helper(self, helper):
        helper.render_hidden_fields = True
        self._helper = helper

    def _hidden(self, name):
        return self[name].value() if name in self.fields else None

    @property
    def version(self) -> int | None:
        """The version the form was opened at (UNKNOWN if it came back without one); None: it edits nothing."""
        if VERSION not in self.fields:
            return None
        return parse_version(self._hidden(VERSION)) if self.is_bound else parse_version(self.initial.get(
            VERSION, self.fields[VERSION].initial))

    @property
    def once_token(self) -> str | None:
        value = self._hidden(ONCE)
        return value if value and TOKEN.fullmatch(value) else None

    def _set_hidden(self, name, value) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = value

    def carry_version(self, version: int) -> None:
        """After a conflict: the form's next post is checked against the record as it is now."""
        if VERSION in self.fields:
            self._set_hidden(VERSION, str(version))

    def refill(self, name: str, value, *, changed: str) -> None:
        """After a conflict: show the record's value `value` of its field `changed` in this form's field `name`,
        which the sender had not changed, so that saving again keeps the other person's change. A form whose
        field holds a record's value in another shape (a meeting's date and time) says so by overriding this."""
        field, key = self.fields[name], self.add_prefix(name)
        widget = field.widget
        if isinstance(field, forms.FileField):
            return
        data = self.data.copy()
        if isinstance(widget, forms.MultiWidget):
            for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=False):
                data[key + suffix] = "" if part is None else str(part)
        elif getattr(widget, "allow_multiple_selected", False):
            if changed != name and isinstance(value, bool):  # one flag of several asked as one question
                chosen = [item for item in _getlist(data, key) if item != changed] + ([changed] if value else [])
            else:
                chosen = [str(item) for item in field.prepare_value(list(value or ()))]
            _setlist(data, key, chosen)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
        else:
            prepared = field.prepare_value(value)
            data[key] = "" if prepared is None else str(prepared)
        self.data = data

    def full_clean(self):
        """A form whose one-time token was already saved is answered as it was (AlreadySaved, out of the view)
        before it is checked: checked again, it could only clash with the record its first post made."""
        token = self.once_token if self.is_bound else None
        if token is not None:
            services.submission_check(token=token)
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        if ONCE in self.fields and self.once_token is None:  # not sent by a page of this service: a new token
            self._set_hidden(ONCE, secrets.token_urlsafe(24))
            raise ValidationError(FORM_EXPIRED)
        return cleaned


def save_form(request, form, act: Callable[[], HttpResponse]) -> HttpResponse:
    """Save a valid RecordForm: `act` calls the services and returns the redirect that answers the post, in one
    transaction. An edit form's version is checked inside it (the services' model_update). A form that makes a
    record has its one-time token claimed in the same transaction, so a second post of it (a double click, a
    retry) waits for the first, and is answered with the first's redirect and ALREADY_SAVED, making nothing
    (services.AlreadySaved, answered by bscb.middleware.AlreadySavedMiddleware; a second post that comes after
    the first is answered the same way by the form's own check). A refusal (ValidationError, Conflict)
    propagates, with nothing saved and the token unused."""
    token = form.once_token
    with transaction.atomic():
        if token is None:
            return act()
        claim = services.submission_claim(token=token, user=request.user)
        response = act()
        services.submission_answered(claim, location=response["Location"])
        return response


def form_saved(request, form, act, done) -> HttpResponse | None:
    """The answer to a valid post of a record's form: `act` (one service call) returns the record, whose page
    then says `done` (a sentence, or a function of the record). None when the form is not posted, not valid or
    refused by the service: the caller shows it again, the reason beside its field and everything typed kept."""
    if request.method != "POST" or not form.is_valid():
        return None

    def take():
        record = act(form.cleaned_data)
        messages.success(request, done(record) if callable(done) else done)
        return redirect(record)

    try:
        return save_form(request, form, take)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def already_saved_answer(request, already: "services.AlreadySaved") -> HttpResponse:
    """The answer to a second post of a saved form: the first's, for the person who sent it; anyone else's
    copy of the token has expired (the form page again, afresh)."""
    if already.user_id == request.user.pk and already.location:
        messages.success(request, ALREADY_SAVED)
        return redirect(already.location)
    messages.error(request, FORM_EXPIRED)
    return redirect(request.get_full_path())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """One or more files chosen at once (a list, perhaps empty). What each file may be is the service's to check
    (bscb.documents), whose refusal add_service_errors puts beside this field; a browser does not keep a chosen
    file when the page comes back, so the page asks for it again (`files_intro`)."""

    widget = MultipleFileInput

    def __init__(self, *args, kinds=(), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        if kinds:
            from .documents import accept

            self.widget.attrs["accept"] = accept(kinds)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(FilesField, self).clean(item, initial) for item in data if item]
        return [file for file in [super().clean(data, initial)] if file]


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


class _NewPasswordJudged:
    """The password validators judge the new password, so their messages ("too short", "too common") go
    beside it. Django's forms put them beside the confirmation, where a reader looks for "the passwords
    do not match" only."""

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class SetPasswordForm(_NewPasswordJudged, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = gds_helper(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            submit="Save the new password",
        )


class PasswordChangeForm(_NewPasswordJudged, auth_forms.PasswordChangeForm):
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


class ThemeForm(RecordForm, forms.ModelForm):
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
    rename = {**getattr(form, "field_names", {}), **(rename or {})}
    if isinstance(error, Conflict):
        return _add_conflict(form, error, rename, above)
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


def _getlist(data, key) -> list:
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key, [])
    return list(value) if isinstance(value, list | tuple) else [value]


def _setlist(data, key, values) -> None:
    if hasattr(data, "setlist"):
        data.setlist(key, values)
    else:
        data[key] = values


def _choice_display(field, change) -> str | None:
    """A changed value in the words of the form's own choices, where the form offers them: a body's functions;
    one flag of several asked as one question (a body's "what it owes")."""
    if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField) or not hasattr(field, "choices"):
        return None
    labels = {str(value): str(label) for value, label in field.choices}
    if change.name in labels and isinstance(change.value, bool):
        return f"{labels[change.name]}: {'yes' if change.value else 'no'}"
    if isinstance(change.value, frozenset | list | tuple):
        chosen = {str(item) for item in change.value}
        return ", ".join(label for value, label in labels.items() if value in chosen)
    return labels.get(str(change.value)) if change.value is not None else None


def _add_conflict(form, conflict: Conflict, rename: Mapping[str, str], above: bool) -> list[str]:
    """A Conflict beside the fields: each changed field's value now, and who changed it; what was typed kept;
    the record's new version carried, so that the next save is checked against it."""
    if hasattr(form, "carry_version"):
        form.carry_version(conflict.version)
    loose = [conflict.lead]
    for change in conflict.changes:
        name = rename.get(change.name, change.name)
        field = form.fields.get(name)
        if field is None:
            loose.append(change.message())
            continue
        label = strip_tags(str(form[name].label)) or None
        if change.untouched and hasattr(form, "refill"):
            form.refill(name, change.value, changed=change.name)
        form.add_error(name, change.message(label=label, display=_choice_display(field, change)))
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
