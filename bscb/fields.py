"""Free text: every field a person may type prose into warns against identifying a child or family
(DESIGN.md). The warning belongs to the field's type, so ModelForms and the admin show it with no
line of their own; forms that are not built from a model use `free_text()`."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models

IDENTIFIER_WARNING = (
    "Do not write anything that could identify a child or family: no names, initials, dates of birth, "
    "addresses or case numbers. Use a pseudonym such as \u201cChild A\u201d."
)


# Every long-text field's limit unless it states its own, in characters: well inside the limit on a
# form's data (DATA_UPLOAD_MAX_MEMORY_SIZE, 2 MB), even for a summary's six sections of text that takes
# twelve bytes a character once a browser has encoded it. Shown on the form by GOV.UK's character count.
FREE_TEXT_MAX_LENGTH = 10_000


def too_long(label, limit: int) -> str:
    """GOV.UK's wording for a character count's error. (A validator's message is %-formatted.)"""
    return f"{str(label)[:1].upper()}{str(label)[1:]} must be {limit:,} characters or less".replace("%", "%%")


def with_warning(help_text="") -> str:
    """The field's own hint, then the warning; given a hint that already ends with it, unchanged."""
    help_text = str(help_text or "").strip()
    if help_text.endswith(IDENTIFIER_WARNING):
        return help_text
    return f"{help_text} {IDENTIFIER_WARNING}".strip()


class _WarnsAgainstIdentifiers:
    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, help_text=with_warning(help_text), **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if self.max_length:  # the services' full_clean says it as the form does
            self.error_messages = {**self.error_messages, "max_length": too_long(self.verbose_name, self.max_length)}

    def formfield(self, **kwargs):
        # A form's own hint (Meta.help_texts) replaces the model's: the warning follows it there too.
        field = super().formfield(**kwargs)
        if field is not None:
            field.help_text = with_warning(field.help_text)
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = too_long(field.label or self.verbose_name, field.max_length)
        return field

    def deconstruct(self):
        # Migrations keep only the field's own hint: rewording the warning needs no migration.
        name, path, args, kwargs = super().deconstruct()
        own = kwargs.pop("help_text", "").removesuffix(IDENTIFIER_WARNING).strip()
        if own:
            kwargs["help_text"] = own
        return name, path, args, kwargs


class FreeTextField(_WarnsAgainstIdentifiers, models.TextField):
    """Prose: a statement, minutes, a decision, a summary's section. At most FREE_TEXT_MAX_LENGTH
    characters unless the field states its own max_length; checked by the services (full_clean) as by
    the forms, which a TextField's max_length alone is not."""

    def __init__(self, *args, max_length=FREE_TEXT_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))

    def deconstruct(self):
        # Like the warning, the default limit belongs to the type: changing it needs no migration.
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == FREE_TEXT_MAX_LENGTH:
            del kwargs["max_length"]
        return name, path, args, kwargs


class FreeTextCharField(_WarnsAgainstIdentifiers, models.CharField):
    """One line of free text, such as a title."""


def free_text(label: str, *, required: bool = True, help_text: str = "", widget=forms.Textarea,
              max_length: int = FREE_TEXT_MAX_LENGTH, **kwargs) -> forms.CharField:
    """A free-text field of a form not built from a model (a summary's sections, a redaction's reason),
    with the model's limit (FREE_TEXT_MAX_LENGTH unless given), refused beside the field in GOV.UK's words."""
    error_messages = {"max_length": too_long(label, max_length), **kwargs.pop("error_messages", {})}
    return forms.CharField(label=label, required=required, help_text=with_warning(help_text), widget=widget,
                           max_length=max_length, error_messages=error_messages, **kwargs)
