"""Calendar pages: a person's own subscription address and its reset, and the feeds themselves."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accountability.roles import roles_for
from bscb import access

from . import calendar


@access.signed_in
def calendar_page(request):
    """The person's calendar addresses. A GET only reads: before they have one, the page offers a button
    that POSTs here to create it."""
    if request.method == "POST":
        calendar.calendar_feed_create(request.user)
        messages.success(request, "Your calendar address is ready. Subscribe to it in your calendar.")
        return redirect("calendar")
    feed = calendar.calendar_feed_find(request.user)
    if feed is None:
        return render(request, "reporting/calendar.html", {"feed": None})
    mine = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))
    partnership_url = (request.build_absolute_uri(reverse("calendar-partnership", args=[feed.token]))
                       if roles_for(request.user).is_business_unit else "")
    return render(request, "reporting/calendar.html", {"feed": feed, "mine": mine, "partnership_url": partnership_url})


@access.signed_in
def calendar_reset(request):
    """A new secret address after a confirmation; the old one stops working at once."""
    if request.method == "POST":
        calendar.calendar_feed_reset(request.user)
        messages.success(request, "Your calendar has a new address. Subscribe to it again in your calendar; "
                                  "the old address no longer works.")
        return redirect("calendar")
    return render(request, "reporting/calendar_reset.html", {"destructive": True})


def _ics(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "private, no-cache"  # clients re-read it; nothing in between keeps it
    return response


@access.token
def calendar_feed(request, token):
    user = calendar.feed_owner(token)
    if user is None:
        raise Http404("No calendar at this address.")
    return _ics(calendar.personal_feed(user, request.build_absolute_uri, request.get_host()))


@access.token
def calendar_partnership(request, token):
    if calendar.feed_owner(token, partnership=True) is None:
        raise Http404("No calendar at this address.")
    return _ics(calendar.partnership_feed(request.build_absolute_uri, request.get_host()))
