"""Any governance record's history, and the business unit's audited redaction of its text."""

import mimetypes
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from simple_history.models import registered_models

from bscb import access
from bscb.forms import FileRedactionForm, RedactionForm, add_service_errors
from bscb.redaction import (
    file_fields,
    file_versions,
    record_file_redact,
    record_redact,
    redactable_fields,
    redactions_of,
)

LOCAL_APPS = {"bscb", "accountability", "plan", "challenge_log", "reporting", "notifications"}
HISTORY_PAGE_SIZE = 25
SKIPPED_FIELDS = {"id", "modified_on", "modified_by", "created_on", "created_by"}
VIEW_HISTORY = "accountability.view_history"


def _record(request, app_label, model, pk, perm):
    # Only the models that keep a history, as each app registered them with simple_history: the
    # core reaches no app by name.
    model_class = _tracked(app_label, model)
    if model_class is None:
        raise Http404
    if not request.user.has_perm(perm):
        raise PermissionDenied
    record = model_class.objects.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _tracked(app_label, model):
    if app_label not in LOCAL_APPS:
        return None
    for candidate in registered_models.values():
        meta = candidate._meta
        if meta.app_label == app_label and meta.model_name == model.lower() and hasattr(candidate, "history"):
            return candidate
    return None


def _changes(row, previous, fields, file_url):
    """What changed from `previous` to `row`, by raw column values (no query per row): each (label, value,
    link), the link where the value is a stored file the business unit may open (`file_url(row, field)`)."""
    changes = []
    for field in fields:
        new = getattr(row, field.attname)
        if previous is not None and getattr(previous, field.attname) == new:
            continue
        if previous is None and new in (None, ""):
            continue
        if isinstance(field, models.FileField):
            changes.append((field.verbose_name.capitalize(), os.path.basename(new) if new else "(removed)",
                            file_url(row, field) if new else None))
            continue
        shown = "changed" if field.is_relation else (new if new not in (None, "") else "(blank)")
        changes.append((field.verbose_name.capitalize(), shown, None))
    return changes


def _history_fields(model, history_model):
    """The record's fields its history keeps: a model may leave some out (a person's password hash and
    last sign-in are never copied into the history), so the page walks the history's columns."""
    kept = {f.attname for f in history_model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS and f.attname in kept]


def _back_url(record):
    return record.get_absolute_url() if hasattr(record, "get_absolute_url") else None


@access.record
def history(request, app_label, model, pk):
    record = _record(request, app_label, model, pk, VIEW_HISTORY)
    history_model = type(record).history.model
    rows = history_model.objects.filter(id=record.pk).select_related("history_user").order_by("-history_date", "-pk")
    page = Paginator(rows, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    # One row beyond the page, to show what the page's oldest version changed.
    start = (page.number - 1) * HISTORY_PAGE_SIZE
    window = list(rows[start:start + HISTORY_PAGE_SIZE + 1])
    fields = _history_fields(type(record), history_model)

    def file_url(row, field):
        return reverse("record-history-file", args=[app_label, model, record.pk, row.history_id, field.name])

    versions = [
        {"row": row, "changes": _changes(row, window[i + 1] if i + 1 < len(window) else None, fields, file_url)}
        for i, row in enumerate(window[:HISTORY_PAGE_SIZE])
    ]
    can_redact = request.user.has_perm("bscb.redact")
    context = {
        "record": record, "verbose_name": type(record)._meta.verbose_name, "versions": versions, "page": page,
        "redactions": redactions_of(record), "back_url": _back_url(record),
        "can_redact": can_redact and bool(redactable_fields(type(record))),
        # Stored documents the business unit may remove, with every earlier version.
        "removable": [f for f in file_fields(type(record)) if file_versions(record, f.name)] if can_redact else [],
        "app_label": app_label, "model": model,
    }
    return render(request, "bscb/record_history.html", context)


@access.record
def history_file(request, app_label, model, pk, history_id, field):
    """A stored document as one version of the record kept it (the minutes document before it was
    replaced): the business unit opens it from the record's history. Sent as an attachment, never cached."""
    record = _record(request, app_label, model, pk, VIEW_HISTORY)
    if field not in {f.name for f in file_fields(type(record))}:
        raise Http404
    row = get_object_or_404(type(record).history.model, history_id=history_id, id=record.pk)
    name = getattr(row, field)
    if not name:
        raise Http404("This version has no document.")
    storage = type(record)._meta.get_field(field).storage
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The document is missing.") from error
    extension = os.path.splitext(name)[1]
    filename = f"{record} {field.replace('_', ' ')} {row.history_date:%Y-%m-%d %H%M}{extension}"
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


@access.record
def redact(request, app_label, model, pk):
    record = _record(request, app_label, model, pk, "bscb.redact")
    fields = redactable_fields(type(record))
    if not fields:
        raise Http404
    form = RedactionForm(request.POST or None, fields=fields)
    if request.method == "POST" and form.is_valid():
        try:
            redaction = record_redact(
                record=record, field=form.cleaned_data["field"], text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"], by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The text was redacted in {redaction.occurrences} stored copies.")
            return redirect("record-redaction", app_label=app_label, model=model, pk=pk, redaction=redaction.pk)
    context = {"record": record, "form": form, "verbose_name": type(record)._meta.verbose_name,
               "app_label": app_label, "model": model}
    return render(request, "bscb/record_redact.html", context)


@access.record
def redact_file(request, app_label, model, pk, field):
    """The business unit removes a stored document and every earlier version of it."""
    record = _record(request, app_label, model, pk, "bscb.redact")
    model_field = next((f for f in file_fields(type(record)) if f.name == field), None)
    if model_field is None:
        raise Http404
    versions = file_versions(record, field)
    form = FileRedactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            redaction = record_file_redact(record=record, field=field, reason=form.cleaned_data["reason"],
                                           by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The document and its earlier versions were removed.")
            return redirect("record-redaction", app_label=app_label, model=model, pk=pk, redaction=redaction.pk)
    context = {"record": record, "form": form, "verbose_name": type(record)._meta.verbose_name,
               "field_label": model_field.verbose_name, "versions": len(versions),
               "app_label": app_label, "model": model}
    return render(request, "bscb/record_redact_file.html", context)


@access.record
def redaction(request, app_label, model, pk, redaction):
    """What a redaction did: who, when, why, and each place the text was found (the confirmation page
    after a redaction, and the record of it from the record's history)."""
    record = _record(request, app_label, model, pk, "bscb.redact")
    done = redactions_of(record).filter(pk=redaction).first()
    if done is None:
        raise Http404
    field = type(record)._meta.get_field(done.field) if done.field in {
        f.name for f in type(record)._meta.concrete_fields} else None
    return render(request, "bscb/record_redaction.html", {
        "record": record, "redaction": done, "verbose_name": type(record)._meta.verbose_name,
        "field_label": field.verbose_name if field else done.field,
        "is_file": isinstance(field, models.FileField), "app_label": app_label, "model": model,
    })
