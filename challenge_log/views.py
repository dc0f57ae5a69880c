"""The log's pages. Reads come from challenge_log.selectors; who may open an entry is the rule
challenge_log.view_entry (a restricted entry only for those DESIGN.md names)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from bscb import access

from . import selectors
from .models import Entry


@access.record
def entry_detail(request, pk):
    try:
        entry = selectors.entry_detail(pk)
    except Entry.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("challenge_log.view_entry", entry):
        raise PermissionDenied
    settings = selectors.scale()
    return render(request, "challenge_log/entry_detail.html", {
        "entry": entry, "steps": entry.steps.all(), "requests": entry.requests.all(),
        "escalations": entry.escalations.all(), "band": settings.band(entry.score),
        "target_band": settings.band(entry.target_score),
    })
