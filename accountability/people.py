"""One place for each rule about people (DESIGN.md: obligations belong to roles, not to people).

- who sits on a body on a day, by their own membership or by a seat derived from chairing another
  body (`seats`: the BPG's members include the chairs of the sub groups);
- who chairs a body (`chairs_of`), and who is the business unit (`business_unit_ids`);
- who owes a body's work today (`owners_of`: the nominee, else the chair, else the business unit).

Every app asks these; none reads memberships itself (tests/accountability/test_one_place.py). Each
answers for many people or bodies at once in a fixed number of queries. Whether a record is the
person's own body's or agency's work is decided from the same seats (`Roles.own_work`, and the
predicate `accountability.rules.not_own_work`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from .models import CHAIR_ROLES, Body, BodyFunction, Function, Membership, OrganisationLead, Role


def current(day: date, prefix: str = "") -> Q:
    """A membership or lead's term covers `day` (`prefix` reaches it through a relation)."""
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day}))


def active_bodies(day: date, prefix: str = "") -> Q:
    """A body is active on `day` (`prefix` reaches it through a relation)."""
    return Q(**{f"{prefix}active_from__lte": day}) & (
        Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": day}))


def bodies_with_function(function: str, day: date):
    return Body.objects.filter(active_bodies(day), functions__function=function).select_related("kind")


def body_with_function(function: str, day: date) -> Body | None:
    """Which body holds this function on `day` (the first, for functions several may hold)."""
    return bodies_with_function(function, day).order_by("kind__order", "name").first()


# --- seats --------------------------------------------------------------------------------------

def _ids(things) -> list[int]:
    return [getattr(thing, "pk", thing) for thing in things]


def _functions_held(outer: str) -> dict:
    """One EXISTS a function, so that a person's seats and the functions of the bodies they sit on come
    in one query (every page's navigation asks whether the reader is the business unit)."""
    return {f"holds_{function}": Exists(BodyFunction.objects.filter(body=OuterRef(outer), function=function))
            for function in Function.values}


def _keep_functions(body: Body, row) -> None:
    body.held_functions = frozenset(f for f in Function.values if getattr(row, f"holds_{f}"))


def _chairing(membership: Membership, day: date) -> bool:
    """A chair's seat on a body that is active: what a derived seat comes from."""
    return membership.role in CHAIR_ROLES and membership.body.is_active_on(day)


def _derive(direct: list[Membership], chairs: list[Membership], seat_bodies: list[Body]) -> list[Membership]:
    """The seats that `chairs` (chair memberships of active bodies) derive on `seat_bodies` (active
    bodies whose members include the chairs of a kind of body): unsaved Memberships flagged `derived`,
    `derived_from` the first body chaired, `as_chair_of` every chair membership that gives the seat.
    A person with a seat of their own on the body, or already seated, is seated once."""
    seated = {(m.person_id, m.body_id) for m in direct}
    by_kind = defaultdict(list)
    for chair in sorted(chairs, key=lambda c: (c.body.name, c.pk)):
        by_kind[chair.body.kind_id].append(chair)
    derived: dict[tuple[int, int], Membership] = {}
    for body in sorted(seat_bodies, key=lambda b: (b.name, b.pk)):
        for chair in by_kind[body.seats_for_chairs_of_id]:
            key = (chair.person_id, body.pk)
            if key in seated:
                continue
            seat = derived.get(key)
            if seat is None:
                seat = Membership(person=chair.person, body=body, role=Role.MEMBER, organisation=chair.organisation,
                                  start=chair.start, end=chair.end)
                seat.derived, seat.derived_from, seat.as_chair_of = True, chair.body, []
                derived[key] = seat
            seat.as_chair_of.append(chair)
    return list(derived.values())


def seats(day: date, *, people: Iterable | None = None, bodies: Iterable | None = None,
          functions: bool = False) -> list[Membership]:
    """Every seat held on `day` by `people`, or on `bodies` (instances or ids; one of the two): their own
    current memberships (`derived` False), then the seats derived from chairing (unsaved Memberships,
    `derived` True, see `_derive`). Derived seats are on active bodies, from chairs of active bodies.

    `functions`: each seat's body carries `held_functions`, the functions it holds. One query for
    people (two when one of them chairs a body), two for bodies given as instances (three as ids)."""
    if (people is None) == (bodies is None):
        raise TypeError("seats() takes people or bodies")
    own = (Membership.objects.filter(current(day)).select_related("person", "organisation", "body")
           .defer("body__purpose", "body__terms_of_reference", "body__membership_rule")
           .order_by("body__name", "role", "person__full_name", "pk"))
    if functions:
        own = own.annotate(**_functions_held("body_id"))
    if people is not None:
        direct = list(own.filter(person_id__in=_ids(people)))
        chairs = [m for m in direct if _chairing(m, day)]
        kinds = {m.body.kind_id for m in chairs}
        seat_bodies = []
        if kinds:
            found = Body.objects.filter(active_bodies(day), seats_for_chairs_of__in=kinds).defer(
                "purpose", "terms_of_reference", "membership_rule")
            seat_bodies = list(found.annotate(**_functions_held("pk")) if functions else found)
            if functions:
                for body in seat_bodies:
                    _keep_functions(body, body)
    else:
        given = list(bodies)
        if given and not isinstance(given[0], Body):
            given = list(Body.objects.filter(pk__in=given))
        instances = {body.pk: body for body in given}
        direct = list(own.filter(body_id__in=instances))
        seat_bodies = [b for b in given if b.seats_for_chairs_of_id and b.is_active_on(day)]
        chairs = []
        if seat_bodies:
            chairs = list(
                Membership.objects.filter(current(day), active_bodies(day, "body__"), role__in=CHAIR_ROLES,
                                          body__kind_id__in={b.seats_for_chairs_of_id for b in seat_bodies})
                .select_related("person", "organisation", "body")
                .defer("body__purpose", "body__terms_of_reference", "body__membership_rule"))
        for m in direct:
            m.body = instances[m.body_id]  # the caller's instance, with what it carries
    for m in direct:
        m.derived, m.derived_from, m.as_chair_of = False, None, []
        if functions:
            _keep_functions(m.body, m)
    return direct + _derive(direct, chairs, seat_bodies)


def derived_seat_counts(bodies: Iterable[Body], day: date) -> dict[int, int]:
    """How many derived seats each body has (the BPG's seats for the sub group chairs who do not
    already sit on it): two queries for a page of bodies."""
    counts: dict[int, int] = defaultdict(int)
    for seat in seats(day, bodies=[b for b in bodies if b.seats_for_chairs_of_id]):
        if seat.derived:
            counts[seat.body_id] += 1
    return dict(counts)


# --- chairs, the business unit, and who owes a body's work ----------------------------------------

def chairs_of(bodies: Iterable, day: date) -> dict[int, Membership]:
    """Each body's chair on `day` (its independent chair or chair: one at a time, as the services
    keep it), as the chair's membership with its person. One query."""
    rows = (Membership.objects.filter(current(day), role__in=CHAIR_ROLES, body_id__in=_ids(bodies))
            .select_related("person").order_by("body_id", "role", "start", "pk"))
    chairs: dict[int, Membership] = {}
    for membership in rows:
        chairs.setdefault(membership.body_id, membership)
    return chairs


def business_unit_ids(day: date) -> list[int]:
    """The people who sit on the body holding the business-unit function on `day`. Two queries."""
    unit = body_with_function(Function.BUSINESS_UNIT, day)
    return list(dict.fromkeys(seat.person_id for seat in seats(day, bodies=[unit]))) if unit else []


@dataclass(frozen=True)
class Owners:
    """Who owes the work of a set of bodies on one day. Build it with `owners_of`."""

    chairs: dict[int, int]  # body id -> its chair's user id
    business_unit: tuple[int, ...]  # the business unit's members' user ids

    def of(self, body_id: int, nominee_id: int | None = None) -> list[int]:
        """Who owes a piece of the body's work: the person nominated to do it, else the body's chair,
        else (DESIGN.md: a post left empty goes to the business unit) the business unit's members."""
        if nominee_id:
            return [nominee_id]
        if body_id in self.chairs:
            return [self.chairs[body_id]]
        return list(self.business_unit)


def owners_of(bodies: Iterable, day: date) -> Owners:
    """Who owes the work of these bodies (instances or ids) on `day`: three queries however many."""
    chairs = {body_id: m.person_id for body_id, m in chairs_of(bodies, day).items()}
    return Owners(chairs=chairs, business_unit=tuple(business_unit_ids(day)))


# --- agencies' leads, and the members of a body ---------------------------------------------------

def leads_of(organisations: Iterable, day: date) -> dict[int, list[int]]:
    """Each agency's current leads, then its deputies (user ids), by organisation id: who answers what is
    addressed to it. One query."""
    leads: dict[int, list[int]] = {}
    for organisation_id, person_id in (OrganisationLead.objects.filter(current(day), organisation_id__in=_ids(
            organisations)).order_by("organisation_id", "-role", "person__full_name", "pk")
                                       .values_list("organisation_id", "person_id")):
        leads.setdefault(organisation_id, []).append(person_id)
    return leads


def member_ids(body, day: date) -> list[int]:
    """The people who sit on the body on `day`, by their own membership or a derived seat, each once."""
    return list(dict.fromkeys(seat.person_id for seat in seats(day, bodies=[body])))
