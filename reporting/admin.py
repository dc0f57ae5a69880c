"""Summaries in the admin: to look up and audit, read only. They are written, submitted, amended and
received through the app's pages, whose services keep the rules (who may write, versions, reasons);
an admin form would bypass them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Summary, SummaryReceipt, SummaryVersion


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
