"""The version of a governance record, so that an edit form opened before someone else saved is never
saved over their change (issue 12 §2: "two people editing one record").

A record's version is the id of its latest history row. django-simple-history writes one for every
change (its own fields and its many-to-many fields alike), with who made it and when, so the version
needs no column of its own, and the history that moves it on also says what changed and who changed it.

An edit form carries the version it was opened at (bscb.forms.RecordForm, a hidden field). The update
helper (bscb.services.model_update) locks the record and, if its version has moved on, compares the
record then (the history row the form was opened at) and now: each field the form sends that was changed
meanwhile, and now holds something other than what the form sends, is a conflict. Conflict (a
ValidationError) carries each such field's current value and who changed it, for the form page to show
beside what the person typed; the form then carries the new version, so that her next save is checked
against it. A field the form sends unchanged that nobody touched is no conflict, and nor is a second post
of the same change (the double click on an edit form): what it sends is what the record now holds.

A value a form edits that lives outside the record's row (a body's functions) is compared through the
record's method `<name>_as_of(when)` (when None: now); the service that changes it writes a history row
of the record, so that the version moves on.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from simple_history.utils import get_m2m_reverse_field_name

# A form that came back without the version it was opened at (or with a garbled one): every field it
# sends that differs from the record now is shown to its sender before anything is saved.
UNKNOWN = -1
# Later history rows read to find who changed a field (the newest ones).
AUTHORS_READ = 200

CONFLICT = ("{who} saved a change to this record after you opened this page. Your answers are kept: check "
            "each field marked below, then save again.")
# A field the sender changed too: her answer is kept, for her to choose.
CHANGED = "“{label}” was changed by {who}{when}, after you opened this page, to “{value}”. Your answer is kept below"
CHANGED_TO_BLANK = ("“{label}” was changed by {who}{when}, after you opened this page, to blank. Your answer is "
                    "kept below")
# A field she did not change: the form now shows the other person's change, so that saving again keeps it.
REFRESHED = "“{label}” was changed by {who}{when}, after you opened this page, to “{value}”, as now shown below"
REFRESHED_TO_BLANK = "“{label}” was changed by {who}{when}, after you opened this page, to blank, as now shown below"
SOMEONE = "someone"


def version_of(record) -> int:
    """The id of the record's latest history row; 0 for a record not saved yet (or with no history)."""
    if record is None or record.pk is None:
        return 0
    return record.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def versions_of(records) -> dict:
    """version_of for many records of one model in one query (a page of forms): pk -> version."""
    records = [record for record in records if record.pk is not None]
    if not records:
        return {}
    rows = (type(records[0]).history.filter(id__in=[record.pk for record in records]).values("id")
            .annotate(latest=models.Max("history_id")).values_list("id", "latest"))
    return dict(rows)


def parse_version(value) -> int:
    """A version as a form sends it back: UNKNOWN if it is missing or not one."""
    try:
        version = int(value)
    except (TypeError, ValueError):
        return UNKNOWN
    return version if version >= 0 else UNKNOWN


@dataclass
class Change:
    """A field changed since a form was opened: its name (the record's), label, value now (comparable and
    readable) and who changed it, when (None where history does not say)."""

    name: str
    label: str
    value: object
    display: str
    by: object = None
    on: datetime | None = None
    # The form sends what the field held when it was opened: its sender did not change it.
    untouched: bool = False

    @property
    def who(self) -> str:
        return str(self.by) if self.by is not None else SOMEONE

    def message(self, label: str | None = None, display: str | None = None) -> str:
        display = self.display if display is None else display
        when = ""
        if self.on is not None:
            local = timezone.localtime(self.on)
            when = f" at {date_format(local, 'H:i')} on {date_format(local, 'j F Y')}"
        if self.untouched:
            template = REFRESHED if display else REFRESHED_TO_BLANK
        else:
            template = CHANGED if display else CHANGED_TO_BLANK
        return template.format(label=label or self.label, who=self.who, when=when, value=display)


class Conflict(ValidationError):
    """The record changed since the form was opened, in fields the form sends: `changes` (each field's current
    value and who changed it) and `version` (the record's version now, for the form to carry next).

    It is a ValidationError whose messages are keyed by field, so that any view or admin page that shows a
    service's refusal shows it; bscb.forms.add_service_errors also puts the new version in the form."""

    def __init__(self, changes: list[Change], version: int):
        self.changes = changes
        self.version = version
        super().__init__({change.name: [change.message()] for change in changes})

    @property
    def lead(self) -> str:
        names = sorted({change.who for change in self.changes}, key=lambda who: who == SOMEONE)
        who = " and ".join(names) if names else SOMEONE
        return CONFLICT.format(who=capfirst(who))


def _field(model, name):
    """The record's own field or many-to-many field `name`; None for a value kept elsewhere (a body's functions,
    through the record's `<name>_as_of`)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete or field.many_to_many else None


def _now(record, name):
    field = _field(type(record), name)
    if field is None:
        return frozenset(getattr(record, f"{name}_as_of")(None))
    if field.many_to_many:
        return frozenset(getattr(record, name).values_list("pk", flat=True))
    return getattr(record, field.attname)


# The "history row" of a form opened before the record existed (version 0): the record as made, its defaults.
NEW = object()


def _then(record, row, name):
    """The value of `name` in a history row (of this record, or of the one whose version a form showed)."""
    field = _field(type(record), name)
    if row is NEW:
        if field is None or field.many_to_many:
            return frozenset()
        return field.get_default()
    if field is None:
        return frozenset(getattr(record, f"{name}_as_of")(row.history_date))
    if field.many_to_many:
        return frozenset(getattr(row, name).values_list(get_m2m_reverse_field_name(field), flat=True))
    return getattr(row, field.attname)


def _sent(record, name, value):
    """What a form sends, in the form _now gives."""
    field = _field(type(record), name)
    if field is None or field.many_to_many:
        return frozenset(getattr(item, "pk", item) for item in (value or ()))
    if field.is_relation:
        return getattr(value, "pk", value)
    return value


def display(record, name, value) -> str:
    """A current value as a person reads it."""
    field = _field(type(record), name)
    if field is None:
        return ", ".join(str(item) for item in sorted(value))
    if field.many_to_many:
        return ", ".join(str(item) for item in field.related_model._default_manager.filter(pk__in=value))
    if value is None or value == "":
        return ""
    if field.is_relation:
        return str(getattr(record, name))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return f"{date_format(local, 'j F Y')} at {date_format(local, 'H:i')}"
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return str(value)


def _label(record, name) -> str:
    field = _field(type(record), name)
    return capfirst(field.verbose_name if field is not None else name.replace("_", " "))


def _author(record, name, base, later, now):
    """The newest of the later history rows that set `name` to a new value (None if none did)."""
    previous = _then(record, base, name) if base is not None else None
    author = None
    for row in later:
        value = _then(record, row, name)
        if value != previous:
            author = row
        previous = value
    return author if author is not None and previous == now else (later[-1] if later else None)


def conflicts(record, opened: int, sent: dict) -> list[Change]:
    """The fields of `sent` (name -> what the form sends) that changed since the version `opened` and now hold
    something else than the form sends. The history row `opened` may be another record's (an amendment form
    shows the version it amends, and a newer version now stands); 0 is a form opened before the record was made
    (a summary's first draft); UNKNOWN, one that came back without its version. The caller holds the lock."""
    history = type(record).history.model
    base = history.objects.filter(history_id=opened).first() if opened > 0 else (NEW if opened == 0 else None)
    later = list(record.history.filter(history_id__gt=max(opened, 0)).select_related("history_user")
                 .order_by("-history_id")[:AUTHORS_READ])[::-1]
    changes = []
    for name, value in sent.items():
        now = _now(record, name)
        if _sent(record, name, value) == now:
            continue
        then = _then(record, base, name) if base is not None else None
        if base is not None and then == now:
            continue  # unchanged since the form was opened: what the form sends is its sender's change
        row = _author(record, name, base, later, now)
        changes.append(Change(name=name, label=_label(record, name), value=now, display=display(record, name, now),
                              by=row.history_user if row else None, on=row.history_date if row else None,
                              untouched=base is not None and _sent(record, name, value) == then))
    return changes


def check(record, opened: int | None, sent: dict) -> None:
    """Refuse with Conflict if the record (locked by the caller) changed since `opened` in the fields of `sent`."""
    if opened is None:
        return
    version = version_of(record)
    if version == opened:
        return
    changes = conflicts(record, opened, sent)
    if changes:
        raise Conflict(changes, version)
