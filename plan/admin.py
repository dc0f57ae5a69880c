from django.contrib import admin

from bscb.admin import StampedAdmin, StampedInline

from .models import EvidenceItem, Outcome, Plan, Priority, Target


class PriorityInline(StampedInline, admin.StackedInline):
    model = Priority
    fields = ("number", "title", "statement", "focus_areas")


@admin.register(Plan)
class PlanAdmin(StampedAdmin):
    list_display = ("title", "first_year", "last_year", "status")
    list_filter = ("status",)
    search_fields = ("title", "vision")
    inlines = [PriorityInline]


class OutcomeInline(StampedInline, admin.StackedInline):
    model = Outcome
    fields = ("code", "order", "statement", "years", "responsibility")


@admin.register(Priority)
class PriorityAdmin(StampedAdmin):
    list_display = ("__str__", "plan", "number")
    list_filter = ("plan",)
    list_select_related = ("plan",)
    search_fields = ("title", "statement", "focus_areas")
    autocomplete_fields = ("themes",)
    inlines = [OutcomeInline]


class TargetInline(StampedInline, admin.TabularInline):
    model = Target
    fields = ("order", "text", "due_date")


class EvidenceInline(StampedInline, admin.StackedInline):
    model = EvidenceItem
    fields = ("order", "text", "responsibility", "responsible_bodies")
    autocomplete_fields = ("responsible_bodies",)


@admin.register(Outcome)
class OutcomeAdmin(StampedAdmin):
    list_display = ("code", "statement", "priority")
    list_filter = ("priority__plan",)
    list_select_related = ("priority", "priority__plan")
    search_fields = ("code", "statement", "responsibility")
    autocomplete_fields = ("themes",)
    inlines = [TargetInline, EvidenceInline]


@admin.register(Target)
class TargetAdmin(StampedAdmin):
    list_display = ("text", "outcome", "due_date")
    list_select_related = ("outcome",)
    search_fields = ("text",)
    date_hierarchy = "due_date"


@admin.register(EvidenceItem)
class EvidenceItemAdmin(StampedAdmin):
    list_display = ("text", "outcome", "responsibility")
    list_select_related = ("outcome",)
    search_fields = ("text", "responsibility")
    autocomplete_fields = ("responsible_bodies",)
