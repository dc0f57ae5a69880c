from django.contrib import admin

from .models import ChaseSettings, Digest, Notice, Outbox, Reminder, Unreached


@admin.register(ChaseSettings)
class ChaseSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "days_before", "repeat_every", "escalate_to_bu_after", "escalate_to_chair_after",
                    "remind_now_minutes"]

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


class OutboxInline(admin.TabularInline):
    model = Outbox
    fields = readonly_fields = ["reminder", "message_id"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """The daily emails, as sent (or owed): read-only, as the chase writes them."""

    list_display = ["message_id", "user", "day", "created", "sent_on"]
    list_filter = ["day"]
    readonly_fields = [f.name for f in Digest._meta.fields]
    inlines = [OutboxInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Notice)


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ["message_id", "user", "immediate", "digest", "email_sent_on"]
    list_filter = ["immediate"]
    list_select_related = ["user", "digest"]
    readonly_fields = [f.name for f in Outbox._meta.fields]


@admin.register(Unreached)
class UnreachedAdmin(admin.ModelAdmin):
    """What the chase could remind nobody of, a day at a time (the administrators are emailed each): read-only."""

    list_display = ["title", "key", "day", "due_date", "alerted_on"]
    list_filter = ["day"]
    search_fields = ["key", "title"]
    readonly_fields = [f.name for f in Unreached._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
