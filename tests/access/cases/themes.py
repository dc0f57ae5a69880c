"""Themes: every member reads them; the business unit adds and changes them."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Scenario


def _reader():
    from tests.factories import BodyFactory, ThemeFactory, member_of

    ThemeFactory(name="Neglect")
    return Scenario(allowed=member_of(BodyFactory()))


def _theme_page():
    """A theme with a priority, an outcome and a decision tagged with it: every part of its page has something."""
    from accountability.models import Decision
    from tests.factories import BodyFactory, MeetingFactory, member_of
    from tests.plan.factories import bradford_excerpt

    made = bradford_excerpt()
    neglect = made["neglect"]
    decision = Decision.objects.create(meeting=MeetingFactory(body=made["pmae"], status="held"),
                                       text="Agreed the neglect strategy.", childrens_voice="informed")
    decision.themes.set([neglect])
    return Scenario(kwargs={"pk": neglect.pk}, allowed=member_of(BodyFactory()))


def _theme_form(edit: bool):
    def setup():
        from bscb.models import Theme
        from tests.factories import BodyFactory, ThemeFactory, business_unit, member_of

        theme = ThemeFactory(name="Forced marriage")
        return Scenario(
            kwargs={"pk": theme.pk} if edit else {},
            allowed=business_unit(),
            refused=member_of(BodyFactory()),
            post_data={"name": "Female genital mutilation", "description": "As the plan names it."},
            state=lambda: sorted(Theme.objects.values_list("name", flat=True)),
        )

    return setup


CASES = {
    "theme-list": Case(SIGNED_IN, setup=_reader),
    "theme-detail": Case(SIGNED_IN, setup=_theme_page),
    "theme-create": Case(RECORD, setup=_theme_form(False), post=True, post_status=302),
    "theme-edit": Case(RECORD, setup=_theme_form(True), post=True, post_status=302),
}
