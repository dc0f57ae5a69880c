"""The list's filters and its sort, applied inside the selector (entry_list: the page, its counts and its
exports read the same rows) and shown in the list page's filter panel. Every filter is a name in the
address, so that a view is bookmarked, shared and saved (SavedView keeps the address's query).

The heat map links here with the exact scores (likelihood, impact, target_likelihood, target_impact) and
open=1. The rows must carry `current_score` (likelihood x impact), which the selector annotates."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from accountability.models import Body, Organisation
from bscb.dates import GovDateFilter
from bscb.models import Theme

from .links import registered as registered_links
from .models import ENDED, AssuranceRequest, Entry, Kind, LogSettings, Status
from .rules import reads_whole_log

YES = [("yes", "Yes")]
SCALE = [(str(n), str(n)) for n in range(1, 6)]
OPEN = [("1", "Open: not closed or withdrawn"), ("0", "Closed or withdrawn")]
BANDS = [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("very_high", "Very high")]
AGENCY, BODY = "agency", "body"

# The sort: the address's `sort`, a column and "-" for descending. Each ends on the reference, so that a
# page boundary never splits rows of equal value differently from one request to the next.
NEWEST = ("-year", "-number")
SORTS = {
    "reference": ("year", "number"),
    "title": ("title", *NEWEST),
    "score": (F("current_score").asc(nulls_first=True), *NEWEST),
    "status": ("status_order", *NEWEST),
    "raised": ("raised_on", "year", "number"),
    "review": (F("next_review_on").asc(nulls_last=True), *NEWEST),
}
SORT_LABELS = {"reference": "Reference", "title": "Title", "score": "Score", "status": "Status",
               "raised": "Raised on", "review": "Next review"}
DEFAULT_SORT = "-reference"


def _descending(order):
    if isinstance(order, str):
        return order[1:] if order.startswith("-") else f"-{order}"
    expression = order.expression
    return expression.asc(nulls_first=True) if order.descending else expression.desc(nulls_last=True)


def sort_choices():
    choices = []
    for key, label in SORT_LABELS.items():
        choices += [(key, f"{label}, ascending"), (f"-{key}", f"{label}, descending")]
    return choices


def ordered(rows, sort: str | None):
    """The rows in the order `sort` names (newest first when it names none, or one that is not a sort)."""
    sort = sort if sort and sort.lstrip("-") in SORTS else DEFAULT_SORT
    order = SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        order = tuple(_descending(part) for part in order)
    if sort.lstrip("-") == "status":  # the lifecycle's order, not the alphabet's
        rows = rows.annotate(status_order=Case(*(When(status=value, then=Value(index))
                                                 for index, value in enumerate(Status.values)),
                                               output_field=IntegerField()))
    return rows.order_by(*order)


def directed_choices():
    """(value, name) pairs: agencies, then bodies; not model instances (a menu built on every request)."""
    agencies = Organisation.objects.order_by("name").values_list("pk", "name")
    bodies = Body.objects.order_by("name").values_list("pk", "name")
    return ([(f"{AGENCY}-{pk}", name) for pk, name in agencies]
            + [(f"{BODY}-{pk}", f"{name} (body)") for pk, name in bodies])


def body_choices():
    return list(Body.objects.order_by("name").values_list("pk", "name"))


def theme_choices():
    return list(Theme.objects.order_by("name").values_list("pk", "name"))


class EntryFilter(django_filters.FilterSet):
    open = django_filters.ChoiceFilter(label="Open or ended", choices=OPEN, empty_label="Either",
                                       method="by_open")
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=Status.choices, help_text="Any of those ticked.",
        widget=forms.CheckboxSelectMultiple)
    kind = django_filters.ChoiceFilter(label="Kind", choices=Kind.choices, empty_label="Any kind")
    directed_to = django_filters.ChoiceFilter(label="Directed to", choices=directed_choices,
                                              empty_label="Any agency or body", method="by_addressee")
    raised_by_body = django_filters.ChoiceFilter(label="Raised by", choices=body_choices, empty_label="Any body")
    theme = django_filters.ChoiceFilter(label="Theme", field_name="themes", choices=theme_choices,
                                        empty_label="Any theme")
    band = django_filters.ChoiceFilter(label="Score band", choices=BANDS, empty_label="Any score",
                                       method="by_band", help_text="Of the current score, likelihood x impact.")
    overdue = django_filters.ChoiceFilter(label="Response overdue", choices=YES, empty_label="Either",
                                          method="by_overdue",
                                          help_text="An assurance report past its due date, not yet given.")
    due_for_review = django_filters.ChoiceFilter(label="Due for review", choices=YES, empty_label="Either",
                                                 method="by_review", help_text="The review date is today or past.")
    restricted = django_filters.ChoiceFilter(label="Restricted", choices=[("yes", "Restricted"),
                                                                          ("no", "Not restricted")],
                                             empty_label="Either", method="by_restricted")
    raised_from = GovDateFilter(field_name="raised_on__date", lookup_expr="gte", label="Raised from",
                                name="first date")
    raised_to = GovDateFilter(field_name="raised_on__date", lookup_expr="lte", label="Raised to",
                              name="last date")
    # The heat map's cells link here with these (open=1 and the two scores of the cell).
    likelihood = django_filters.ChoiceFilter(label="Likelihood", choices=SCALE, empty_label="Any")
    impact = django_filters.ChoiceFilter(label="Impact", choices=SCALE, empty_label="Any")
    target_likelihood = django_filters.ChoiceFilter(label="Target likelihood", choices=SCALE, empty_label="Any")
    target_impact = django_filters.ChoiceFilter(label="Target impact", choices=SCALE, empty_label="Any")
    sort = django_filters.ChoiceFilter(label="Sort by", choices=sort_choices, empty_label="Newest first",
                                       method="by_sort")

    class Meta:
        model = Entry
        fields = []

    def __init__(self, data=None, queryset=None, *, user=None, today: date | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.today = today or timezone.localdate()
        # Offered only to those who read every entry: for anyone else the rows are already only those they
        # may read, and the choice would only hint that there are others.
        if user is None or not reads_whole_log(user):
            del self.filters["restricted"]
        for link in registered_links():  # the plan's outcomes, which the log may not import
            self.filters[link.name] = django_filters.ChoiceFilter(
                label=link.label, empty_label="Any", method=self._by_link(link),
                choices=lambda link=link: [(thing.pk, str(thing)) for thing in link.choices()])

    @staticmethod
    def _by_link(link):
        return lambda queryset, name, value: queryset.filter(pk__in=link.entries(value))

    def filter_queryset(self, queryset):
        # The sort last, whatever the address's order: a filter after it could drop its annotation.
        sort = self.form.cleaned_data.get("sort")
        return ordered(super().filter_queryset(queryset), sort)

    def by_sort(self, queryset, name, value):
        return queryset  # filter_queryset sorts

    def by_open(self, queryset, name, value):
        ended = Q(status__in=ENDED)
        return queryset.exclude(ended) if value == "1" else queryset.filter(ended)

    def by_addressee(self, queryset, name, value):
        kind, _, pk = value.partition("-")
        return queryset.filter(organisation_id=pk) if kind == AGENCY else queryset.filter(body_id=pk)

    def by_band(self, queryset, name, value):
        scale = LogSettings.current()
        low, medium, high = scale.low_up_to, scale.medium_up_to, scale.high_up_to
        return queryset.filter({
            "low": Q(current_score__lte=low),
            "medium": Q(current_score__gt=low, current_score__lte=medium),
            "high": Q(current_score__gt=medium, current_score__lte=high),
            "very_high": Q(current_score__gt=high),
        }[value])

    def by_overdue(self, queryset, name, value):
        late = AssuranceRequest.objects.filter(entry=OuterRef("pk"), due_on__lt=self.today, response__isnull=True)
        return queryset.filter(Exists(late)).exclude(status__in=ENDED)

    def by_review(self, queryset, name, value):
        return queryset.filter(next_review_on__lte=self.today).exclude(status__in=ENDED)

    def by_restricted(self, queryset, name, value):
        return queryset.filter(restricted=value == "yes")
