"""Audited redaction: the business unit replaces text that should never have been typed (a child's
name, say) in a record, in its history and in any versions it keeps, and records who and why.
The removed text is not kept anywhere, the Redaction row included.

A model whose versions live in other records (a summary's amendments) lists them with a method
`redaction_related_records()`; each is redacted in the same field."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Replace

from .models import Redaction
from .services import require

REPLACEMENT = "[redacted]"
TEXT_NOT_FOUND = "That text is not in this field. Copy it exactly as it appears."
TEXT_TOO_SHORT = "Enter at least 2 characters to redact."
REASON_REQUIRED = "Give the reason for the redaction"
NOT_A_TEXT_FIELD = "Only text fields can be redacted."
REASON_REPEATS_TEXT = "Do not repeat the text being removed in the reason: the reason is kept."
TOO_LONG_AFTER = (
    "Replacing this text with " + REPLACEMENT + " would make the field longer than it may be. "
    "Select more of the surrounding text."
)


def redactable_fields(model) -> list[models.Field]:
    return [
        f for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField) and not f.choices and f.editable
        and f.name not in ("password", "email")
    ]


def _replace_in(queryset, field: str, text: str) -> int:
    return queryset.filter(**{f"{field}__contains": text}).update(
        **{field: Replace(field, Value(text), Value(REPLACEMENT))}
    )


@transaction.atomic
def record_redact(*, record, field: str, text: str, reason: str, by) -> Redaction:
    require(by, "bscb.redact", record)
    if field not in {f.name for f in redactable_fields(type(record))}:
        raise ValidationError({"field": NOT_A_TEXT_FIELD})
    errors = {}
    if len(text.strip()) < 2:
        errors["text"] = TEXT_TOO_SHORT
    if not reason.strip():
        errors["reason"] = REASON_REQUIRED
    elif len(text.strip()) >= 2 and text in reason:
        errors["reason"] = REASON_REPEATS_TEXT
    if errors:
        raise ValidationError(errors)
    records = [record, *getattr(record, "redaction_related_records", list)()]
    # Every stored copy: the record (and its versions) and each one's history, where text edited
    # out of the record may still stand.
    stores = []
    for target in records:
        model = type(target)
        stores.append(model.objects.filter(pk=target.pk))
        history = getattr(model, "history", None)
        if history is not None:
            stores.append(history.model.objects.filter(id=target.pk))
    # SQLite's LIKE ignores case, so the database narrows and Python decides: the replacement is exact.
    values = [v for store in stores for v in store.filter(**{f"{field}__contains": text}).values_list(field, flat=True)
              if text in v]
    if not values:
        raise ValidationError({"text": TEXT_NOT_FOUND})
    max_length = type(record)._meta.get_field(field).max_length
    if max_length and any(len(v.replace(text, REPLACEMENT)) > max_length for v in values):
        raise ValidationError({"text": TOO_LONG_AFTER})
    changed = 0
    for store in stores:
        # QuerySet.update writes no history row, so the text is not copied into a new version.
        changed += _replace_in(store, field, text)
    for target in records:
        target.refresh_from_db(fields=[field])
    return Redaction.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, field=field,
        replacement=REPLACEMENT, reason=reason.strip(), redacted_by=by, occurrences=changed,
    )


def redactions_of(record):
    return Redaction.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("redacted_by")
