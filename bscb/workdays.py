"""The working-day calendar every deadline in the project uses.

English working days: Monday to Friday, less the bank holidays of England and Wales.

Counting the working days between two dates costs the same however far apart they are (a weekday
count by arithmetic, less the bank holidays counted a year at a time, each year once): a date typed
as the year 0017 must not make the chase walk two thousand years a day at a time.
"""

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache, lru_cache
from threading import Lock

import holidays

_CALENDAR = holidays.country_holidays("GB", subdiv="ENG")
# The years the calendar knows bank holidays for (the Bank Holidays Act 1871 to 2100 in holidays 0.1xx);
# outside them it has none, and only weekends are not working days.
_FIRST, _LAST = getattr(_CALENDAR, "start_year", 1), getattr(_CALENDAR, "end_year", 9999)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    if not _FIRST <= year <= _LAST:
        return frozenset()
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


@cache  # a few hundred small tuples at most: the calendar's years
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """The year's bank holidays that fall on a weekday (the ones that take a working day away), sorted."""
    return tuple(sorted(day for day in _bank_holidays(year) if day.weekday() < 5))


_growing = Lock()
_before_year: list[int] = [0]  # _before_year[i]: weekday bank holidays in the years _FIRST to _FIRST + i - 1


def _holidays_before(year: int) -> int:
    """Weekday bank holidays in every year before `year` (a running total, each year counted once)."""
    index = min(max(year, _FIRST), _LAST + 1) - _FIRST
    if len(_before_year) <= index:
        with _growing:
            while len(_before_year) <= index:
                _before_year.append(_before_year[-1] + len(_weekday_holidays(_FIRST + len(_before_year) - 1)))
    return _before_year[index]


def _working_days_through(day: date) -> int:
    """Working days from 1 January of the year 1 (a Monday) up to and including `day`."""
    ordinal = day.toordinal()  # 1 for Monday 1 January 1
    weekdays = ordinal // 7 * 5 + min(ordinal % 7, 5)
    this_year = bisect_right(_weekday_holidays(day.year), day)
    return weekdays - _holidays_before(day.year) - this_year


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@lru_cache(maxsize=8192)  # pure, and asked for the same few dates thousands of times by a chase
def add_working_days(start: date, count: int) -> date:
    """The day `count` working days after `start` (before it, when `count` is negative).

    `start` itself is not counted, so 15 working days after a Wednesday meeting is three
    weeks later when no bank holiday falls between.
    """
    step = 1 if count >= 0 else -1
    day, remaining = start, abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def previous_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier). The same
    cost for two days apart as for two thousand years."""
    return _working_days_through(end) - _working_days_through(start)
