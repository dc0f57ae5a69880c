from django.contrib import admin

from .models import ChaseSettings, Notice, Outbox, Reminder


@admin.register(ChaseSettings)
class ChaseSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "days_before", "repeat_every", "escalate_to_bu_after", "escalate_to_chair_after"]

    def has_add_permission(self, request):
        return not ChaseSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "step", "recipient", "status", "as_of", "created"]
    list_filter = ["status", "as_of"]
    search_fields = ["key"]
    readonly_fields = [f.name for f in Reminder._meta.fields]


admin.site.register(Notice)
admin.site.register(Outbox)
