from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .forms import model_data
from .models import FormSubmission, Partnership, Redaction, Theme, WorkerHeartbeat
from .services import NotAllowed

STAMP_FIELDS = ("created_on", "created_by", "modified_on", "modified_by")


def refusal_messages(refusal: ValidationError | NotAllowed) -> list[str]:
    return [refusal.message] if isinstance(refusal, NotAllowed) else refusal.messages


def _fresh(record):
    """The record as stored: the admin's form has already put the new values on its own copy."""
    return type(record)._default_manager.get(pk=record.pk)


class ServiceSaves:
    """Saves in the admin go through the app's services, with the signed-in administrator as `by`, so the
    admin applies the rights, states and locks the pages apply. A model admin (or inline) says which
    service makes a record (`service_create`, given the form and, in an inline, the parent record) and
    which changes one (`service_update`, given the record as stored and the form)."""

    def service_create(self, request, form, parent=None):
        raise NotImplementedError(f"{type(self).__name__} names no service to create a record with")

    def service_update(self, request, record, form) -> bool:
        raise NotImplementedError(f"{type(self).__name__} names no service to change a record with")

    def service_save_formset(self, request, parent, formset) -> None:
        """An inline's rows: each new or changed row through the services (rows are never deleted here).
        What was made and changed is left on the formset, as formset.save() leaves it, for the admin's log."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for form in formset.forms:
            if not form.has_changed() or form in formset.deleted_forms:
                continue
            if form.instance.pk is None:
                formset.new_objects.append(self.service_create(request, form, parent))
            else:
                record = _fresh(form.instance)
                self.service_update(request, record, form)
                formset.changed_objects.append((record, form.changed_data))


class StampedAdmin(ServiceSaves, SimpleHistoryAdmin):
    """Saves in the admin go through the services (ServiceSaves), which record who made them, on the
    record (created/modified by) and in its history, for the record and for every row of its inlines.
    A refusal the form's own checks did not foresee (a right the administrator lacks, a change made
    meanwhile) is shown as a message, and nothing is saved. Governance records are never deleted here
    (DESIGN.md: nothing is deleted but by an audited redaction); configuration rows may be."""

    deletable = False

    def get_readonly_fields(self, request, obj=None):
        stamps = STAMP_FIELDS if hasattr(self.model, "modified_by_id") else ()
        return (*super().get_readonly_fields(request, obj), *stamps)

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, NotAllowed) as refusal:  # rolled back with the admin's transaction
            for message in refusal_messages(refusal):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            self.service_update(request, _fresh(obj), form)
        else:
            saved = self.service_create(request, form)
            obj.pk = saved.pk  # the admin logs and redirects with the form's copy
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields are the services' (service_create/update), not form.save_m2m's.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        formset.inline_admin.service_save_formset(request, form.instance, formset)

    def service_action(self, request, queryset, service, done: str) -> None:
        """An admin action that makes one service's change of state to each selected record: each refusal
        is shown with its record (no 500), the others are made."""
        made = 0
        for record in queryset:
            try:
                with transaction.atomic():
                    service(record, request.user)
            except (ValidationError, NotAllowed) as refusal:
                for message in refusal_messages(refusal):
                    self.message_user(request, f"{record}: {message}", messages.ERROR)
            else:
                made += 1
        if made:
            self.message_user(request, f"{made} {done}.", messages.SUCCESS)


class ServiceInline(ServiceSaves):
    """An inline whose rows the parent's admin saves through this inline's services."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.inline_admin = self
        return formset


class StampedInline(ServiceInline):
    """Inline rows of governance records: added and changed through the services, never deleted."""

    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "area")

    def has_add_permission(self, request):
        return not Partnership.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_beat", "beats")
    readonly_fields = ("name", "last_beat", "beats")

    def has_add_permission(self, request):
        return False


@admin.register(Theme)
class ThemeAdmin(StampedAdmin):
    list_display = ("name", "description", "modified_on")
    search_fields = ("name", "description")
    list_select_related = ()

    def service_create(self, request, form, parent=None):
        return services.theme_create(data=model_data(form), by=request.user)

    def service_update(self, request, record, form):
        return services.theme_update(theme=record, data=model_data(form), by=request.user)


@admin.register(FormSubmission)
class FormSubmissionAdmin(admin.ModelAdmin):
    """The one-time tokens of forms that made a record (bscb.forms.save_form): read only."""

    list_display = ("created_on", "user", "location")
    search_fields = ("user__full_name", "user__email", "location")
    list_select_related = ("user",)
    date_hierarchy = "created_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Redaction)
class RedactionAdmin(admin.ModelAdmin):
    """The audit of redactions: read only. Redactions are made from a record's history page."""

    list_display = ("redacted_on", "redacted_by", "content_type", "object_id", "field", "occurrences")
    list_filter = ("content_type", "field")
    search_fields = ("reason", "redacted_by__full_name", "redacted_by__email")
    list_select_related = ("redacted_by", "content_type")
    date_hierarchy = "redacted_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
