"""Reads of the structure (organisations, bodies, memberships, people), with their joins applied.
Workflows use `body_with_function` and `chair_of`; they never ask for a body's kind."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import (
    CHAIR_ROLES,
    Body,
    BodyFunction,
    Function,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from ..roles import active_bodies, current


def bodies_with_function(function: str, day: date | None = None):
    day = day or timezone.localdate()
    return Body.objects.filter(active_bodies(day), functions__function=function).select_related("kind")


def body_with_function(function: str, day: date | None = None) -> Body | None:
    """Which body holds this function now (the first, for functions several may hold)."""
    return bodies_with_function(function, day).order_by("kind__order", "name").first()


def holds_function(body: Body, function: str) -> bool:
    """Whether the body holds the function (one query), to offer what only its holders do."""
    return BodyFunction.objects.filter(body=body, function=function).exists()


def may_be_final_of_year(meeting) -> bool:
    """Whether the meeting may be flagged the last of its body's year: its body receives yearly
    assurance reports, or it is flagged already (the flag can always be taken off). One query at most."""
    return meeting.is_final_of_year or holds_function(meeting.body, Function.RECEIVES_YEARLY)


def chair_of(body: Body, day: date | None = None) -> User | None:
    """Who chairs the body now: its independent chair or chair, from current memberships."""
    day = day or timezone.localdate()
    membership = (
        Membership.objects.filter(current(day), body=body, role__in=CHAIR_ROLES)
        .select_related("person").order_by("role", "start").first()
    )
    return membership.person if membership else None


def chair_or_business_unit(body: Body, day: date | None = None) -> list[User]:
    """Who answers for the body's obligations now: its chair, or, when the post is empty, the
    business unit's current members (DESIGN.md: a post left empty goes to the business unit)."""
    from ..models import Function

    chair = chair_of(body, day)
    if chair is not None:
        return [chair]
    unit = body_with_function(Function.BUSINESS_UNIT, day)
    return [m.person for m in current_members(unit, day)] if unit else []


def current_members(body: Body, day: date | None = None) -> list[Membership]:
    """The body's members now: its own current memberships, then the seats derived from the chairs
    of another kind of body (unsaved Membership objects, flagged `derived`)."""
    day = day or timezone.localdate()
    own = list(
        Membership.objects.filter(current(day), body=body)
        .select_related("person", "organisation").order_by("role", "person__full_name")
    )
    for m in own:
        m.derived = False
    if body.seats_for_chairs_of_id is None:
        return own
    seated = {m.person_id for m in own}
    chairs = (
        Membership.objects.filter(current(day), role__in=CHAIR_ROLES, body__kind_id=body.seats_for_chairs_of_id)
        .filter(Q(body__active_to__isnull=True) | Q(body__active_to__gte=day), body__active_from__lte=day)
        .select_related("person", "organisation", "body").order_by("body__name")
    )
    derived = []
    for chair in chairs:
        if chair.person_id in seated:
            continue
        seated.add(chair.person_id)
        seat = Membership(person=chair.person, body=body, role="member", organisation=chair.organisation,
                          start=chair.start, end=chair.end)
        seat.derived = True
        seat.derived_from = chair.body
        derived.append(seat)
    return own + derived


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
    """How many members each body gains from the chairs of another kind of body (the BPG's seats
    for the sub group chairs), less those who already sit on it: two queries for the whole page."""
    seat_bodies = [b for b in bodies if b.seats_for_chairs_of_id]
    if not seat_bodies:
        return {}
    today = timezone.localdate()
    chairs_by_kind = defaultdict(set)
    for kind_id, person_id in Membership.objects.filter(
        current(today), role__in=CHAIR_ROLES, body__kind_id__in={b.seats_for_chairs_of_id for b in seat_bodies},
        body__in=Body.objects.filter(active_bodies(today)),
    ).values_list("body__kind_id", "person_id"):
        chairs_by_kind[kind_id].add(person_id)
    seated = defaultdict(set)
    for body_id, person_id in Membership.objects.filter(
        current(today), body__in=[b.pk for b in seat_bodies]
    ).values_list("body_id", "person_id"):
        seated[body_id].add(person_id)
    return {b.pk: len(chairs_by_kind[b.seats_for_chairs_of_id] - seated[b.pk]) for b in seat_bodies}
