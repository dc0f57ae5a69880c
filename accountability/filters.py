import django_filters
from django.db.models import Q
from django.utils import timezone

from bscb.dates import GovDateFilter
from bscb.lists import with_defaults
from bscb.models import Theme

from .models import (
    Body,
    BodyKind,
    ChildrensVoice,
    Decision,
    Meeting,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    Sector,
    User,
)


def body_choices():
    """(pk, name) pairs, not model instances: a list page builds this menu on every request."""
    return list(Body.objects.order_by("name").values_list("pk", "name"))


def theme_choices():
    return list(Theme.objects.order_by("name").values_list("pk", "name"))


class OrganisationFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name", method="search")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, empty_label="Any sector")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, empty_label="Any kind")

    class Meta:
        model = Organisation
        fields = ["name", "sector", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class BodyFilter(django_filters.FilterSet):
    kind = django_filters.ModelChoiceFilter(queryset=BodyKind.objects.all(), empty_label="Any kind")
    name = django_filters.CharFilter(label="Name", method="search")

    class Meta:
        model = Body
        fields = ["kind", "name"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class DecisionFilter(django_filters.FilterSet):
    body = django_filters.ChoiceFilter(
        field_name="meeting__body", choices=body_choices, empty_label="Any body", label="Body"
    )
    date_from = GovDateFilter(field_name="meeting__starts_at__date", lookup_expr="gte", label="From",
                              name="first date")
    date_to = GovDateFilter(field_name="meeting__starts_at__date", lookup_expr="lte", label="To", name="last date")
    theme = django_filters.ChoiceFilter(
        field_name="themes", choices=theme_choices, empty_label="Any theme", label="Theme"
    )
    childrens_voice = django_filters.ChoiceFilter(
        choices=ChildrensVoice.choices, empty_label="Either", label="Children's wishes and feelings"
    )

    class Meta:
        model = Decision
        fields = ["body", "date_from", "date_to", "theme", "childrens_voice"]


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name or email address", method="search")

    class Meta:
        model = User
        fields = ["name"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(email__icontains=value))


class MeetingFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label="When", choices=[("upcoming", "Upcoming"), ("past", "Past")], empty_label="Any time",
        method="filter_when",
    )
    body = django_filters.ChoiceFilter(choices=body_choices, empty_label="Any body", label="Body")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, empty_label="Any status", label="Status")
    date_from = GovDateFilter(field_name="starts_at__date", lookup_expr="gte", label="From", name="first date")
    date_to = GovDateFilter(field_name="starts_at__date", lookup_expr="lte", label="To", name="last date")

    class Meta:
        model = Meeting
        fields = ["when", "body", "status", "date_from", "date_to"]

    # The list opens on what is coming; "Any time" (when=) shows every meeting. Not a filter to clear.
    defaults = {"when": "upcoming"}

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_defaults(data, self.defaults), *args, **kwargs)

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(starts_at__gte=now).order_by("starts_at", "pk")
        if value == "past":
            return queryset.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
        return queryset
