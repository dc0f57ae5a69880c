"""Audited redaction: the business unit replaces text that should never have been typed (a child's
name, say) wherever the app stored it, and records who and why, and where it was found. The removed
text is not kept anywhere, the Redaction row included.

Where a record's text may be stored:
- the record itself, and its history (django-simple-history's table), where text edited out since stands;
- versions kept in other records (a summary's amendments): the model lists them with
  `redaction_related_records()`, and each is redacted in the same field, with its history;
- copies the app made into other records (a quarterly summary's first draft, prefilled from the
  summaries after the quarter's meetings; the next plan, copied from this one): the model lists the records
  that may hold them with `redaction_copies()`, and every text field of each is searched, with its history,
  since whoever edited the copy may have moved the text;
- papers the app rendered from records and froze (the quarterly outcome report's snapshot, its page, its PDF
  and Word document, and the meeting paper it became): an app that keeps such copies registers a function with
  `register_frozen_copies`, which replaces the text wherever it keeps it, renders the paper again, and names
  the places; bscb imports no app, so the registry is how it reaches them;
- the Django admin's log (django_admin_log): the record's entries keep `str(record)` (a decision's first
  80 characters) in `object_repr` and may name it in `change_message`; a parent's entries name an inline
  record added or changed with it (an agenda item added to a meeting) in `change_message`.
A stored file (a meeting's minutes document and each earlier version, which its history rows name) cannot
have text replaced in it: `record_file_redact` removes the file and every version of it.

Each store is changed with QuerySet.update, which writes no history row (a new version would be another
copy of the text), and the Redaction row lists the places (`places`), worded with the text replaced."""

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.text import capfirst

from .models import Redaction
from .services import require
from .text import ELLIPSIS

logger = logging.getLogger(__name__)

REPLACEMENT = "[redacted]"
TEXT_NOT_FOUND = "That text is not in this field. Copy it exactly as it appears."
TEXT_TOO_SHORT = "Enter at least 2 characters to redact."
REASON_REQUIRED = "Give the reason for the redaction"
NOT_A_TEXT_FIELD = "Only text fields can be redacted."
NOT_A_FILE_FIELD = "Only a stored document can be removed."
NO_FILE = "There is no document to remove: none was ever attached, or it has already been removed."
REASON_REPEATS_TEXT = "Do not repeat the text being removed in the reason: the reason is kept."
TOO_LONG_AFTER = (
    "Replacing this text with " + REPLACEMENT + " would make the field longer than it may be. "
    "Select more of the surrounding text."
)
ADMIN_LOG_PLACE = "The admin's log: {count} {entries}"
LOG_REPR_LENGTH = LogEntry._meta.get_field("object_repr").max_length


def redactable_fields(model) -> list[models.Field]:
    return [
        f for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField) and not f.choices and f.editable
        and f.name not in ("password", "email")
    ]


def file_fields(model) -> list[models.FileField]:
    """The stored files a record (and each version in its history) may hold: what record_file_redact removes."""
    history = getattr(model, "history", None)
    kept = {f.name for f in history.model._meta.concrete_fields} if history is not None else set()
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField) and f.name in kept]


def scrub(value: str, text: str, *, cut: bool = False) -> str:
    """`value` with every occurrence of `text` replaced. With `cut`, a value that ends with the start of
    the text (two characters or more), before any ellipsis, is taken to have been cut off in the middle of
    it (the admin's log keeps the first 200 characters of str(record), and a record's str may be shortened:
    bscb.text.shorten), and that end is replaced too."""
    value = value.replace(text, REPLACEMENT)
    if cut and not value.endswith(REPLACEMENT):
        # A name shortened by bscb.text.shorten ends with an ellipsis after the last word it kept.
        body, ellipsis = (value[:-1], ELLIPSIS) if value.endswith(ELLIPSIS) else (value, "")
        for length in range(len(text) - 1, 1, -1):
            if body.endswith(text[:length]):
                return body[:-length] + REPLACEMENT + ellipsis
    return value


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _label(record) -> str:
    """How the places list names a record: its own `redaction_label()`, else its kind and name."""
    own = getattr(record, "redaction_label", None)
    if own is not None:
        return own()
    return f"{capfirst(record._meta.verbose_name)} \u201c{record}\u201d"


def _field_label(model, field: str) -> str:
    return f"\u201c{capfirst(model._meta.get_field(field).verbose_name)}\u201d"


@dataclass
class _Store:
    """One record's field: the record's row and its history's rows."""

    record: models.Model
    field: str

    @property
    def model(self):
        return type(self.record)

    def querysets(self):
        yield "record", self.model._default_manager.filter(pk=self.record.pk)
        history = getattr(self.model, "history", None)
        if history is not None:
            yield "history", history.model._default_manager.filter(id=self.record.pk)

    def values(self, text: str) -> list[str]:
        # SQLite's LIKE ignores case, so the database narrows and Python decides: the replacement is exact.
        return [v for _, qs in self.querysets() for v in qs.filter(**{f"{self.field}__contains": text})
                .values_list(self.field, flat=True) if text in v]

    def replace(self, text: str) -> dict[str, int]:
        return {where: qs.filter(**{f"{self.field}__contains": text}).update(
            **{self.field: Replace(self.field, Value(text), Value(REPLACEMENT))}) for where, qs in self.querysets()}


def _holding(records, text: str) -> list:
    """Those of `records` whose text fields, or their history's, hold the text: two queries a model, however
    many records (a plan's copies are every outcome of the plans copied from it)."""
    by_model = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    kept = []
    for model, group in by_model.items():
        names = [f.name for f in redactable_fields(model)]
        if not names:
            continue
        holds = reduce(or_, (Q(**{f"{name}__contains": text}) for name in names))
        pks = [record.pk for record in group]
        hits = set(model._default_manager.filter(holds, pk__in=pks).values_list("pk", flat=True))
        history = getattr(model, "history", None)
        if history is not None:
            hits |= set(history.model._default_manager.filter(holds, id__in=pks).values_list("id", flat=True))
        kept += [record for record in group if record.pk in hits]
    return kept


def _stores(record, field: str, text: str) -> list[_Store]:
    """The chosen field of the record and of its versions kept in other records; every text field of the
    copies the app made of its text in other records, where they hold it."""
    stores = [_Store(target, field) for target in [record, *getattr(record, "redaction_related_records", list)()]]
    for copy in _holding(getattr(record, "redaction_copies", list)(), text):
        stores += [_Store(copy, f.name) for f in redactable_fields(type(copy))]
    return stores


def _place(store: _Store, changed: dict[str, int]) -> str | None:
    in_record, in_history = changed.get("record", 0), changed.get("history", 0)
    if not (in_record or in_history):
        return None
    where = []
    if in_record:
        where.append("the record")
    if in_history:
        where.append(f"{in_history} {_plural(in_history, 'version', 'versions')} in its history")
    return f"{_label(store.record)}, {_field_label(store.model, store.field)}: {' and '.join(where)}"


# The admin's log.
def _log_entries(record, text: str):
    """The admin's log entries that may hold the record's text: its own, and those of the records it
    belongs to (its foreign keys: an inline is logged in its parent's change_message)."""
    own = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))
    parents = Q(pk__in=[])
    for field in record._meta.concrete_fields:
        if field.many_to_one and getattr(record, field.attname) is not None:
            parents |= Q(content_type=ContentType.objects.get_for_model(field.related_model),
                         object_id=str(getattr(record, field.attname)))
    # The change message is JSON, written with non-ASCII characters escaped.
    escaped = json.dumps(text)[1:-1]
    mentions = Q(change_message__contains=text) | Q(change_message__contains=escaped)
    return list(own), list(LogEntry.objects.filter(parents, mentions))


def _scrub_json(value, text: str, *, only_name: str | None = None):
    """Every string in a change message's JSON scrubbed; with `only_name`, only the objects logged under
    that name (an inline's verbose name). An object's name (its str, which may cut the text off) is
    scrubbed to its end; a field's name only where the text stands whole in it."""
    if isinstance(value, str):
        return scrub(value, text) if only_name is None else value
    if isinstance(value, list):
        return [_scrub_json(item, text, only_name=only_name) for item in value]
    if isinstance(value, dict):
        logged = isinstance(value.get("object"), str) and (only_name is None or value.get("name") == only_name)
        scrubbed = {key: _scrub_json(item, text, only_name=only_name) for key, item in value.items()}
        return {**scrubbed, "object": scrub(value["object"], text, cut=True)} if logged else scrubbed
    return value


def _scrubbed_message(message: str, text: str, *, only_name: str | None = None) -> str:
    try:
        parsed = json.loads(message)
    except ValueError:  # an old plain-text message
        return scrub(message, text) if only_name is None else message
    if not isinstance(parsed, list):
        return message
    scrubbed = _scrub_json(parsed, text, only_name=only_name)
    return message if scrubbed == parsed else json.dumps(scrubbed)


def _admin_log_redact(records, text: str) -> int:
    changed = set()
    for record in records:
        own, parents = _log_entries(record, text)
        name = str(record._meta.verbose_name)
        updates = [(entry, scrub(entry.object_repr, text, cut=True)[:LOG_REPR_LENGTH],
                    _scrubbed_message(entry.change_message, text)) for entry in own]
        updates += [(entry, entry.object_repr, _scrubbed_message(entry.change_message, text, only_name=name))
                    for entry in parents]
        for entry, object_repr, change_message in updates:
            if (object_repr, change_message) != (entry.object_repr, entry.change_message):
                LogEntry.objects.filter(pk=entry.pk).update(object_repr=object_repr, change_message=change_message)
                changed.add(entry.pk)
    return len(changed)


def _in_admin_log(records, text: str) -> bool:
    return any(text in entry.object_repr or text in entry.change_message or json.dumps(text)[1:-1] in
               entry.change_message for record in records for entries in _log_entries(record, text)
               for entry in entries)


# Functions (text) -> [place, ...]: each replaces `text` in the frozen copies its app keeps, inside the
# redaction's transaction, and names where it did.
FROZEN_COPIES: list = []


def register_frozen_copies(function):
    if function not in FROZEN_COPIES:
        FROZEN_COPIES.append(function)
    return function


def _check(text: str, reason: str) -> None:
    errors = {}
    if len(text.strip()) < 2:
        errors["text"] = TEXT_TOO_SHORT
    if not reason.strip():
        errors["reason"] = REASON_REQUIRED
    elif len(text.strip()) >= 2 and text in reason:
        errors["reason"] = REASON_REPEATS_TEXT
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_redact(*, record, field: str, text: str, reason: str, by) -> Redaction:
    require(by, "bscb.redact", record)
    if field not in {f.name for f in redactable_fields(type(record))}:
        raise ValidationError({"field": NOT_A_TEXT_FIELD})
    _check(text, reason)
    stores = _stores(record, field, text)
    records = list({(type(s.record), s.record.pk): s.record for s in stores}.values())
    found = {id(store): store.values(text) for store in stores}
    if not any(found.values()) and not _in_admin_log(records, text):
        raise ValidationError({"text": TEXT_NOT_FOUND})
    # A column the database limits (a CharField) must still hold the longer replacement; a longer text
    # is not cut (an editor is told to shorten it).
    for store in stores:
        model_field = store.model._meta.get_field(store.field)
        if isinstance(model_field, models.CharField) and any(
                len(v.replace(text, REPLACEMENT)) > model_field.max_length for v in found[id(store)]):
            raise ValidationError({"text": TOO_LONG_AFTER})
    changes = [(store, store.replace(text)) for store in stores if found[id(store)]]
    for target in records:
        target.refresh_from_db()
    in_log = _admin_log_redact(records, text)
    places = [place for store, changed in changes if (place := _place(store, changed))]
    frozen = [place for function in FROZEN_COPIES for place in function(text)]
    places += frozen
    if in_log:
        places.append(ADMIN_LOG_PLACE.format(count=in_log, entries=_plural(in_log, "entry", "entries")))
    return Redaction.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, field=field,
        replacement=REPLACEMENT, reason=reason.strip(), redacted_by=by,
        occurrences=sum(sum(changed.values()) for _, changed in changes) + in_log + len(frozen),
        places=[scrub(place, text, cut=True) for place in places],
    )


def file_versions(record, field: str) -> list[str]:
    """The names of every stored version of a record's file: the current one and those its history names."""
    history = type(record).history.model._default_manager.filter(id=record.pk).exclude(**{field: ""})
    names = [getattr(record, field).name or "", *history.order_by("-history_date", "-pk")
             .values_list(field, flat=True)]
    return list(dict.fromkeys(name for name in names if name))


def _delete_files(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # left on disk, no longer named by any record: say so, for someone to remove
            logger.exception("A redacted file could not be removed: %s", name)


@transaction.atomic
def record_file_redact(*, record, field: str, reason: str, by) -> Redaction:
    """Remove a stored document and every earlier version of it (a file cannot have text replaced in it):
    the record and its history no longer name them, and the files leave the disk once this commits."""
    require(by, "bscb.redact", record)
    if field not in {f.name for f in file_fields(type(record))}:
        raise ValidationError({"field": NOT_A_FILE_FIELD})
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    model = type(record)
    record = model._default_manager.select_for_update().get(pk=record.pk)
    names = file_versions(record, field)
    if not names:
        raise ValidationError({"field": NO_FILE})
    in_record = model._default_manager.filter(pk=record.pk).exclude(**{field: ""}).update(**{field: ""})
    in_history = model.history.model._default_manager.filter(id=record.pk).exclude(**{field: ""}).update(
        **{field: ""})
    storage = model._meta.get_field(field).storage
    transaction.on_commit(lambda: _delete_files(storage, names))
    earlier = len(names) - (1 if in_record else 0)
    where = (["the current one"] if in_record else []) + (
        [f"{earlier} earlier {_plural(earlier, 'version', 'versions')}"] if earlier else [])
    place = (f"{_label(record)}, {_field_label(model, field)}: {len(names)} {_plural(len(names), 'file', 'files')} "
             f"removed ({' and '.join(where)})")
    return Redaction.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, field=field, replacement="",
        reason=reason.strip(), redacted_by=by, occurrences=in_record + in_history, places=[place],
    )


def redactions_of(record):
    return Redaction.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("redacted_by")
