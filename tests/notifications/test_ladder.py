from datetime import date

import pytest

from bscb.workdays import is_working_day, working_days_between
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
        ("overdue-1", date(2017, 3, 20), ("owner",)),
        ("overdue-2", date(2017, 3, 23), ("owner", "business_unit")),
        ("overdue-3", date(2017, 3, 28), ("owner", "business_unit")),
        ("overdue-4", date(2017, 3, 31), ("owner", "business_unit", "monitoring_chair")),
        ("overdue-5", date(2017, 4, 5), ("owner", "business_unit", "monitoring_chair")),
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
        ("overdue-1", date(2017, 12, 29)), ("overdue-2", date(2018, 1, 4))]


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


def test_a_ladder_far_overdue_is_worked_out_in_one_walk(monkeypatch):
    """A dry run dated 2099 plans items decades overdue: one look at each day overdue, not a count from
    the due day for each step (the square of the days: hours for a chase dated 2099)."""
    from bscb import workdays
    from notifications import ladder

    looked = []

    def counting(day):
        looked.append(day)
        return is_working_day(day)

    monkeypatch.setattr(workdays, "is_working_day", counting)
    monkeypatch.setattr(ladder, "is_working_day", counting)
    workdays.add_working_days.cache_clear()
    due, today = date(2026, 12, 1), date(2030, 6, 1)
    steps = steps_until(due, today, RULES)
    assert len(looked) <= (today - due).days + 10
    overdue = [s for s in steps if s.name.startswith("overdue-")]
    assert [s.day for s in overdue[:2]] == [date(2026, 12, 4), date(2026, 12, 9)]
    assert all(working_days_between(due, s.day) == 3 * int(s.name.removeprefix("overdue-")) for s in overdue)
    far = steps_until(due, date(2099, 6, 1), RULES)[-1]
    assert working_days_between(due, far.day) == 3 * int(far.name.removeprefix("overdue-"))
