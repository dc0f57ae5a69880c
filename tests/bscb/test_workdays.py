from datetime import date

import pytest

from bscb.workdays import add_working_days, is_working_day, previous_working_day, working_days_between


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # The plan's clock: 15 working days after 29 March 2017 skips Good Friday and Easter Monday.
        (date(2017, 3, 29), 15, date(2017, 4, 21)),
        (date(2026, 11, 25), 15, date(2026, 12, 16)),  # no holiday between: three weeks
        # Christmas and New Year: 25, 28 (Boxing Day substitute) Dec 2026 and 1 Jan 2027 are holidays.
        (date(2026, 12, 23), 3, date(2026, 12, 30)),
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
        (date(2027, 1, 4), -1, date(2026, 12, 31)),
        (date(2026, 11, 27), 0, date(2026, 11, 27)),
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # from a Saturday
    ],
)
def test_add_working_days(start, count, expected):
    assert add_working_days(start, count) == expected


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2017, 4, 14))  # Good Friday
    assert not is_working_day(date(2017, 4, 17))  # Easter Monday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day, substitute
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert is_working_day(date(2026, 11, 27))
    # England's calendar, not Scotland's: 2 January and St Andrew's Day are working days.
    assert is_working_day(date(2026, 11, 30))
    assert is_working_day(date(2026, 1, 2))


def test_previous_working_day_moves_back_over_holidays():
    assert previous_working_day(date(2017, 4, 17)) == date(2017, 4, 13)
    assert previous_working_day(date(2026, 11, 27)) == date(2026, 11, 27)


def test_working_days_between_counts_across_a_year_boundary():
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 5)) == 5  # 29, 30, 31 Dec, 4, 5 Jan
    assert working_days_between(date(2027, 1, 5), date(2026, 12, 24)) == -5


def test_working_days_between_is_counted_not_walked():
    """The same answer as a walk over the days, across bank holidays, the calendar's first year (1872)
    and its last (2100), and at the same cost for two thousand years as for two days."""
    from datetime import timedelta

    def walked(start, end):
        return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(n)))

    for start, end in [(date(2017, 3, 29), date(2017, 4, 21)), (date(1871, 12, 1), date(1872, 2, 1)),
                       (date(2099, 12, 20), date(2101, 1, 10)), (date(1995, 1, 1), date(2025, 6, 30))]:
        assert working_days_between(start, end) == walked(start, end)
    assert working_days_between(date(2017, 3, 29), date(2017, 4, 21)) == 15  # Good Friday, Easter Monday
    assert working_days_between(date(17, 3, 1), date(2017, 3, 1)) == walked(date(17, 3, 1), date(2017, 3, 1))
