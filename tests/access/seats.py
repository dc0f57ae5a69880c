"""The access sweep's second seat: a derived seat carries every right a direct seat does (DESIGN.md:
"a derived seat counts as a seat"), so every case whose allowed user sits on a body is run again with
that seat derived instead (tests/access/test_access_sweep.py).

The case's own setup is reused as it is: after it, the user's own seats are turned into derived ones.
"""

from django.utils import timezone


def seat_by_derivation(user) -> list:
    """Turn each of the user's own current seats on an active body into a seat derived from chairing:
    the body's members include the chairs of a kind of body (its own rule, or a new kind it now seats),
    and the user's membership becomes the chair of a new body of that kind, keeping its agency and
    term. A chair's seat stays as it is (a derived seat is a member's, never a chair's). Returns the
    bodies the user now sits on through a derived seat (none: the case runs once)."""
    from accountability.models import CHAIR_ROLES, Body, BodyKind, Membership, Role
    from accountability.people import current
    from tests.factories import BodyFactory

    today = timezone.localdate()
    own = (Membership.objects.filter(current(today), person=user).exclude(role__in=CHAIR_ROLES)
           .select_related("body"))
    derived = []
    for membership in own:
        body = membership.body
        if not body.is_active_on(today):
            continue
        kind = body.seats_for_chairs_of
        if kind is None:
            kind = BodyKind.objects.create(name=f"Groups whose chairs sit on {body.name}")
            Body.objects.filter(pk=body.pk).update(seats_for_chairs_of=kind)
        chaired = BodyFactory(kind=kind, name=f"Chaired by {user.pk} for a seat on {body.pk} ({membership.pk})")
        Membership.objects.filter(pk=membership.pk).update(body=chaired, role=Role.CHAIR)
        derived.append(body)
    return derived
