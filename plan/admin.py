"""The plan in the admin. Saves go through plan.services (bscb.admin.ServiceSaves), as the administrator,
so a closed plan stays closed and numbers stay unique; a plan's status changes only by the admin action
that puts it in force (services.plan_activate); a record's place in the plan is set when it is made."""

from django.contrib import admin

from bscb.admin import StampedAdmin, StampedInline
from bscb.forms import model_data

from . import services
from .models import ActionSettings, EvidenceItem, Outcome, Plan, Priority, Target


class PlacedInPlan:
    """The record above it in the plan (a priority's plan, an outcome's priority...) is set when it is made."""

    parent_field = ""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, self.parent_field) if obj is not None else fields


class PrioritySaves:
    def service_create(self, request, form, parent=None):
        data = model_data(form)
        plan = data.pop("plan", None) or parent  # an inline's rows: the record above
        return services.priority_create(plan=plan, data=data, themes=form.cleaned_data.get("themes"),
                                        by=request.user)

    def service_update(self, request, record, form):
        return services.priority_update(priority=record, data=model_data(form, exclude=["plan"]),
                                        themes=form.cleaned_data.get("themes"), by=request.user)


class PriorityInline(PrioritySaves, StampedInline, admin.StackedInline):
    model = Priority
    fields = ("number", "title", "statement", "focus_areas")


@admin.register(Plan)
class PlanAdmin(StampedAdmin):
    list_display = ("title", "first_year", "last_year", "status")
    list_filter = ("status",)
    search_fields = ("title", "vision")
    inlines = [PriorityInline]
    readonly_fields = ("status", "copied_from")
    actions = ["activate"]

    def service_create(self, request, form, parent=None):
        return services.plan_create(data=model_data(form), by=request.user)

    def service_update(self, request, record, form):
        return services.plan_update(plan=record, data=model_data(form), by=request.user)

    @admin.action(description="Put the selected plan in force", permissions=["change"])
    def activate(self, request, queryset):
        self.service_action(request, queryset, lambda plan, by: services.plan_activate(plan=plan, by=by),
                            "put in force")


class OutcomeSaves:
    def service_create(self, request, form, parent=None):
        data = model_data(form)
        priority = data.pop("priority", None) or parent  # an inline's rows: the record above
        return services.outcome_create(priority=priority, data=data, themes=form.cleaned_data.get("themes"),
                                       by=request.user)

    def service_update(self, request, record, form):
        return services.outcome_update(outcome=record, data=model_data(form, exclude=["priority"]),
                                       themes=form.cleaned_data.get("themes"), by=request.user)


class OutcomeInline(OutcomeSaves, StampedInline, admin.StackedInline):
    model = Outcome
    fields = ("code", "order", "statement", "years", "responsibility")


@admin.register(Priority)
class PriorityAdmin(PlacedInPlan, PrioritySaves, StampedAdmin):
    parent_field = "plan"
    list_display = ("__str__", "plan", "number")
    list_filter = ("plan",)
    list_select_related = ("plan",)
    search_fields = ("title", "statement", "focus_areas")
    autocomplete_fields = ("themes",)
    inlines = [OutcomeInline]


class TargetSaves:
    def service_create(self, request, form, parent=None):
        data = model_data(form)
        outcome = data.pop("outcome", None) or parent  # an inline's rows: the record above
        return services.target_create(outcome=outcome, data=data, by=request.user)

    def service_update(self, request, record, form):
        return services.target_update(target=record, data=model_data(form, exclude=["outcome"]), by=request.user)


class TargetInline(TargetSaves, StampedInline, admin.TabularInline):
    model = Target
    fields = ("order", "text", "due_date")


class EvidenceSaves:
    def service_create(self, request, form, parent=None):
        data = model_data(form)
        outcome = data.pop("outcome", None) or parent  # an inline's rows: the record above
        return services.evidence_create(outcome=outcome, data=data,
                                        bodies=form.cleaned_data.get("responsible_bodies"), by=request.user)

    def service_update(self, request, record, form):
        return services.evidence_update(evidence=record, data=model_data(form, exclude=["outcome"]),
                                        bodies=form.cleaned_data.get("responsible_bodies"), by=request.user)


class EvidenceInline(EvidenceSaves, StampedInline, admin.StackedInline):
    model = EvidenceItem
    fields = ("order", "text", "responsibility", "responsible_bodies")
    autocomplete_fields = ("responsible_bodies",)


@admin.register(Outcome)
class OutcomeAdmin(PlacedInPlan, OutcomeSaves, StampedAdmin):
    parent_field = "priority"
    list_display = ("code", "statement", "priority")
    list_filter = ("priority__plan",)
    list_select_related = ("priority", "priority__plan")
    search_fields = ("code", "statement", "responsibility")
    autocomplete_fields = ("themes",)
    inlines = [TargetInline, EvidenceInline]


@admin.register(Target)
class TargetAdmin(PlacedInPlan, TargetSaves, StampedAdmin):
    parent_field = "outcome"
    list_display = ("text", "outcome", "due_date")
    list_select_related = ("outcome",)
    search_fields = ("text",)
    date_hierarchy = "due_date"


@admin.register(EvidenceItem)
class EvidenceItemAdmin(PlacedInPlan, EvidenceSaves, StampedAdmin):
    parent_field = "outcome"
    list_display = ("text", "outcome", "responsibility")
    list_select_related = ("outcome",)
    search_fields = ("text", "responsibility")
    autocomplete_fields = ("responsible_bodies",)


@admin.register(ActionSettings)
class ActionSettingsAdmin(admin.ModelAdmin):
    """When an action counts as stale: the row is made after every migrate (plan.apps), never added or deleted
    here. Action plans and actions change only on their own pages, through the services, so that every step
    is in their history."""

    list_display = ["__str__", "stale_after_days", "rollup_rule"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
