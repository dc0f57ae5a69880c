import datetime

import pytest
from django.utils import timezone

from tests.factories import BodyFactory, MeetingFactory, MembershipFactory, business_unit, member_of


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own (the storage is reset when the setting changes)."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}},
    }
    return location


@pytest.fixture
def bu(db):
    return business_unit()


@pytest.fixture
def bu_client(client_for, bu):
    return client_for(bu)


@pytest.fixture
def body(db):
    return BodyFactory(name="Child Sexual Exploitation sub group", short_name="CSE")


@pytest.fixture
def chair(body):
    return member_of(body, role="chair")


@pytest.fixture
def members(body):
    """Two more members of the body, each for an agency."""
    return [MembershipFactory(body=body).person for _ in range(2)]


@pytest.fixture
def outsider(db):
    """A signed-in member of another body: no right over this body's meetings."""
    return member_of(BodyFactory(name="Learning and Development sub group", short_name="L&D"))


@pytest.fixture
def past_meeting(body):
    return MeetingFactory(body=body, starts_at=timezone.now() - datetime.timedelta(days=3), status="held")


@pytest.fixture
def future_meeting(body):
    return MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=10))
