"""The structure pages: organisations and their leads, bodies and their members, people.

Every signed-in member reads organisations and bodies; the business unit (perm
accountability.manage_structure) changes them and reads people (accountability.view_people).
Views stay thin: reads come from the selectors, writes from the services, whose messages are
copied beside the fields so that nothing typed is lost."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from bscb import access
from bscb.forms import add_service_errors, model_data, save_form
from bscb.lists import list_page
from bscb.views import records

from .. import selectors, services
from ..filters import BodyFilter, OrganisationFilter, PersonFilter
from ..forms.structure import (
    BodyForm,
    EndTermForm,
    MembershipForm,
    OrganisationForm,
    OrganisationLeadForm,
)
from ..models import (
    Body,
    BodyFunction,
    Function,
    LeadRole,
    Membership,
    Organisation,
    OrganisationLead,
    Role,
    User,
)
from ..people import seats

RECENT_MEETINGS = 10
MANAGE = "accountability.manage_structure"
VIEW_PEOPLE = "accountability.view_people"

ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}
FUNCTION_ORDER = {function: index for index, function in enumerate(Function.values)}


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _sorted_functions(body):
    return sorted(body.functions.all(), key=lambda f: FUNCTION_ORDER.get(f.function, len(FUNCTION_ORDER)))


# Organisations
@access.signed_in
def organisation_list(request):
    context = list_page(request, OrganisationFilter,
                        selectors.organisation_list(filters=request.GET).order_by("name", "pk"))
    return render(request, "accountability/structure/organisation_list.html", context)


@access.signed_in
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), pk=pk)
    leads = sorted(
        selectors.organisation_leads(organisation),
        key=lambda lead: (lead.role != LeadRole.LEAD, lead.person.full_name),
    )
    members = selectors.organisation_memberships(organisation)
    context = {
        "organisation": organisation,
        "leads": leads,
        "members": sorted(members, key=lambda m: (m.body.name, ROLE_ORDER.get(m.role, 99), m.person.full_name)),
        "children": organisation.children.order_by("name"),
    }
    return render(request, "accountability/structure/organisation_detail.html", context)


def _organisation_form(request, organisation: Organisation | None):
    _require(request, MANAGE)
    instance = copy.copy(organisation) if organisation else Organisation()
    form = OrganisationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        def save():
            if organisation:
                services.organisation_update(organisation=organisation, data=model_data(form), by=request.user,
                                             version=form.version)
                saved = organisation
            else:
                saved = services.organisation_create(data=model_data(form), by=request.user)
            messages.success(request, f"{saved} was {'saved' if organisation else 'added'}.")
            return redirect("organisation-detail", pk=saved.pk)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request, "accountability/structure/organisation_form.html", {"form": form, "organisation": organisation}
    )


@access.record
def organisation_create(request):
    return _organisation_form(request, None)


@access.record
def organisation_edit(request, pk):
    return _organisation_form(request, get_object_or_404(Organisation.objects.select_related("parent"), pk=pk))


@access.record
def organisation_lead_add(request, pk):
    _require(request, MANAGE)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationLeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            lead = services.organisation_lead_add(
                organisation=organisation, person=data["person"], role=data["role"], start=data["start"],
                end=data["end"], by=request.user,
            )
            messages.success(request, f"{lead.person} was added as {lead.get_role_display().lower()}.")
            return redirect("organisation-detail", pk=organisation.pk)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request, "accountability/structure/organisation_lead_add.html", {"form": form, "organisation": organisation}
    )


@access.record
def organisation_lead_end(request, pk):
    _require(request, MANAGE)
    lead = get_object_or_404(OrganisationLead.objects.select_related("organisation", "person"), pk=pk)
    form = EndTermForm(request.POST or None, submit="End the term", record=lead)
    if request.method == "POST" and form.is_valid():
        def save():
            services.organisation_lead_end(lead=lead, end=form.cleaned_data["end"], by=request.user,
                                           version=form.version)
            messages.success(request, f"{lead.person}'s term as {lead.get_role_display().lower()} ends on "
                                      f"{date_format(lead.end, 'j F Y')}.")
            return redirect("organisation-detail", pk=lead.organisation_id)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/structure/organisation_lead_end.html", {"form": form, "lead": lead})


# Bodies
@access.signed_in
def body_list(request):
    context = list_page(request, BodyFilter, selectors.body_list(filters=request.GET))
    bodies = list(context["page"].object_list)
    derived = selectors.derived_seat_counts(bodies)
    for body in bodies:
        body.members_now = body.member_count + derived.get(body.pk, 0)
        body.sorted_functions = _sorted_functions(body)
    return render(request, "accountability/structure/body_list.html", {**context, "bodies": bodies})


def _purpose_lines(text: str) -> list[str]:
    lines = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return [line for line in lines if line]


def _member_order(membership):
    agency = membership.organisation.name if membership.organisation else "~"
    rank = ROLE_ORDER.get(membership.role, 99)
    return (rank, agency, membership.person.full_name)


@access.signed_in
def body_detail(request, pk):
    body = get_object_or_404(
        Body.objects.select_related("kind", "reports_to", "seats_for_chairs_of").prefetch_related(
            Prefetch("functions", queryset=BodyFunction.objects.order_by("function"))
        ),
        pk=pk,
    )
    members = sorted(selectors.current_members(body), key=_member_order)
    owes = [label for flag, label in (
        ("owes_summaries", "A summary after each meeting"),
        ("owes_quarterly_summaries", "Quarterly summaries"),
        ("owes_yearly_assurance", "A yearly assurance report"),
    ) if getattr(body, flag)]
    context = {
        "body": body,
        "purpose_lines": _purpose_lines(body.purpose),
        "functions": _sorted_functions(body),
        "owes": owes,
        "members": members,
        "meetings": list(selectors.body_meetings(body)[:RECENT_MEETINGS]),
        "reporting": body.reporting.order_by("kind__order", "name"),
    }
    return render(request, "accountability/structure/body_detail.html", context)


def _body_form(request, body: Body | None):
    _require(request, MANAGE)
    instance = copy.copy(body) if body else Body()
    form = BodyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data, functions = form.body_data(), form.cleaned_data["functions"]

        def save():  # the body and its functions, together or not at all
            if body:
                services.body_update(body=body, data=data, functions=functions, by=request.user,
                                     version=form.version)
                saving = body
            else:
                saving = services.body_create(data=data, by=request.user)
                services.body_functions_set(body=saving, functions=functions, by=request.user)
            messages.success(request, f"{saving} was {'saved' if body else 'added'}.")
            return redirect("body-detail", pk=saving.pk)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/structure/body_form.html", {"form": form, "body": body})


@access.record
def body_create(request):
    return _body_form(request, None)


@access.record
def body_edit(request, pk):
    return _body_form(request, get_object_or_404(Body.objects.prefetch_related("functions"), pk=pk))


@access.record
def body_membership_add(request, pk):
    _require(request, MANAGE)
    body = get_object_or_404(Body, pk=pk)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            membership = services.membership_add(
                person=data["person"], body=body, role=data["role"], organisation=data["organisation"],
                start=data["start"], end=data["end"], by=request.user,
            )
            messages.success(
                request, f"{membership.person} was added as {membership.get_role_display().lower()}."
            )
            return redirect("body-detail", pk=body.pk)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/structure/body_membership_add.html", {"form": form, "body": body})


@access.record
def membership_end(request, pk):
    _require(request, MANAGE)
    membership = get_object_or_404(Membership.objects.select_related("person", "body", "organisation"), pk=pk)
    form = EndTermForm(request.POST or None, submit="End the membership", record=membership)
    if request.method == "POST" and form.is_valid():
        def save():
            services.membership_end(membership=membership, end=form.cleaned_data["end"], by=request.user,
                                    version=form.version)
            ends = date_format(membership.end, "j F Y")
            messages.success(request, f"{membership.person}'s membership of {membership.body} ends on {ends}.")
            return redirect("body-detail", pk=membership.body_id)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request, "accountability/structure/membership_end.html", {"form": form, "membership": membership}
    )


# People
@access.record
def person_list(request):
    _require(request, VIEW_PEOPLE)
    context = list_page(request, PersonFilter,
                        selectors.people_list(filters=request.GET).order_by("full_name", "email", "pk"))
    return render(request, "accountability/structure/person_list.html", context)


@access.record
def person_detail(request, pk):
    _require(request, VIEW_PEOPLE)
    person = get_object_or_404(User, pk=pk)
    today = timezone.localdate()
    memberships = list(person.memberships.select_related("body", "body__kind", "organisation").order_by("-start"))
    now = sorted((m for m in memberships if m.is_current_on(today)), key=lambda m: m.body.name)
    leads = list(person.agency_leads.select_related("organisation").order_by("-start"))
    context = {
        "person": person,
        "current": now,
        "derived": [seat for seat in seats(today, people=[person]) if seat.derived],
        "future": [m for m in memberships if m.start > today],
        "past": [m for m in memberships if m.end is not None and m.end < today],
        "leads": [lead for lead in leads if lead.start <= today and (lead.end is None or lead.end >= today)],
        "past_leads": [lead for lead in leads if lead.end is not None and lead.end < today],
    }
    return render(request, "accountability/structure/person_detail.html", context)


@access.record
def person_history(request, pk):
    """A person's history, under People: the record's history page (the business unit's), which shows
    what the history keeps of an account and never its password."""
    return records.history(request, "accountability", "user", pk)
