"""The theme pages: what the plan and the decisions tag with each theme (reads plan and accountability)."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from accountability import selectors as accountability_selectors
from bscb import access
from bscb import services as bscb_services
from bscb.forms import ThemeForm, add_service_errors, model_data, save_form
from bscb.models import Theme
from plan import selectors as plan_selectors

RECENT_DECISIONS = 25


@access.signed_in
def theme_list(request):
    # Themes are few (tens); the count of tagged decisions is one aggregate, not a query a row.
    themes = Theme.objects.annotate(decision_count=Count("decisions"))
    return render(request, "reporting/themes.html", {"themes": themes})


@access.signed_in
def theme_detail(request, pk):
    """Everything tagged with the theme: the plan's priorities and outcomes, and the latest decisions."""
    theme = get_object_or_404(Theme, pk=pk)
    decisions = accountability_selectors.decision_log().filter(themes=theme).order_by("-meeting__starts_at", "-pk")
    return render(request, "reporting/theme_detail.html", {
        "theme": theme,
        "priorities": list(plan_selectors.priorities_for_theme(theme)),
        "outcomes": list(plan_selectors.outcomes_for_theme(theme)),
        "decisions": list(decisions[:RECENT_DECISIONS]),
        "decision_count": decisions.count(),
        "can_manage": request.user.has_perm("bscb.manage_themes"),
    })


def _theme_form(request, theme):
    if not request.user.has_perm("bscb.manage_themes"):
        raise PermissionDenied
    form = ThemeForm(request.POST or None, instance=copy.copy(theme))
    if request.method == "POST" and form.is_valid():
        def save():
            if theme.pk:
                bscb_services.theme_update(theme=theme, data=model_data(form), by=request.user, version=form.version)
                saved = theme
            else:
                saved = bscb_services.theme_create(data=model_data(form), by=request.user)
            messages.success(request, f"The theme \u201c{saved.name}\u201d was saved.")
            return redirect("theme-list")

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "reporting/theme_form.html", {"form": form, "theme": theme})


@access.record
def theme_create(request):
    return _theme_form(request, Theme())


@access.record
def theme_edit(request, pk):
    return _theme_form(request, get_object_or_404(Theme, pk=pk))
