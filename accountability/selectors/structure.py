"""Reads of the structure (organisations, bodies, memberships, people), with their joins applied.
Workflows use `body_with_function` and `chair_of`; they never ask for a body's kind. Who sits on a
body, chairs it or owes its work comes from accountability.people."""

from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import people
from ..models import (
    Body,
    BodyFunction,
    Function,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from ..people import chairs_of, current, seats


def bodies_with_function(function: str, day: date | None = None):
    return people.bodies_with_function(function, day or timezone.localdate())


def body_with_function(function: str, day: date | None = None) -> Body | None:
    """Which body holds this function now (the first, for functions several may hold)."""
    return people.body_with_function(function, day or timezone.localdate())


def holds_function(body: Body, function: str) -> bool:
    """Whether the body holds the function (one query), to offer what only its holders do."""
    return BodyFunction.objects.filter(body=body, function=function).exists()


def may_be_final_of_year(meeting) -> bool:
    """Whether the meeting may be flagged the last of its body's year: its body receives yearly
    assurance reports, or it is flagged already (the flag can always be taken off). One query at most."""
    return meeting.is_final_of_year or holds_function(meeting.body, Function.RECEIVES_YEARLY)


def chair_of(body: Body, day: date | None = None) -> User | None:
    """Who chairs the body now: its independent chair or chair, from current memberships."""
    chair = chairs_of([body], day or timezone.localdate()).get(body.pk)
    return chair.person if chair else None


def current_members(body: Body, day: date | None = None) -> list[Membership]:
    """The body's members now: its own current memberships, then the seats derived from the chairs
    of another kind of body (unsaved Membership objects, flagged `derived`): accountability.people.seats."""
    return seats(day or timezone.localdate(), bodies=[body])


def organisation_list(filters=None):
    from ..filters import OrganisationFilter

    queryset = Organisation.objects.select_related("parent").annotate(
        lead_count=Count("leads", filter=current(timezone.localdate(), "leads__"), distinct=True)
    )
    queryset = queryset.order_by("name", "pk")
    return OrganisationFilter(filters, queryset=queryset).qs if filters is not None else queryset


def organisation_leads(organisation: Organisation, day: date | None = None):
    day = day or timezone.localdate()
    return OrganisationLead.objects.filter(current(day), organisation=organisation).select_related("person")


def organisation_memberships(organisation: Organisation, day: date | None = None):
    """Who represents the organisation on bodies now."""
    day = day or timezone.localdate()
    return (
        Membership.objects.filter(current(day), organisation=organisation)
        .select_related("person", "body").order_by("body__name", "person__full_name")
    )


def body_list(filters=None):
    from ..filters import BodyFilter

    today = timezone.localdate()
    # A correlated count, not a JOIN and GROUP BY: grouping by every column of the body (its long
    # texts included) made the list and its page count several times slower.
    members_now = (
        Membership.objects.filter(current(today), body=OuterRef("pk"))
        .order_by().values("body").annotate(n=Count("person", distinct=True)).values("n")
    )
    queryset = (
        Body.objects.select_related("kind", "reports_to")
        .defer("purpose", "terms_of_reference", "membership_rule",
               "reports_to__purpose", "reports_to__terms_of_reference", "reports_to__membership_rule")
        .annotate(member_count=Coalesce(Subquery(members_now), 0))
        .prefetch_related(Prefetch("functions", queryset=BodyFunction.objects.order_by("function")))
        .order_by("kind__order", "kind__name", "name", "pk")
    )
    return BodyFilter(filters, queryset=queryset).qs if filters is not None else queryset


def people_list(filters=None):
    from ..filters import PersonFilter

    queryset = User.objects.filter(is_active=True).annotate(
        body_count=Count("memberships", filter=current(timezone.localdate(), "memberships__"), distinct=True)
    )
    queryset = queryset.order_by("full_name", "email", "pk")
    return PersonFilter(filters, queryset=queryset).qs if filters is not None else queryset


def derived_seat_counts(bodies) -> dict[int, int]:
    """How many members each body gains from the chairs of another kind of body, today."""
    return people.derived_seat_counts(bodies, timezone.localdate())
