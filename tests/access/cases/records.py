"""A record's history and the business unit's redaction of its text."""

from bscb.access import RECORD
from tests.access.types import Case, Scenario


def _theme_record(post_data=None):
    from bscb.models import Theme
    from tests.factories import BodyFactory, business_unit, member_of

    theme = Theme.objects.create(name="Neglect", description="Raised after the review of Child X Smith.")
    theme.description = "Raised after the review of Child X Smith. Agreed."
    theme.save()
    return Scenario(
        kwargs={"app_label": "bscb", "model": "theme", "pk": theme.pk},
        allowed=business_unit(),
        refused=member_of(BodyFactory()),
        post_data=post_data or {},
        state=lambda: list(Theme.history.filter(id=theme.pk).values_list("description", flat=True))
        + [Theme.objects.get(pk=theme.pk).description],
    )


def _redaction():
    return _theme_record(
        {"field": "description", "text": "X Smith", "reason": "A child's name", "confirm": "on"}
    )


CASES = {
    "record-history": Case(RECORD, setup=_theme_record),
    "record-redact": Case(RECORD, setup=_redaction, post=True, post_status=302),
}
