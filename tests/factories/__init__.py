"""Factories per app (factory-boy, Faker en_GB). Later issues add a module per app here."""

from tests.factories.accountability import UserFactory

__all__ = ["UserFactory"]
