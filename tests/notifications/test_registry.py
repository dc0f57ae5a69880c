import sys
from datetime import date

import pytest

from notifications import registry
from notifications.models import ChaseSettings
from notifications.registry import Due


def test_extra_sources_are_imported_from_the_environment(monkeypatch):
    monkeypatch.delitem(sys.modules, "tests.notifications.sources", raising=False)
    monkeypatch.setenv(registry.EXTRA_SOURCES_ENV, "tests.notifications.sources")
    try:
        assert "chase-test" in registry.sources()
    finally:
        registry.unregister("chase-test")


def test_people_on_rungs_are_listed_once_in_rung_order():
    due = Due(key="k", title="t", url="/", due_date=date(2017, 3, 15),
              rungs=[("owner", [3]), ("business_unit", [5, 3]), ("monitoring_chair", [7])])
    assert due.people(["owner", "business_unit"]) == [3, 5]
    assert due.people(["owner", "business_unit", "monitoring_chair"]) == [3, 5, 7]


@pytest.mark.django_db
def test_the_settings_row_exists_with_the_defaults():
    row = ChaseSettings.current()
    assert (row.days_before, row.repeat_every, row.escalate_to_bu_after, row.escalate_to_chair_after) == (5, 3, 5, 10)
    assert ChaseSettings.objects.count() == 1
