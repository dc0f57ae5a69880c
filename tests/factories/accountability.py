import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accountability.models import User

factory.Faker._DEFAULT_LOCALE = "en_GB"

PASSWORD = "a-test-password-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@agency.example.org")
    job_title = factory.Faker("job")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = "accountability.Organisation"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.Sequence(lambda n: f"AG{n}")
    sector = "statutory"
    kind = "other"


class BodyKindFactory(DjangoModelFactory):
    class Meta:
        model = "accountability.BodyKind"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kind {n}")
    order = factory.Sequence(int)


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = "accountability.Body"
        django_get_or_create = ("name",)

    kind = factory.SubFactory(BodyKindFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    short_name = factory.Sequence(lambda n: f"G{n}")
    purpose = "To do its work."
    active_from = datetime.date(2016, 4, 1)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = "accountability.Membership"

    person = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    role = "member"
    organisation = factory.SubFactory(OrganisationFactory)
    start = datetime.date(2016, 4, 1)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = "accountability.Meeting"

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    place = "City Hall"
    status = "scheduled"


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = "bscb.Theme"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")


def business_unit(**kwargs):
    """A body that holds the business-unit function, and one of its officers."""
    from accountability.models import BodyFunction, Function

    body = BodyFactory(name="Business Unit", short_name="BU")
    BodyFunction.objects.get_or_create(body=body, function=Function.BUSINESS_UNIT)
    return MembershipFactory(body=body, role="bu_officer", **kwargs).person


def member_of(body, role="member", **kwargs):
    return MembershipFactory(body=body, role=role, **kwargs).person
