"""The chasing ladder as pure functions over English working days (bscb.workdays).

For a due date, the steps are: "before" (`days_before` working days before the due day), "due" (on
it), then the overdue steps "overdue-1", "overdue-2", ... every `repeat_every` working days. A rung's
threshold day is a step of its own: the business unit is copied in on the `escalate_to_bu_after`th
working day overdue and the chair of the monitoring body on the `escalate_to_chair_after`th, and the
repeats count again from there (with the defaults, 3, 5, 8, 10, 13, 16... working days overdue; the
owner, then also the business unit from the 5th, then also the monitoring chair from the 10th).

On a given day only the highest step whose day has come is sent; earlier steps not yet recorded are
recorded as skipped (a missed run, or a record entered late). Nothing is chased on a non-working day.

Planning costs the same however overdue an item is: the step of a day is worked out by arithmetic
over the working days overdue (bscb.workdays counts them without walking the days), and the earlier
steps returned are at most the ladder's landmarks (before, due, the first overdue step, the step where
each rung comes in) and the `RECENT` latest, so an item entered two thousand years overdue plans a
score of steps, not 170,000.
"""

from dataclasses import dataclass
from datetime import date

from bscb.workdays import add_working_days, is_working_day, previous_working_day, working_days_between

from .registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER

RECENT = 12  # earlier overdue steps planned besides the landmarks: every one of an item up to ~3 months late


@dataclass(frozen=True)
class Rules:
    days_before: int = 5
    repeat_every: int = 3
    escalate_to_bu_after: int = 5
    escalate_to_chair_after: int = 10

    @property
    def every(self) -> int:
        return max(self.repeat_every, 1)

    @property
    def thresholds(self) -> tuple[int, ...]:
        """The working days overdue on which a rung comes in, each a step of its own (0: from the start)."""
        return tuple(sorted({t for t in (self.escalate_to_bu_after, self.escalate_to_chair_after) if t > 0}))


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


def overdue_steps_by(days: int, rules: Rules) -> int:
    """How many overdue steps fall on or before `days` working days overdue (the current step's number)."""
    done, start = 0, 0
    for threshold in rules.thresholds:
        if days < threshold:
            break
        done += (threshold - 1 - start) // rules.every + 1  # the repeats before the threshold, and it
        start = threshold
    return done + (days - start) // rules.every


def overdue_days_of(number: int, rules: Rules) -> int:
    """How many working days overdue the `number`th overdue step falls (number >= 1)."""
    done, start = 0, 0
    for threshold in rules.thresholds:
        here = (threshold - 1 - start) // rules.every + 1  # the repeats before the threshold, and it
        if number <= done + here:
            nth = number - done
            return threshold if nth == here else start + nth * rules.every
        done, start = done + here, threshold
    return start + (number - done) * rules.every


def steps_until(due_date: date, today: date, rules: Rules) -> list[Step]:
    """The steps whose day is on or before `today`, in order, the last the highest: every one while they
    are few; for an item long overdue, "before", "due", the first overdue step, the step where each rung
    came in and the `RECENT` latest. A fixed amount of work however overdue."""
    steps = []
    if rules.days_before > 0:
        before = add_working_days(due_date, -rules.days_before)
        if before <= today:
            steps.append(Step("before", before, (OWNER,)))
    if due_date <= today:
        steps.append(Step("due", due_date, (OWNER,)))
    if today <= due_date:
        return steps
    overdue = working_days_between(due_date, today)
    current = overdue_steps_by(overdue, rules)
    if not current:
        return steps
    numbers = {1, *range(max(current - RECENT, 1), current + 1)}
    numbers |= {overdue_steps_by(t, rules) for t in rules.thresholds if t <= overdue}
    last = previous_working_day(today)  # the latest working day: `overdue` working days after the due day
    for number in sorted(numbers):
        days = overdue_days_of(number, rules)
        # From whichever end is nearer: the due day for the first steps, the latest day for the recent ones.
        day = (add_working_days(due_date, days) if days <= overdue - days
               else add_working_days(last, days - overdue))
        steps.append(Step(f"overdue-{number}", day, rungs_for(days, rules)))
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
