"""The action list's filters (body, agency, owner, outcome, status, progress, overdue), applied inside the
selector (action_selectors.action_list) and shown in the list page's filter panel."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accountability.models import Body, Organisation, User

from .action_models import ACTION_ENDED, Action, ActionStatus, Progress
from .models import Outcome


# The menus read only what their labels show: at ten times Bradford's size they list about 1,400 owners and 300
# outcomes, and making whole records of them cost more than the rest of the page.
class ActionFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(label="Body", queryset=Body.objects.only("pk", "name").order_by("name"),
                                            empty_label="Any body")
    organisation = django_filters.ModelChoiceFilter(label="Agency", queryset=Organisation.objects.only(
        "pk", "name").order_by("name"), empty_label="Any agency")
    # Exists, not a join made distinct: one probe of the owner index a person, not a sort of every action.
    owner = django_filters.ModelChoiceFilter(label="Owner", queryset=User.objects.filter(
        Exists(Action.objects.filter(owner=OuterRef("pk")))).only("pk", "full_name", "email").order_by("full_name"),
        empty_label="Anyone")
    outcome = django_filters.ModelChoiceFilter(label="Outcome", field_name="outcomes", queryset=Outcome.objects
                                               .only("pk", "code", "statement").order_by("priority__plan", "code"),
                                               empty_label="Any outcome")
    status = django_filters.ChoiceFilter(label="Status", choices=ActionStatus.choices, empty_label="Any status")
    progress = django_filters.ChoiceFilter(label="Progress", choices=Progress.choices, empty_label="Any progress")
    overdue = django_filters.BooleanFilter(label="Overdue only", method="filter_overdue",
                                           widget=django_filters.widgets.BooleanWidget())

    class Meta:
        model = Action
        fields = ["body", "organisation", "owner", "outcome", "status", "progress", "overdue"]

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["outcome"].field.label_from_instance = lambda o: f"{o.code} {o.statement[:60]}"

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(due_on__lt=timezone.localdate()).exclude(status__in=ACTION_ENDED)
