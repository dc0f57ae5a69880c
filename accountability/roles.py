"""What a person holds today, worked out from their seats (accountability.people: own memberships and
seats derived from chairing) and agency leads.

Loaded once per request (cached on the user object) so that permission checks in a list do not
query per row. Nothing here is stored: a change of chair is seen on the next request. A derived
seat counts as a seat everywhere: membership, the functions held through it, the business unit.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils import timezone

from .models import CHAIR_ROLES, Function, Membership, OrganisationLead, Role
from .people import active_bodies, current, seats

__all__ = ["Roles", "active_bodies", "current", "roles_for"]


@dataclass
class Roles:
    user: object
    day: date

    @cached_property
    def seats(self) -> list[Membership]:
        """Own memberships, then derived seats, each body with the functions it holds: one query (two
        for a chair)."""
        if not self.user.is_authenticated:
            return []
        return seats(self.day, people=[self.user], functions=True)

    @cached_property
    def memberships(self) -> list[Membership]:
        """The person's own current memberships (no derived seat)."""
        return [seat for seat in self.seats if not seat.derived]

    @cached_property
    def chaired_body_ids(self) -> set[int]:
        return {m.body_id for m in self.memberships if m.role in CHAIR_ROLES}

    @cached_property
    def member_body_ids(self) -> set[int]:
        return {seat.body_id for seat in self.seats}

    def bodies_holding(self, functions) -> set[int]:
        """The bodies the person sits on (a derived seat included) that hold any of `functions`."""
        return {seat.body_id for seat in self.seats if seat.body.held_functions & set(functions)}

    @cached_property
    def functions_held(self) -> frozenset[str]:
        """The functions of the bodies the person sits on."""
        return frozenset(f for seat in self.seats for f in seat.body.held_functions)

    @cached_property
    def is_independent_chair(self) -> bool:
        """Holds the Independent Chair's role on a body (her own membership)."""
        return any(m.role == Role.INDEPENDENT_CHAIR for m in self.memberships)

    @cached_property
    def is_business_unit(self) -> bool:
        """Sits on the body that holds the business-unit function: nothing else makes the business unit."""
        return Function.BUSINESS_UNIT in self.functions_held

    @cached_property
    def lead_organisation_ids(self) -> set[int]:
        """The agencies the person leads or deputises for now."""
        if not self.user.is_authenticated:
            return set()
        return set(
            OrganisationLead.objects.filter(current(self.day), person=self.user)
            .values_list("organisation_id", flat=True)
        )

    def member_of(self, body_id: int) -> bool:
        return body_id in self.member_body_ids

    def chairs(self, body_id: int) -> bool:
        return body_id in self.chaired_body_ids

    def own_work(self, *, body_id: int | None = None, organisation_id: int | None = None) -> bool:
        """DESIGN.md: nobody approves, signs off, ratifies, judges or acknowledges their own body's
        work. Work is the body's (the person sits on it, by their own membership or a derived seat) or
        an agency's (the person is one of its current leads or deputies)."""
        if body_id is not None and self.member_of(body_id):
            return True
        return organisation_id is not None and organisation_id in self.lead_organisation_ids


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
