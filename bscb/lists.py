"""The one list page: a django-filter FilterSet that the app's selector applies to the rows, the same
FilterSet's form in the page's filter panel (MOJ filter layout, templates/list_page.html), and a page
of the rows. Views call `list_page` and render a template that extends list_page.html."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def with_defaults(data, defaults: dict):
    """The address's filters, with the FilterSet's `defaults` for those it does not name at all."""
    if data is None or all(name in data for name in defaults):
        return data
    data = data.copy()
    for name, value in defaults.items():
        data.setdefault(name, value)
    return data


def list_page(request, filterset_class, rows, *, page_size: int = PAGE_SIZE, **filterset_kwargs) -> dict:
    """The list page's context: `filter_form` (bound to the address, so a refused filter is explained
    beside its field), `filtered` (whether the address sets any filter other than the FilterSet's
    `defaults`) and `page`.

    `rows` is what the selector returned for the same address: the FilterSet is built here for its
    form only, as the selector built it for the rows (its choices are a constant few queries)."""
    form = filterset_class(request.GET, **filterset_kwargs).form
    for field in form.fields.values():
        if "invalid_choice" in field.error_messages:  # Django's says "Select a valid choice. 7 is not one..."
            field.error_messages["invalid_choice"] = f"Choose a {field.label.lower()} from the list"
    # A filter the FilterSet sets by default (the meetings' "upcoming") is the list's own view, not one to clear.
    defaults = getattr(filterset_class, "defaults", {})
    # A defaulted filter set to nothing ("Any time") is a choice too.
    filtered = any(value != defaults[name] if name in defaults else bool(value)
                   for name, value in request.GET.items() if name != "page")
    page = Paginator(rows, page_size).get_page(request.GET.get("page"))
    return {"filter_form": form, "filtered": filtered, "page": page}
