"""The log's list (issue 15 §1): filtered and sorted by its address, paginated, exported as CSV and XLSX from
the same selector (so the same rows, and restricted entries only for those who may read them), and the
person's saved views of it."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from bscb import access, spreadsheets
from bscb.forms import form_saved
from bscb.lists import list_page

from . import exports, forms, selectors, services
from .filters import DEFAULT_SORT, SORT_LABELS, SORTS, EntryFilter
from .models import SavedView

FORM_TEMPLATE = "form_page.html"
EXPORT_NAME = "challenge-and-risk-log"


def _query(request, **changes) -> str:
    """The address's query without its page number or the filters left empty (the panel sends them all), with
    `changes` set."""
    query = QueryDict(mutable=True)
    for name in request.GET:
        values = [value for value in request.GET.getlist(name) if value]
        if values and name != "page":
            query.setlist(name, values)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


def _columns(request) -> list[dict]:
    """The sortable columns' headings: each links to the list sorted by it (again: the other way round)."""
    current = request.GET.get("sort") or DEFAULT_SORT
    current = current if current.lstrip("-") in SORTS else DEFAULT_SORT
    columns = []
    for key, label in SORT_LABELS.items():
        sorted_here = current.lstrip("-") == key
        descending = current.startswith("-")
        columns.append({
            "label": label,
            "url": "?" + _query(request, sort=(key if descending else f"-{key}") if sorted_here else key),
            "aria_sort": ("descending" if descending else "ascending") if sorted_here else "",
        })
    return columns


@access.signed_in
def entry_list(request):
    """The log as the reader may see it, filtered, sorted and paged by the address."""
    rows = selectors.entry_list(request.user, filters=request.GET)
    context = list_page(request, EntryFilter, rows, user=request.user)
    page, scale = context["page"], selectors.scale()
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        entry.band = scale.band(entry.current_score)
    return render(request, "challenge_log/entry_list.html", {
        **context, "can_raise": selectors.bodies_raising_for(request.user).exists(), "columns": _columns(request),
        "query": _query(request), "views": selectors.saved_views(request.user)})


@access.signed_in
def entry_export_csv(request):
    header, rows = exports.table(selectors.entry_export(request.user, filters=request.GET))
    return spreadsheets.csv_response(EXPORT_NAME, header, rows)


@access.signed_in
def entry_export_xlsx(request):
    header, rows = exports.table(selectors.entry_export(request.user, filters=request.GET))
    return spreadsheets.xlsx_response(EXPORT_NAME, header, rows, sheet="Log", widths=exports.WIDTHS)


def _view(request, pk) -> SavedView:
    return access.get_object_or_403(request, "challenge_log.change_saved_view", SavedView, pk=pk)


@access.signed_in
def saved_view_create(request):
    """Name the list's current filters and sort (the address this page was opened with)."""
    form = forms.SavedViewForm(request.POST or None, instance=SavedView(),
                               initial={"query": services.saved_view_query(request.GET.urlencode())})
    saved = form_saved(request, form, lambda data: services.saved_view_create(
        name=data["name"], query=data.get("query", ""), by=request.user),
        lambda view: f"The view \u201c{view.name}\u201d was saved: it is listed above the log.")
    if saved is not None:
        return saved
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": "Save this view of the log", "back_url": f"{reverse('entry-list')}?"
        f"{request.GET.urlencode()}", "crumbs": [("Challenge and risk log", reverse("entry-list"))],
        "intro": "The log's filters and sort as they are now, under a name of your choosing. Only you see it."})


@access.record
def saved_view_rename(request, pk):
    view = _view(request, pk)
    form = forms.SavedViewForm(request.POST or None, instance=view, submit="Rename it")

    def rename(data):
        services.saved_view_rename(view=view, name=data["name"], by=request.user,
                                   version=form.version)
        return view

    saved = form_saved(request, form, rename, "The view was renamed.")
    if saved is not None:
        return saved
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": f"Rename \u201c{view.name}\u201d", "current": "Rename a view",
        "back_url": reverse("entry-list"), "crumbs": [("Challenge and risk log", reverse("entry-list"))]})


@access.record
def saved_view_delete(request, pk):
    view = _view(request, pk)
    if request.method == "POST":
        services.saved_view_delete(view=view, by=request.user)
        messages.success(request, f"The view \u201c{view.name}\u201d was deleted.")
        return redirect("entry-list")
    return render(request, "confirm_page.html", {
        "title": f"Delete the view \u201c{view.name}\u201d?", "current": "Delete a view",
        "explanation": "The view's name and filters are removed from your saved views. The log itself is not "
                       "changed.",
        "button": "Delete the view", "destructive": True, "back_url": reverse("entry-list"),
        "back_to": "to the log", "crumbs": [("Challenge and risk log", reverse("entry-list"))]})
