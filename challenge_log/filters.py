"""The plain list's filters, applied inside the selector (entry_list) and shown in the list page's filter
panel. Issue 15 widens them (themes, outcomes, score bands, dates, saved views)."""

import django_filters

from accountability.models import Body, Organisation

from .models import Entry, Kind, Status


class EntryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=Kind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices, empty_label="Any status")
    raised_by_body = django_filters.ModelChoiceFilter(label="Raised by", queryset=Body.objects.order_by("name"),
                                                      empty_label="Any body")
    organisation = django_filters.ModelChoiceFilter(label="Directed to", queryset=Organisation.objects.order_by(
        "name"), empty_label="Any agency")

    class Meta:
        model = Entry
        fields = ["kind", "status", "raised_by_body", "organisation"]

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
