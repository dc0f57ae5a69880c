"""Factories per app (factory-boy, Faker en_GB). Later issues add a module per app here."""

from tests.factories.accountability import (
    BodyFactory,
    BodyKindFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    business_unit,
    member_of,
)

__all__ = [
    "BodyFactory", "BodyKindFactory", "MeetingFactory", "MembershipFactory", "OrganisationFactory",
    "ThemeFactory", "UserFactory", "business_unit", "member_of",
]
