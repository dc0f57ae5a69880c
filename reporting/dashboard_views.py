"""The dashboards (issue 18 §2): thin views over reporting/dashboards/. Who may open each is said in
reporting/dashboards/access.py; a reader without the right gets 403, for GET and POST alike (the right is
checked before anything else; the pages have no form). Each page's figures are cached until the next write to
any governance record (reporting/generation.py); the right is checked on every request, before the cache."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accountability.models import Body, Organisation
from bscb import access

from .dashboards import access as may
from .dashboards.agency import agency_dashboard
from .dashboards.board import board_dashboard
from .dashboards.body import body_dashboard
from .dashboards.business_unit import business_unit_dashboard
from .generation import cached


def _refuse_unless(allowed: bool):
    if not allowed:
        raise PermissionDenied


@access.record
def board(request):
    _refuse_unless(may.reads_board(request.user))
    user, today = request.user, timezone.localdate()
    return render(request, "reporting/dashboards/board.html",
                  cached("board", (user.pk, today), lambda: board_dashboard(user, today)))


@access.record
def agency(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    _refuse_unless(may.reads_agency(request.user, organisation.pk))
    user, today, shown = request.user, timezone.localdate(), request.GET.get("responses")
    return render(request, "reporting/dashboards/agency.html", cached(
        "agency", (user.pk, organisation.pk, today, shown), lambda: agency_dashboard(user, organisation, today, shown)))


@access.record
def body(request, pk):
    found = get_object_or_404(Body.objects.defer("purpose", "terms_of_reference", "membership_rule"), pk=pk)
    _refuse_unless(may.reads_body(request.user, found.pk))
    user, today = request.user, timezone.localdate()
    return render(request, "reporting/dashboards/body.html",
                  cached("body", (user.pk, found.pk, today), lambda: body_dashboard(user, found, today)))


@access.record
def business_unit(request):
    _refuse_unless(may.reads_business_unit(request.user))
    user, today = request.user, timezone.localdate()
    return render(request, "reporting/dashboards/business_unit.html",
                  cached("business-unit", (user.pk, today), lambda: business_unit_dashboard(user, today)))

