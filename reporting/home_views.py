"""Each person's home page: it reads several apps, so it lives in reporting, which may read them all."""

from django.shortcuts import render

from accountability import selectors
from accountability.roles import roles_for
from bscb import access
from notifications.selectors import next_chase, notices_for
from plan.action_selectors import my_actions

from . import selectors as reporting


@access.signed_in
def home(request):
    user = request.user
    roles = roles_for(user)
    owed = reporting.owed_by_person(user)
    soon = reporting.due_soon_until() if owed else None
    context = {
        "seats": selectors.my_seats(user), "next_meetings": selectors.my_next_meetings(user),
        "unread_notices": notices_for(user, unread_only=True).count(),
        "owed": [(s, reporting.summary_state(s, soon=soon)) for s in owed],
        "agencies": selectors.my_agencies(user),
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
