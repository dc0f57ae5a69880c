"""Free text: every field a person may type prose into warns against identifying a child or family
(DESIGN.md). The warning belongs to the field's type, so ModelForms and the admin show it with no
line of their own; forms that are not built from a model use `free_text()`."""

from django import forms
from django.db import models

IDENTIFIER_WARNING = (
    "Do not write anything that could identify a child or family: no names, initials, dates of birth, "
    "addresses or case numbers. Use a pseudonym such as \u201cChild A\u201d."
)


def with_warning(help_text="") -> str:
    """The field's own hint, then the warning; given a hint that already ends with it, unchanged."""
    help_text = str(help_text or "").strip()
    if help_text.endswith(IDENTIFIER_WARNING):
        return help_text
    return f"{help_text} {IDENTIFIER_WARNING}".strip()


class _WarnsAgainstIdentifiers:
    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, help_text=with_warning(help_text), **kwargs)

    def formfield(self, **kwargs):
        # A form's own hint (Meta.help_texts) replaces the model's: the warning follows it there too.
        field = super().formfield(**kwargs)
        if field is not None:
            field.help_text = with_warning(field.help_text)
        return field

    def deconstruct(self):
        # Migrations keep only the field's own hint: rewording the warning needs no migration.
        name, path, args, kwargs = super().deconstruct()
        own = kwargs.pop("help_text", "").removesuffix(IDENTIFIER_WARNING).strip()
        if own:
            kwargs["help_text"] = own
        return name, path, args, kwargs


class FreeTextField(_WarnsAgainstIdentifiers, models.TextField):
    """Prose: a statement, minutes, a decision, a summary's section."""


class FreeTextCharField(_WarnsAgainstIdentifiers, models.CharField):
    """One line of free text, such as a title."""


def free_text(label: str, *, required: bool = True, help_text: str = "", widget=forms.Textarea,
              **kwargs) -> forms.CharField:
    """A free-text field of a form not built from a model (a summary's sections, a redaction's reason)."""
    return forms.CharField(label=label, required=required, help_text=with_warning(help_text), widget=widget,
                           **kwargs)
