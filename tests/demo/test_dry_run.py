"""`manage.py chase --dry-run` writes nothing, whatever the day it is dated: every table's rows (every
app's, history tables and third-party tables included) are the same after it, on the demo. The issue
found a dry run dated after the current quarter made that quarter's summaries before it ended, and
one dated 2099-06-01 committed 330 of them. The real order of things, the expected reports first
(the task scheduled before the chase), then the chase, still finds what a new quarter owes.
"""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bscb.periods import quarter_of
from bscb.workdays import add_working_days
from reporting.dues import summary_key
from reporting.models import Summary, SummaryKind
from reporting.periodic import start_month
from reporting.tasks import expect_reports
from tests.demo.test_summaries import chase_day
from tests.helpers.writes import table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def next_quarters_due_day() -> date:
    """The day the quarterly summaries of the quarter running now fall due (15 working days after it ends)."""
    return add_working_days(quarter_of(timezone.localdate(), start_month()).end, 15)


def dry_run(day: date) -> str:
    out = StringIO()
    call_command("chase", "--dry-run", "--as-of", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("when", ["the first chase day", "when this quarter's summaries fall due", "2099-06-01"])
def test_a_dry_run_writes_nothing(when):
    day = {"the first chase day": chase_day(), "when this quarter's summaries fall due": next_quarters_due_day(),
           "2099-06-01": date(2099, 6, 1)}[when]
    before = table_rows()
    assert sum(map(len, before.values())) > 1000  # the demo is there
    output = dry_run(day)
    assert "would be sent" in output
    assert table_rows() == before


def test_the_expected_reports_then_the_chase_find_what_a_new_quarter_owes():
    day = next_quarters_due_day()
    quarter = quarter_of(timezone.localdate(), start_month())
    assert not Summary.objects.filter(kind=SummaryKind.QUARTERLY, period_start=quarter.start).exists()
    expect_reports.run(day.isoformat())  # as the schedule runs it, before the chase
    new = Summary.objects.filter(kind=SummaryKind.QUARTERLY, period_start=quarter.start)
    assert new.count() >= 3
    output = dry_run(day)
    for summary in new:
        assert f"would send: {summary_key(summary.pk)} due to " in output
