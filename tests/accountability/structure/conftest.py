import pytest

from tests.factories import BodyFactory, business_unit, member_of


@pytest.fixture
def bu(db):
    return business_unit()


@pytest.fixture
def bu_client(client_for, bu):
    return client_for(bu)


@pytest.fixture
def member(db):
    """A signed-in member of a body, without the business unit's role."""
    return member_of(BodyFactory(name="Another group", short_name="AG"))


@pytest.fixture
def member_client(client_for, member):
    return client_for(member)
