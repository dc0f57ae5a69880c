"""The log in the admin: its scale and alert rules are set here; entries are read here (with their history)
and changed only on the log's own pages, through the services, so that every step is on the timeline."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Entry, LogSettings, Step


@admin.register(LogSettings)
class LogSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "low_up_to", "medium_up_to", "high_up_to", "persisting_reviews",
                    "persisting_overdue_days"]

    def has_add_permission(self, request):
        # The row is made after every migrate (challenge_log.apps): never offered, which also spares the
        # query the admin's menu would make on every page to ask.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = Step
    fields = ["on", "kind", "by", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "kind", "status", "raised_by_body", "restricted"]
    list_filter = ["kind", "status", "restricted"]
    search_fields = ["reference", "title"]
    list_select_related = ["raised_by_body"]
    inlines = [StepInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Entry._meta.fields] + ["themes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read only: the steps are taken on the log's pages

    def has_delete_permission(self, request, obj=None):
        return False
