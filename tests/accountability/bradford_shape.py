"""What the tests of who holds what share: a fixed day (15 June 2017, a Thursday) and Bradford's shape, a
BPG whose members include the chairs of every sub group. Its fixtures are registered by the package's
conftest.py; a module asks for the day with `pytest.mark.usefixtures("frozen_day")`."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accountability.models import User
from tests.factories import BodyFactory, BodyKindFactory

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2017, 6, 15)
DAY = dt.timedelta(days=1)


@pytest.fixture
def frozen_day():
    with time_machine.travel(dt.datetime(2017, 6, 15, 12, tzinfo=LONDON), tick=False):
        yield


def fresh(user):
    """The user as the next request loads it: nothing cached on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def structure(db):
    sub_group = BodyKindFactory(name="Sub group", order=3)
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG", kind=BodyKindFactory(name="BPG", order=2),
                      seats_for_chairs_of=sub_group)
    ld = BodyFactory(name="Learning and Development Sub Group", short_name="L&D", kind=sub_group)
    cse = BodyFactory(name="Child Sexual Exploitation Sub Group", short_name="CSE", kind=sub_group)
    return {"bpg": bpg, "ld": ld, "cse": cse, "sub_group": sub_group}
