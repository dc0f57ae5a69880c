from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from bscb.admin import STAMP_FIELDS, ServiceInline, StampedAdmin, StampedInline
from bscb.forms import add_service_errors, model_data

from . import services
from .documents import validate_minutes_document
from .models import (
    AgendaItem,
    Attendance,
    Body,
    BodyFunction,
    BodyKind,
    Decision,
    Meeting,
    MeetingStatus,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from .roles import current


class UserCreateForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("full_name", "email")
    list_display = ("full_name", "email", "job_title", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("full_name", "email", "job_title")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)


# The admin is where an administrator configures the structure (DESIGN.md). Its saves go through the
# services (bscb.admin.ServiceSaves), as the administrator, and a meeting's status changes only by the
# admin actions that call the services' transitions, so the admin cannot make a state the pages could not.
# Its forms run the services' checks first, to show their messages beside the fields.
class CurrentFilter(admin.SimpleListFilter):
    """Terms (memberships, agency leads) that cover today, or that have ended or not yet begun."""

    title = "current"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current"), ("no", "Ended or not yet begun")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(current(today))
        if self.value() == "no":
            return queryset.exclude(current(today))
        return queryset


def _check(form, check, **kwargs):
    """Run a service's check and put its refusals beside the admin form's fields: the admin applies
    the services' rules rather than copies of them."""
    try:
        check(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error)


# Organisations and their leads
class OrganisationLeadAdminForm(forms.ModelForm):
    """Refuses what services.organisation_lead_add refuses: an end before the start, overlapping terms."""

    class Meta:
        model = OrganisationLead
        fields = ("organisation", "person", "role", "start", "end")

    def clean(self):
        cleaned = super().clean()
        organisation, person, start, end = (cleaned.get(k) for k in ("organisation", "person", "start", "end"))
        if organisation and organisation.pk and person and start:
            _check(self, services.organisation_lead_check, organisation=organisation, person=person, start=start,
                   end=end, exclude_pk=self.instance.pk)
        elif start and end and end < start:
            self.add_error("end", services.END_BEFORE_START)
        return cleaned


class LeadSaves:
    def service_create(self, request, form, parent=None):
        data = model_data(form)
        if parent is not None:
            data["organisation"] = parent
        return services.organisation_lead_add(**data, by=request.user)

    def service_update(self, request, record, form):
        return services.organisation_lead_update(lead=record, data=model_data(form), by=request.user)


class OrganisationLeadInline(LeadSaves, StampedInline, admin.TabularInline):
    model = OrganisationLead
    form = OrganisationLeadAdminForm
    fields = ("person", "role", "start", "end")
    autocomplete_fields = ("person",)


@admin.register(Organisation)
class OrganisationAdmin(StampedAdmin):
    list_display = ("name", "short_name", "sector", "kind", "parent")
    list_filter = ("sector", "kind")
    search_fields = ("name", "short_name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    inlines = [OrganisationLeadInline]

    def service_create(self, request, form, parent=None):
        return services.organisation_create(data=model_data(form), by=request.user)

    def service_update(self, request, record, form):
        return services.organisation_update(organisation=record, data=model_data(form), by=request.user)


@admin.register(OrganisationLead)
class OrganisationLeadAdmin(LeadSaves, StampedAdmin):
    form = OrganisationLeadAdminForm
    list_display = ("person", "organisation", "role", "start", "end")
    list_filter = (CurrentFilter, "role", "organisation__sector")
    search_fields = ("person__full_name", "person__email", "organisation__name", "organisation__short_name")
    list_select_related = ("person", "organisation")
    autocomplete_fields = ("person", "organisation")


# Bodies, their functions and members
@admin.register(BodyKind)
class BodyKindAdmin(SimpleHistoryAdmin):
    list_display = ("name", "plural", "order")
    search_fields = ("name",)


def _single_holder_clash(functions, body_id):
    """The service's refusal of a single-holder function another body holds, or None."""
    try:
        services.body_functions_check(body_id=body_id, functions=functions)
    except ValidationError as error:
        return error.message_dict["functions"][0]
    return None


class BodyFunctionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        functions = [
            f.cleaned_data["function"] for f in self.forms
            if f.cleaned_data.get("function") and not f.cleaned_data.get("DELETE")
        ]
        clash = _single_holder_clash(functions, self.instance.pk)
        if clash:
            raise ValidationError(clash)


class BodyFunctionForm(forms.ModelForm):
    class Meta:
        model = BodyFunction
        fields = ("body", "function")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body") and cleaned.get("function"):
            clash = _single_holder_clash([cleaned["function"]], cleaned["body"].pk)
            if clash:
                self.add_error("function", clash)
        return cleaned


class BodyFunctionInline(ServiceInline, admin.TabularInline):
    """Functions are configuration: they may be removed (the history keeps them). The body's functions
    are set together, by services.body_functions_set."""

    model = BodyFunction
    formset = BodyFunctionFormSet
    extra = 0

    def service_save_formset(self, request, parent, formset):
        before = {f.function: f for f in BodyFunction.objects.filter(body=parent)}
        kept = [f.cleaned_data["function"] for f in formset.forms
                if f.cleaned_data.get("function") and f not in formset.deleted_forms]
        if formset.has_changed():
            services.body_functions_set(body=parent, functions=kept, by=request.user)
        after = {f.function: f for f in BodyFunction.objects.filter(body=parent)}
        formset.new_objects = [f for function, f in after.items() if function not in before]
        formset.deleted_objects = [f for function, f in before.items() if function not in after]
        formset.changed_objects = []


class MembershipAdminForm(forms.ModelForm):
    """Refuses a duplicate term or a second chair, as services.membership_add does."""

    class Meta:
        model = Membership
        fields = ("person", "body", "role", "organisation", "start", "end")

    def clean(self):
        cleaned = super().clean()
        person, body, role, start = (cleaned.get(k) for k in ("person", "body", "role", "start"))
        end = cleaned.get("end")
        if person and body and body.pk and role and start:
            _check(self, services.membership_check, person=person, body=body, role=role, start=start, end=end,
                   exclude_pk=self.instance.pk)
        elif end is not None and start is not None and end < start:
            self.add_error("end", services.END_BEFORE_START)
        return cleaned


class MembershipSaves:
    """Terms on a body, through membership_add and membership_update (and their lock against two chairs)."""

    def service_create(self, request, form, parent=None):
        data = model_data(form)
        if parent is not None:
            data["body"] = parent
        return services.membership_add(**data, by=request.user)

    def service_update(self, request, record, form):
        return services.membership_update(membership=record, data=model_data(form), by=request.user)


class MembershipInline(MembershipSaves, StampedInline, admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    fields = ("person", "role", "organisation", "start", "end")
    autocomplete_fields = ("person", "organisation")


BODY_FIELDS = (
    "kind", "name", "short_name", "reports_to", "active_from", "active_to", "purpose", "terms_of_reference",
    "membership_rule", "seats_for_chairs_of", "meeting_cadence_weeks", "owes_summaries",
    "owes_quarterly_summaries", "owes_yearly_assurance",
)


class BodyAdminForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = BODY_FIELDS

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("active_from"), cleaned.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", services.END_BEFORE_START)
        return cleaned


@admin.register(Body)
class BodyAdmin(StampedAdmin):
    form = BodyAdminForm
    list_display = ("name", "short_name", "kind", "reports_to", "active_from", "active_to")
    list_filter = ("kind", "functions__function", "owes_summaries", "owes_quarterly_summaries",
                   "owes_yearly_assurance")
    search_fields = ("name", "short_name", "purpose")
    list_select_related = ("kind", "reports_to")
    autocomplete_fields = ("reports_to",)
    inlines = [BodyFunctionInline, MembershipInline]
    fieldsets = (
        (None, {"fields": ("kind", "name", "short_name", "reports_to", "active_from", "active_to")}),
        ("Purpose and membership", {"fields": ("purpose", "terms_of_reference", "membership_rule",
                                               "seats_for_chairs_of")}),
        ("What it owes", {"fields": ("meeting_cadence_weeks", "owes_summaries", "owes_quarterly_summaries",
                                     "owes_yearly_assurance")}),
        ("Record", {"fields": STAMP_FIELDS, "classes": ("collapse",)}),
    )

    def service_create(self, request, form, parent=None):
        return services.body_create(data=model_data(form), by=request.user)

    def service_update(self, request, record, form):
        return services.body_update(body=record, data=model_data(form), by=request.user)


def _functions_of(body) -> list[str]:
    return list(BodyFunction.objects.filter(body=body).values_list("function", flat=True))


@admin.register(BodyFunction)
class BodyFunctionAdmin(StampedAdmin):
    """A function is given or taken away (services.body_functions_set); to move it, take it away and give it."""

    deletable = True
    form = BodyFunctionForm
    list_display = ("function", "body")
    list_filter = ("function",)
    search_fields = ("body__name", "body__short_name")
    list_select_related = ("body",)
    autocomplete_fields = ("body",)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def service_create(self, request, form, parent=None):
        body, function = form.cleaned_data["body"], form.cleaned_data["function"]
        services.body_functions_set(body=body, functions=[*_functions_of(body), function], by=request.user)
        return BodyFunction.objects.get(body=body, function=function)

    def delete_model(self, request, obj):
        services.body_functions_set(body=obj.body, functions=[f for f in _functions_of(obj.body) if f != obj.function],
                                    by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("body"):
            self.delete_model(request, obj)


@admin.register(Membership)
class MembershipAdmin(MembershipSaves, StampedAdmin):
    form = MembershipAdminForm
    list_display = ("person", "body", "role", "organisation", "start", "end")
    list_filter = (CurrentFilter, "role", "body__kind", ("body", admin.RelatedOnlyFieldListFilter))
    search_fields = ("person__full_name", "person__email", "body__name", "body__short_name", "organisation__name")
    list_select_related = ("person", "body", "organisation")
    autocomplete_fields = ("person", "body", "organisation")


# Meetings, their agendas, attendance and decisions
class MeetingAdminForm(forms.ModelForm):
    """A meeting's details; its status is read-only here, changed by the admin actions (the services'
    transitions: held, cancelled)."""

    class Meta:
        model = Meeting
        fields = ("body", "starts_at", "place", "is_final_of_year", "minutes", "minutes_document")

    def clean_minutes_document(self):
        document = self.cleaned_data.get("minutes_document")
        if isinstance(document, UploadedFile):  # a new upload, checked by its content
            try:
                validate_minutes_document(document)
            except ValidationError as error:
                raise ValidationError(error.message_dict["minutes_document"]) from error
        return document

    def clean(self):
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        if self.instance.status == MeetingStatus.HELD and starts_at and starts_at > timezone.now():
            self.add_error("starts_at", services.HELD_IN_FUTURE)
        return cleaned


class AgendaItemSaves:
    def service_create(self, request, form, parent=None):
        data = model_data(form)
        if parent is not None:
            data["meeting"] = parent
        return services.agenda_item_add(**data, by=request.user)

    def service_update(self, request, record, form):
        return services.agenda_item_update(item=record, data=model_data(form), by=request.user)


class AgendaItemInline(AgendaItemSaves, StampedInline, admin.TabularInline):
    model = AgendaItem
    fields = ("order", "title", "notes")


class AttendanceAdminForm(forms.ModelForm):
    """Refuses what services.attendance_record refuses."""

    class Meta:
        model = Attendance
        fields = ("meeting", "person", "organisation", "status", "delegate_name", "delegate_role",
                  "delegate_organisation", "delegate_sufficiently_senior")

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting") or getattr(self.instance, "meeting", None)
        if meeting is not None and cleaned.get("status"):
            _check(self, services.attendance_check, meeting=meeting, status=cleaned["status"],
                   delegate_name=cleaned.get("delegate_name") or "", delegate_role=cleaned.get("delegate_role") or "",
                   delegate_organisation=cleaned.get("delegate_organisation"),
                   delegate_sufficiently_senior=cleaned.get("delegate_sufficiently_senior"))
        return cleaned


class AttendanceSaves:
    def service_create(self, request, form, parent=None):
        data = model_data(form)
        if parent is not None:
            data["meeting"] = parent
        return services.attendance_record(**data, by=request.user)

    def service_update(self, request, record, form):
        return services.attendance_update(attendance=record, data=model_data(form), by=request.user)


class AttendanceInline(AttendanceSaves, StampedInline, admin.TabularInline):
    model = Attendance
    form = AttendanceAdminForm
    fields = ("person", "organisation", "status", "delegate_name", "delegate_role", "delegate_organisation",
              "delegate_sufficiently_senior")
    autocomplete_fields = ("person", "organisation", "delegate_organisation")


@admin.register(Meeting)
class MeetingAdmin(StampedAdmin):
    form = MeetingAdminForm
    list_display = ("__str__", "body", "starts_at", "place", "status", "is_final_of_year")
    list_filter = ("status", "is_final_of_year", "body__kind", ("body", admin.RelatedOnlyFieldListFilter))
    search_fields = ("body__name", "body__short_name", "place")
    date_hierarchy = "starts_at"
    list_select_related = ("body",)
    autocomplete_fields = ("body",)
    inlines = [AgendaItemInline, AttendanceInline]
    readonly_fields = ("status",)
    actions = ["mark_held", "cancel"]

    def service_create(self, request, form, parent=None):
        data = model_data(form)
        meeting = services.meeting_schedule(
            body=data.pop("body"), starts_at=data.pop("starts_at"), place=data.pop("place", ""),
            is_final_of_year=data.pop("is_final_of_year", False), by=request.user)
        services.meeting_update(meeting=meeting, data=data, by=request.user)  # minutes, given at once
        return meeting

    def service_update(self, request, record, form):
        return services.meeting_update(meeting=record, data=model_data(form), by=request.user)

    @admin.action(description="Record the selected meetings as held", permissions=["change"])
    def mark_held(self, request, queryset):
        self.service_action(request, queryset, lambda meeting, by: services.meeting_mark_held(meeting=meeting, by=by),
                            "recorded as held")

    @admin.action(description="Cancel the selected meetings", permissions=["change"])
    def cancel(self, request, queryset):
        self.service_action(request, queryset, lambda meeting, by: services.meeting_cancel(meeting=meeting, by=by),
                            "cancelled")


@admin.register(AgendaItem)
class AgendaItemAdmin(AgendaItemSaves, StampedAdmin):
    list_display = ("title", "meeting", "order")
    search_fields = ("title", "notes", "meeting__body__name")
    list_filter = (("meeting__body", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("meeting__body",)
    autocomplete_fields = ("meeting",)


@admin.register(Attendance)
class AttendanceAdmin(AttendanceSaves, StampedAdmin):
    form = AttendanceAdminForm
    list_display = ("person", "meeting", "status", "organisation", "delegate_name", "delegate_sufficiently_senior")
    list_filter = ("status", "delegate_sufficiently_senior", ("meeting__body", admin.RelatedOnlyFieldListFilter))
    search_fields = ("person__full_name", "delegate_name", "meeting__body__name", "organisation__name")
    list_select_related = ("person", "meeting__body", "organisation")
    autocomplete_fields = ("meeting", "person", "organisation", "delegate_organisation")


class DecisionAdminForm(forms.ModelForm):
    """Refuses what services.decision_record refuses."""

    class Meta:
        model = Decision
        fields = ("meeting", "text", "themes", "childrens_voice", "childrens_voice_detail", "not_applicable_reason")

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        if meeting is not None and cleaned.get("childrens_voice"):
            _check(self, services.decision_check, meeting=meeting, childrens_voice=cleaned["childrens_voice"],
                   childrens_voice_detail=cleaned.get("childrens_voice_detail") or "",
                   not_applicable_reason=cleaned.get("not_applicable_reason") or "")
        return cleaned


@admin.register(Decision)
class DecisionAdmin(StampedAdmin):
    form = DecisionAdminForm
    list_display = ("__str__", "meeting", "childrens_voice", "created_by")
    list_filter = ("childrens_voice", "themes", ("meeting__body", admin.RelatedOnlyFieldListFilter))
    search_fields = ("text", "childrens_voice_detail", "not_applicable_reason", "meeting__body__name")
    date_hierarchy = "meeting__starts_at"
    list_select_related = ("meeting__body", "created_by")
    autocomplete_fields = ("meeting", "themes")

    def service_create(self, request, form, parent=None):
        return services.decision_record(**model_data(form), themes=list(form.cleaned_data["themes"]),
                                        by=request.user)

    def service_update(self, request, record, form):
        return services.decision_update(decision=record, data=model_data(form),
                                        themes=list(form.cleaned_data["themes"]), by=request.user)
