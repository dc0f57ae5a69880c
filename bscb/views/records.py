"""Any governance record's history, and the business unit's audited redaction of its text."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from simple_history.models import registered_models

from bscb import access
from bscb.forms import RedactionForm, add_service_errors
from bscb.redaction import record_redact, redactable_fields, redactions_of

LOCAL_APPS = {"bscb", "accountability", "plan", "challenge_log", "reporting", "notifications"}
HISTORY_PAGE_SIZE = 25
SKIPPED_FIELDS = {"id", "modified_on", "modified_by", "created_on", "created_by"}


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


def _changes(row, previous, fields):
    """What changed from `previous` to `row`, by raw column values (no query per row)."""
    changes = []
    for field in fields:
        new = getattr(row, field.attname)
        if previous is not None and getattr(previous, field.attname) == new:
            continue
        if previous is None and new in (None, ""):
            continue
        shown = "changed" if field.is_relation else (new if new not in (None, "") else "(blank)")
        changes.append((field.verbose_name.capitalize(), shown))
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
    record = _record(request, app_label, model, pk, "accountability.view_history")
    history_model = type(record).history.model
    rows = history_model.objects.filter(id=record.pk).select_related("history_user").order_by("-history_date", "-pk")
    page = Paginator(rows, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    # One row beyond the page, to show what the page's oldest version changed.
    start = (page.number - 1) * HISTORY_PAGE_SIZE
    window = list(rows[start:start + HISTORY_PAGE_SIZE + 1])
    fields = _history_fields(type(record), history_model)
    versions = [
        {"row": row, "changes": _changes(row, window[i + 1] if i + 1 < len(window) else None, fields)}
        for i, row in enumerate(window[:HISTORY_PAGE_SIZE])
    ]
    context = {
        "record": record, "verbose_name": type(record)._meta.verbose_name, "versions": versions, "page": page,
        "redactions": redactions_of(record), "back_url": _back_url(record),
        "can_redact": request.user.has_perm("bscb.redact") and bool(redactable_fields(type(record))),
        "app_label": app_label, "model": model,
    }
    return render(request, "bscb/record_history.html", context)


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
            return redirect("record-history", app_label=app_label, model=model, pk=pk)
    context = {"record": record, "form": form, "verbose_name": type(record)._meta.verbose_name,
               "app_label": app_label, "model": model}
    return render(request, "bscb/record_redact.html", context)
