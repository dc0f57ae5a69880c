"""What a person holds today, worked out from current memberships and agency leads.

Loaded once per request (cached on the user object) so that permission checks in a list do not
query per row. Nothing here is stored: a change of chair is seen on the next request.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from .models import CHAIR_ROLES, Body, Function, Membership, OrganisationLead, User

BUSINESS_UNIT_GROUP = "Business unit"


def current(day: date, prefix: str = "") -> Q:
    """A membership or lead's term covers `day` (`prefix` reaches it through a relation)."""
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day}))


def active_bodies(day: date) -> Q:
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gte=day))


@dataclass
class Roles:
    user: object
    day: date
    _cache: dict = field(default_factory=dict)

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(current(self.day), person=self.user)
            .select_related("body", "body__kind")
            .prefetch_related("body__functions")
        )

    @cached_property
    def chaired_body_ids(self) -> set[int]:
        return {m.body_id for m in self.memberships if m.role in CHAIR_ROLES}

    @cached_property
    def derived_body_ids(self) -> set[int]:
        """Bodies whose members include the chairs of a kind of body this person chairs."""
        kinds = {m.body.kind_id for m in self.memberships if m.role in CHAIR_ROLES and m.body.is_active_on(self.day)}
        if not kinds:
            return set()
        return set(
            Body.objects.filter(active_bodies(self.day), seats_for_chairs_of__in=kinds).values_list("pk", flat=True)
        )

    @cached_property
    def member_body_ids(self) -> set[int]:
        return {m.body_id for m in self.memberships} | self.derived_body_ids

    @cached_property
    def lead_organisation_ids(self) -> set[int]:
        if not self.user.is_authenticated:
            return set()
        return set(
            OrganisationLead.objects.filter(current(self.day), person=self.user)
            .values_list("organisation_id", flat=True)
        )

    @cached_property
    def is_business_unit(self) -> bool:
        """A current member of the body with the business-unit function, or in the group of that
        name: one query, since every page's navigation asks."""
        if not self.user.is_authenticated:
            return False
        in_unit = current(self.day, "memberships__") & Q(memberships__body__functions__function=Function.BUSINESS_UNIT)
        return (
            User.objects.filter(pk=self.user.pk)
            .filter(in_unit | Q(groups__name=BUSINESS_UNIT_GROUP)).exists()
        )

    def member_of(self, body_id: int) -> bool:
        return body_id in self.member_body_ids

    def chairs(self, body_id: int) -> bool:
        return body_id in self.chaired_body_ids


def roles_for(user, day: date | None = None) -> Roles:
    """The person's roles today, cached on the user object for the rest of the request."""
    day = day or timezone.localdate()
    roles = getattr(user, "_bscb_roles", None)
    if roles is None or roles.day != day:
        roles = Roles(user=user, day=day)
        try:
            user._bscb_roles = roles
        except AttributeError:  # AnonymousUser allows it too, but be safe
            pass
    return roles
