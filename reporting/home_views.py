"""Each person's home page: it reads several apps, so it lives in reporting, which may read them all."""

from django.shortcuts import render

from accountability import selectors
from accountability.roles import roles_for
from bscb import access
from notifications.selectors import notices_for


@access.signed_in
def home(request):
    context = {"seats": selectors.my_seats(request.user), "next_meetings": selectors.my_next_meetings(request.user),
               "unread_notices": notices_for(request.user, unread_only=True).count()}
    if roles_for(request.user).is_business_unit:
        context["glance"] = selectors.partnership_at_a_glance()
        context["to_record"] = selectors.meetings_needing_record()
    return render(request, "reporting/home.html", context)
