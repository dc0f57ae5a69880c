from datetime import date

import pytest

from bscb.workdays import add_working_days, is_working_day, working_days_between
from notifications.ladder import Rules, steps_today, steps_until

RULES = Rules()


def names(steps):
    return [(s.name, s.day, s.rungs) for s in steps]


def test_before_due_and_overdue_on_plain_weeks():
    due = date(2017, 3, 15)  # a Wednesday
    steps = steps_until(due, date(2017, 4, 5), RULES)
    assert names(steps) == [
        ("before", date(2017, 3, 8), ("owner",)),
        ("due", date(2017, 3, 15), ("owner",)),
        ("overdue-1", date(2017, 3, 20), ("owner",)),  # 3 working days overdue
        ("overdue-2", date(2017, 3, 22), ("owner", "business_unit")),  # 5: the business unit's threshold
        ("overdue-3", date(2017, 3, 27), ("owner", "business_unit")),  # 8
        ("overdue-4", date(2017, 3, 29), ("owner", "business_unit", "monitoring_chair")),  # 10: the chair's
        ("overdue-5", date(2017, 4, 3), ("owner", "business_unit", "monitoring_chair")),  # 13
    ]


def test_easter_is_not_counted():
    due = date(2017, 4, 21)  # the Friday after Easter 2017 (Good Friday 14th, Easter Monday 17th)
    steps = steps_until(due, date(2017, 4, 21), RULES)
    # five working days before: 20, 19, 18, 13, 12 April
    assert names(steps)[0] == ("before", date(2017, 4, 12), ("owner",))
    due = date(2017, 4, 13)  # Maundy Thursday: three working days later is Thursday 20th (18, 19, 20)
    assert steps_until(due, date(2017, 4, 20), RULES)[-1].name == "overdue-1"
    assert steps_until(due, date(2017, 4, 19), RULES)[-1].name == "due"


def test_christmas_and_new_year_are_not_counted():
    due = date(2017, 12, 22)  # Friday; 25, 26 Dec and 1 Jan are bank holidays
    steps = steps_until(due, date(2018, 1, 10), RULES)
    assert [(s.name, s.day) for s in steps if s.name.startswith("overdue")][:2] == [
        ("overdue-1", date(2017, 12, 29)), ("overdue-2", date(2018, 1, 3))]  # 3 and 5 working days overdue


@pytest.mark.parametrize("today,expected", [
    (date(2017, 3, 7), None),
    (date(2017, 3, 8), "before"),
    (date(2017, 3, 14), "before"),
    (date(2017, 3, 15), "due"),
    (date(2017, 3, 17), "due"),
    (date(2017, 3, 20), "overdue-1"),
])
def test_the_step_for_a_day(today, expected):
    current, _ = steps_today(date(2017, 3, 15), today, RULES)
    assert (current.name if current else None) == expected


def test_a_missed_run_sends_only_the_highest_step_and_lists_the_earlier():
    current, earlier = steps_today(date(2017, 3, 15), date(2017, 3, 23), RULES)
    assert current.name == "overdue-2"
    assert [s.name for s in earlier] == ["before", "due", "overdue-1"]


def test_nothing_on_a_weekend_or_bank_holiday():
    assert steps_today(date(2017, 3, 15), date(2017, 3, 18), RULES) == (None, [])  # Saturday
    assert steps_today(date(2017, 4, 10), date(2017, 4, 17), RULES) == (None, [])  # Easter Monday


def test_settings_change_the_ladder():
    rules = Rules(days_before=2, repeat_every=1, escalate_to_bu_after=1, escalate_to_chair_after=2)
    steps = steps_until(date(2017, 3, 15), date(2017, 3, 17), rules)
    assert names(steps) == [
        ("before", date(2017, 3, 13), ("owner",)),
        ("due", date(2017, 3, 15), ("owner",)),
        ("overdue-1", date(2017, 3, 16), ("owner", "business_unit")),
        ("overdue-2", date(2017, 3, 17), ("owner", "business_unit", "monitoring_chair")),
    ]


@pytest.mark.parametrize("rules", [RULES, Rules(escalate_to_chair_after=12), Rules(repeat_every=1),
                                   Rules(repeat_every=4, escalate_to_bu_after=2, escalate_to_chair_after=9)])
def test_a_rungs_threshold_day_sends_it(rules):
    """The business unit is copied in on the `escalate_to_bu_after`th working day overdue and the
    monitoring chair on the `escalate_to_chair_after`th, not on the first repeat after (on the old code,
    with the defaults, the 6th and the 12th)."""
    due = date(2017, 3, 15)
    sent = {}  # rung -> working days overdue of the first step that reaches it
    for today in (add_working_days(due, n) for n in range(25)):
        current, _ = steps_today(due, today, rules)
        for rung in current.rungs:
            sent.setdefault(rung, working_days_between(due, current.day))
    assert sent == {"owner": 0, "business_unit": rules.escalate_to_bu_after,
                    "monitoring_chair": rules.escalate_to_chair_after}
    # ...and the repeats keep their rhythm from each threshold: never two steps a day, never longer apart.
    days = [working_days_between(due, s.day) for s in steps_until(due, add_working_days(due, 12), rules)[2:]]
    assert all(0 < b - a <= rules.every for a, b in zip(days, days[1:], strict=False))


class Budget:
    """is_working_day, refusing to look at more than `limit` days: a plan that walks the days overdue
    (or counts from the due day for each step, the square of them) fails here instead of running for hours."""

    def __init__(self, limit):
        self.limit, self.looked = limit, 0

    def __call__(self, day):
        self.looked += 1
        if self.looked > self.limit:
            raise AssertionError(f"planning looked at more than {self.limit} days")
        return is_working_day(day)


@pytest.mark.parametrize("due", [date(2016, 3, 1), date(1990, 3, 1), date(17, 3, 1)])
def test_planning_costs_the_same_however_overdue(monkeypatch, due):
    """Two thousand years overdue (a meeting dated in the year 0017) plans a score of steps, at the cost
    of one a week overdue: a fixed number of days looked at, and the earlier steps bounded (the ladder's
    landmarks and the latest RECENT), on the old code 173,000 steps and hours of work."""
    from bscb import workdays
    from notifications import ladder

    budget = Budget(400)
    monkeypatch.setattr(workdays, "is_working_day", budget)
    monkeypatch.setattr(ladder, "is_working_day", budget)
    workdays.add_working_days.cache_clear()
    today = date(2017, 3, 10)
    current, earlier = steps_today(due, today, RULES)
    assert budget.looked <= 400 and len(earlier) <= ladder.RECENT + 5
    names = [s.name for s in earlier]
    assert names[:3] == ["before", "due", "overdue-1"] and current.rungs == ("owner", "business_unit",
                                                                             "monitoring_chair")
    # The step of the day is still the right one: its number and day follow from the days overdue.
    overdue = working_days_between(due, today)
    number = int(current.name.removeprefix("overdue-"))
    assert number == ladder.overdue_steps_by(overdue, RULES)
    assert working_days_between(due, current.day) == ladder.overdue_days_of(number, RULES) > overdue - 3
    # The steps where the business unit and the chair came in are kept among the earlier ones.
    came_in = [s for s in earlier if s.name.startswith("overdue-")
               and working_days_between(due, s.day) in (RULES.escalate_to_bu_after, RULES.escalate_to_chair_after)]
    assert [s.rungs[-1] for s in came_in] == ["business_unit", "monitoring_chair"]
