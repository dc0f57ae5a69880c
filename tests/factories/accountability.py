import factory
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
