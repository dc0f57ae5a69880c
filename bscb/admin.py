from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Partnership, WorkerHeartbeat


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
