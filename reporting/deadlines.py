"""When what a body owes in writing falls due: the three deadline rules, in one place (DESIGN.md's
workflows and their clocks), with the day counts an administrator sets in the admin (DeadlineSettings).

- A summary after a meeting: `summary_working_days` working days after the meeting (15).
- A quarterly summary: `quarterly_working_days` working days after its quarter ends (15).
- A yearly assurance report: `yearly_days_before` days before the receiving body's meeting flagged
  as the last of the year (14), moved to the working day before when that is a weekend or bank holiday.

Working days are bscb.workdays'. These functions only read: the services make the expected rows and
move the due dates of unsubmitted drafts when a meeting or a count changes. Pass `counts` (one
`deadline_counts()`) when working out many dates, or each call reads the row.
"""

from datetime import date, timedelta

from django.utils import timezone

from accountability.models import Meeting
from bscb.periods import Period
from bscb.workdays import add_working_days, previous_working_day

from .models import DeadlineSettings


def deadline_counts() -> DeadlineSettings:
    """The administrator's day counts: the one row, or (before it is made) the defaults. Writes nothing."""
    return DeadlineSettings.objects.filter(pk=DeadlineSettings.PK).first() or DeadlineSettings(pk=DeadlineSettings.PK)


def ensure_deadline_settings() -> DeadlineSettings:
    """The row with the defaults, made when missing (after every migrate, and by tests that empty tables)."""
    row, _ = DeadlineSettings.objects.get_or_create(pk=DeadlineSettings.PK)
    return row


def summary_due_date(meeting: Meeting, counts: DeadlineSettings | None = None) -> date:
    counts = counts or deadline_counts()
    return add_working_days(timezone.localtime(meeting.starts_at).date(), counts.summary_working_days)


def quarterly_due_date(quarter: Period, counts: DeadlineSettings | None = None) -> date:
    counts = counts or deadline_counts()
    return add_working_days(quarter.end, counts.quarterly_working_days)


def yearly_due_date(final_meeting: Meeting, counts: DeadlineSettings | None = None) -> date:
    counts = counts or deadline_counts()
    day = timezone.localtime(final_meeting.starts_at).date() - timedelta(days=counts.yearly_days_before)
    return previous_working_day(day)
