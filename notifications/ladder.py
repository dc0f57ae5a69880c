"""The chasing ladder as pure functions over English working days (bscb.workdays).

For a due date, the steps are: "before" (`days_before` working days before the due day), "due" (on
it), then "overdue-1", "overdue-2", ... every `repeat_every` working days after it. Each step names
the rungs it goes to: the owner; from `escalate_to_bu_after` working days overdue also the business
unit; from `escalate_to_chair_after` also the chair of the monitoring body.

On a given day only the highest step whose day has come is sent; earlier steps not yet recorded are
recorded as skipped (a missed run, or a record entered late). Nothing is chased on a non-working day.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from bscb.workdays import add_working_days, is_working_day

from .registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER


@dataclass(frozen=True)
class Rules:
    days_before: int = 5
    repeat_every: int = 3
    escalate_to_bu_after: int = 5
    escalate_to_chair_after: int = 10


@dataclass(frozen=True)
class Step:
    name: str
    day: date
    rungs: tuple[str, ...]


def rungs_for(overdue_days: int, rules: Rules) -> tuple[str, ...]:
    rungs = [OWNER]
    if overdue_days >= rules.escalate_to_bu_after:
        rungs.append(BUSINESS_UNIT)
    if overdue_days >= rules.escalate_to_chair_after:
        rungs.append(MONITORING_CHAIR)
    return tuple(rungs)


def steps_until(due_date: date, today: date, rules: Rules) -> list[Step]:
    """Every step of the ladder whose day is on or before `today`, in order."""
    steps = []
    if rules.days_before > 0:
        steps.append(Step("before", add_working_days(due_date, -rules.days_before), (OWNER,)))
    steps.append(Step("due", due_date, (OWNER,)))
    steps = [s for s in steps if s.day <= today]
    if today > due_date:
        # One walk from the due day to today, each overdue step `repeat_every` working days after the
        # one before: a look at each day, not a count from the due day for each step (which made a
        # date far ahead, a dry run dated 2099, cost the square of the days overdue).
        every = max(rules.repeat_every, 1)
        day, counted = due_date, 0
        while day < today:
            day += timedelta(days=1)
            if is_working_day(day):
                counted += 1
                if counted % every == 0:
                    steps.append(Step(f"overdue-{counted // every}", day, rungs_for(counted, rules)))
    return steps


def steps_today(due_date: date, today: date, rules: Rules) -> tuple[Step | None, list[Step]]:
    """(the step to send today, the earlier steps) — (None, []) on a non-working day or too early.

    The caller sends the current step unless already recorded, and records as skipped the earlier
    ones that were never recorded.
    """
    if not is_working_day(today):
        return None, []
    steps = steps_until(due_date, today, rules)
    if not steps:
        return None, []
    return steps[-1], steps[:-1]
