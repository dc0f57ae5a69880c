"""Summaries in the admin: to look up and audit, read only. They are written, submitted, amended and
received through the app's pages, whose services keep the rules (who may write, versions, reasons);
an admin form would bypass them. The deadline settings are the administrator's: one row, saved
through its service, which moves the drafts' due dates."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from bscb.admin import StampedAdmin

from . import services
from .models import DeadlineSettings, Summary, SummaryReceipt, SummaryVersion


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnly, admin.TabularInline):
    model = SummaryVersion
    fields = ("number", "created_on", "created_by", "amendment_reason")
    readonly_fields = fields
    show_change_link = True


class ReceiptInline(ReadOnly, admin.TabularInline):
    model = SummaryReceipt
    fields = ("body", "received_on", "received_by")
    readonly_fields = fields


@admin.register(Summary)
class SummaryAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("body", "meeting", "due_date", "status", "submitted_on", "nominated_drafter")
    list_filter = ("status", "body")
    search_fields = ("body__name", "body__short_name")
    list_select_related = ("body", "meeting", "meeting__body", "nominated_drafter")
    date_hierarchy = "due_date"
    inlines = [VersionInline, ReceiptInline]


@admin.register(SummaryVersion)
class SummaryVersionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("summary", "number", "created_on", "created_by")
    list_select_related = ("summary__body", "summary__meeting", "summary__meeting__body", "created_by")
    search_fields = ("summary__body__name",)


@admin.register(SummaryReceipt)
class SummaryReceiptAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("summary", "body", "received_on", "received_by")
    list_filter = ("body", ("received_on", admin.EmptyFieldListFilter))
    list_select_related = ("summary__body", "summary__meeting", "summary__meeting__body", "body", "received_by")


@admin.register(DeadlineSettings)
class DeadlineSettingsAdmin(StampedAdmin):
    """The one row: the list opens it; nobody adds another or deletes it. It is made after every migrate
    (and until then the rules use the defaults), so adding is never offered: that also spares the
    query the admin's menu would make on every page to ask. Saved through the service, which moves the
    unsubmitted due dates."""

    fields = services.DEADLINE_FIELDS

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        row = DeadlineSettings.objects.filter(pk=DeadlineSettings.PK).first()
        if row is None:
            return super().changelist_view(request, extra_context)
        return redirect(reverse("admin:reporting_deadlinesettings_change", args=[row.pk]))

    def service_update(self, request, record, form) -> bool:
        _row, moved = services.deadline_settings_update(**{f: form.cleaned_data[f] for f in self.fields},
                                                        by=request.user)
        if moved:
            messages.info(request, f"{moved} unsubmitted due date{'s' if moved != 1 else ''} moved to the new rules.")
        return True
