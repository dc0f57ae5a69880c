from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bscb.services import stamp

from .models import Partnership, Redaction, Theme, WorkerHeartbeat

STAMP_FIELDS = ("created_on", "created_by", "modified_on", "modified_by")


class StampedAdmin(SimpleHistoryAdmin):
    """Saves in the admin record who made them, on the record (created/modified by) and in its history,
    for the record and for every row of its inlines. Governance records are never deleted here
    (DESIGN.md: nothing is deleted but by an audited redaction); configuration rows may be."""

    deletable = False

    def get_readonly_fields(self, request, obj=None):
        stamps = STAMP_FIELDS if hasattr(self.model, "modified_by_id") else ()
        return (*super().get_readonly_fields(request, obj), *stamps)

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        stamp(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._history_user = request.user
            obj.delete()
        for obj in instances:
            stamp(obj, request.user)
            obj.save()
        formset.save_m2m()


class StampedInline:
    """Inline rows of governance records: added and changed, never deleted."""

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
