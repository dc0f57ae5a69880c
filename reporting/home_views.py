"""Each person's home page: it reads several apps, so it lives in reporting, which may read them all.

What needs the person today comes first (reporting/needs_me.py: one source a kind of thing owed, whatever roles
the person holds), then the dashboards she may open, then her bodies and meetings. What needs her is cached until
the next write to any governance record (reporting/generation.py)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accountability import selectors
from accountability.roles import roles_for
from bscb import access
from notifications.selectors import next_chase, notices_for
from plan.action_selectors import my_actions

from . import selectors as reporting
from .dashboards import access as may
from .generation import cached
from .needs_me import SOURCES, Section, needs_me


def needs_me_cached(user, today):
    """What needs the person, kept until the next write to any governance record (reporting/generation.py)."""
    found = cached("needs-me", (user.pk, today), lambda: [(s.source.name, s.items) for s in needs_me(user, today)])
    return [Section(SOURCES[name], items) for name, items in found if name in SOURCES]


def _dashboards(user, agencies) -> list[tuple[str, str]]:
    """(label, address) of each dashboard the person may open and would look at: the Board's, the business
    unit's, those of the bodies she sits on and of the agencies she leads or represents. One query (the body
    that ratifies, for the Board's title) beyond the person's roles and agencies."""
    roles = roles_for(user)
    found = []
    if may.reads_board(user):
        from .dashboards.board import board_body, board_title

        found.append((board_title(board_body()), reverse("dashboard-board")))
    if may.reads_business_unit(user):
        found.append(("The business unit's dashboard", reverse("dashboard-business-unit")))
    seen = set()
    for seat in roles.seats:
        if seat.body_id not in seen:
            seen.add(seat.body_id)
            found.append((f"{seat.body.name}: its dashboard", reverse("dashboard-body", args=[seat.body_id])))
    named = {o.pk: o.name for o in agencies}
    named.update({seat.organisation_id: seat.organisation.name for seat in roles.seats if seat.organisation_id})
    for pk, name in sorted(named.items(), key=lambda pair: pair[1]):
        found.append((f"{name}: the agency's dashboard", reverse("dashboard-agency", args=[pk])))
    return found


@access.signed_in
def home(request):
    user = request.user
    roles = roles_for(user)
    today = timezone.localdate()
    sections = needs_me_cached(user, today)
    agencies = selectors.my_agencies(user)
    context = {
        "needing": [s for s in sections if s.items], "quiet": [s for s in sections if not s.items],
        "dashboards": _dashboards(user, agencies),
        "seats": selectors.my_seats(user), "next_meetings": selectors.my_next_meetings(user),
        "unread_notices": notices_for(user, unread_only=True).count(),
        "agencies": agencies,
        "open_actions": my_actions(user).count(),
        # The pages beyond everyone's that the person may open, asked as the pages themselves ask.
        "can_view_due": user.has_perm("reporting.view_due"),
        "can_view_people": user.has_perm("accountability.view_people"),
        "can_view_received": user.has_perm("reporting.view_received"),
        "receives": bool(roles.bodies_holding(reporting.RECEIVING)),
    }
    if not context["unread_notices"]:
        context["next_chase"] = next_chase()
    if context["can_view_due"]:
        context["glance"] = selectors.partnership_at_a_glance()
        context["to_record"] = selectors.meetings_needing_record()
    return render(request, "reporting/home.html", context)
