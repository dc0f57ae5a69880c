"""The dashboards (issue 18 §2): thin views over reporting/dashboards/. Who may open each is said in
reporting/dashboards/access.py; a reader without the right gets 403, for GET and POST alike (the right is
checked before anything else; the pages have no form)."""

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


def _refuse_unless(allowed: bool):
    if not allowed:
        raise PermissionDenied


@access.record
def board(request):
    _refuse_unless(may.reads_board(request.user))
    return render(request, "reporting/dashboards/board.html",
                  board_dashboard(request.user, timezone.localdate()))


@access.record
def agency(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    _refuse_unless(may.reads_agency(request.user, organisation.pk))
    return render(request, "reporting/dashboards/agency.html",
                  agency_dashboard(request.user, organisation, timezone.localdate(), request.GET.get("responses")))


@access.record
def body(request, pk):
    found = get_object_or_404(Body.objects.defer("purpose", "terms_of_reference", "membership_rule"), pk=pk)
    _refuse_unless(may.reads_body(request.user, found.pk))
    return render(request, "reporting/dashboards/body.html", body_dashboard(request.user, found, timezone.localdate()))


@access.record
def business_unit(request):
    _refuse_unless(may.reads_business_unit(request.user))
    return render(request, "reporting/dashboards/business_unit.html",
                  business_unit_dashboard(request.user, timezone.localdate()))

