"""The lists' filters, applied inside the selectors (summary_list, due_list) and shown in the list
page's filter panel."""

from datetime import date

import django_filters
from django.db.models import Q
from django.utils import timezone

from accountability.models import Body
from accountability.roles import roles_for

from .models import Summary, SummaryKind, SummaryStatus

STATES = [
    ("expected", "Expected (nothing written)"),
    ("draft", "Draft"),
    ("due_soon", "Due soon"),
    ("due_today", "Due today"),
    ("overdue", "Overdue"),
    ("submitted", "Submitted"),
]
OUTSTANDING_STATES = [state for state in STATES if state[0] != "submitted"]
OWING = Q(owes_summaries=True) | Q(owes_quarterly_summaries=True) | Q(owes_yearly_assurance=True)


def owing_bodies(user):
    """The body menu: bodies that owe any kind of summary or report, of the reader's own unless the
    reader is the business unit. (pk, name) pairs, not instances."""
    bodies = Body.objects.filter(OWING).order_by("name")
    roles = roles_for(user)
    if not roles.is_business_unit:
        bodies = bodies.filter(pk__in=roles.member_body_ids)
    return list(bodies.values_list("pk", "name"))


class SummaryFilter(django_filters.FilterSet):
    body = django_filters.ChoiceFilter(label="Body", empty_label="Any body")
    kind = django_filters.ChoiceFilter(label="What is owed", choices=SummaryKind.choices, empty_label="Anything")
    state = django_filters.ChoiceFilter(label="State", choices=STATES, empty_label="Any state", method="by_state")

    class Meta:
        model = Summary
        fields = ["body", "kind", "state"]

    def __init__(self, data=None, queryset=None, *, user, today: date | None = None, soon: date | None = None,
                 **kwargs):
        # `soon`, the last day counted due soon (selectors.due_soon_until), is needed to filter by state:
        # the selectors give it; a form shown on a page needs none.
        self.today, self.soon = today or timezone.localdate(), soon
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["body"].extra["choices"] = owing_bodies(user)

    def by_state(self, queryset, name, value):
        """As summary_state tags them: overdue, due today and due soon come before expected and draft."""
        soon = self.soon
        draft = Q(status=SummaryStatus.DRAFT)
        not_yet_soon = Q(due_date__isnull=True) | Q(due_date__gt=soon)
        return queryset.filter({
            "expected": draft & not_yet_soon & Q(latest_number__isnull=True),
            "draft": draft & not_yet_soon & Q(latest_number__isnull=False),
            "due_soon": draft & Q(due_date__gt=self.today, due_date__lte=soon),
            "due_today": draft & Q(due_date=self.today),
            "overdue": draft & Q(due_date__lt=self.today),
            "submitted": Q(status=SummaryStatus.SUBMITTED),
        }[value])


class DueFilter(SummaryFilter):
    """The business unit's page of what is owed: only the states before submission."""

    state = django_filters.ChoiceFilter(label="State", choices=OUTSTANDING_STATES, empty_label="Any state",
                                        method="by_state")
