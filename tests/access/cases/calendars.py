"""Calendars: a person's page (which creates the address on a POST) and its reset; the feeds open with the
secret address alone."""

from bscb.access import SIGNED_IN, TOKEN
from tests.access.types import Case, Scenario

NO_ERROR_STATE = "one button: it makes or replaces the address, whenever it is pressed"


def _page():
    """A person with no address yet: the page offers to create one, and the POST creates it."""
    from reporting.models import CalendarFeed
    from tests.factories import UserFactory

    user = UserFactory()
    return Scenario(allowed=user, state=lambda: list(CalendarFeed.objects.filter(user=user).values_list("token")))


def _reset():
    from reporting.models import CalendarFeed
    from tests.factories import UserFactory

    user = UserFactory()
    CalendarFeed.objects.create(user=user, token="old-token")
    return Scenario(allowed=user, state=lambda: list(CalendarFeed.objects.values_list("token", flat=True)))


def _feed(business_unit=False):
    def setup():
        from reporting.calendar import calendar_feed_create
        from tests.factories import UserFactory
        from tests.factories import business_unit as officer

        feed = calendar_feed_create(officer() if business_unit else UserFactory())
        return Scenario(kwargs={"token": feed.token}, bad_kwargs={"token": "wrong-" + feed.token})

    return setup


CASES = {
    "calendar": Case(SIGNED_IN, setup=_page, post=True, post_status=302, no_error_state=NO_ERROR_STATE),
    "calendar-reset": Case(SIGNED_IN, setup=_reset, post=True, post_status=302, no_error_state=NO_ERROR_STATE),
    "calendar-feed": Case(TOKEN, setup=_feed(), html=False, refused_status=404),
    "calendar-partnership": Case(TOKEN, setup=_feed(business_unit=True), html=False, refused_status=404),
}
