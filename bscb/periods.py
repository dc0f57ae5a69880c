"""The partnership's year and its quarters. The year starts in a configured month (April, the
financial year, unless the partnership says otherwise); quarters are its four three-month parts."""

import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # the last day, inclusive

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_start(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1)


def year_of(day: date, start_month: int) -> Period:
    """The partnership year that `day` falls in."""
    first_year = day.year if day.month >= start_month else day.year - 1
    start = date(first_year, start_month, 1)
    return Period(start, _month_start(first_year, start_month + 12) - timedelta(days=1))


def quarter_of(day: date, start_month: int) -> Period:
    """The quarter of the partnership year that `day` falls in."""
    year = year_of(day, start_month)
    months = (day.year - year.start.year) * 12 + day.month - year.start.month
    start = _month_start(year.start.year, year.start.month + months // 3 * 3)
    return Period(start, _month_start(start.year, start.month + 3) - timedelta(days=1))


def quarters_ended(since: date, until: date, start_month: int) -> list[Period]:
    """Every quarter that ended on or after `since` and on or before `until`, oldest first."""
    quarters = []
    quarter = quarter_of(since, start_month)
    while quarter.end <= until:
        if quarter.end >= since:
            quarters.append(quarter)
        quarter = quarter_of(quarter.end + timedelta(days=1), start_month)
    return quarters


def year_label(year: Period) -> str:
    """"2026-27" for a year that spans two calendar years, "2026" otherwise."""
    if year.start.year == year.end.year:
        return str(year.start.year)
    return f"{year.start.year}-{year.end:%y}"


def quarter_label(quarter: Period) -> str:
    """"October to December 2026"; "December 2026 to February 2027" across a year's end."""
    if quarter.start.year == quarter.end.year:
        return f"{quarter.start:%B} to {quarter.end:%B %Y}"
    return f"{quarter.start:%B %Y} to {quarter.end:%B %Y}"


def quarter_code(quarter: Period, start_month: int) -> str:
    """"2017Q1": the first quarter of the partnership year that starts in 2017 (the year a log reference
    names, CRL-2017-014), so that the code reads the same whatever month the year starts in."""
    year = year_of(quarter.start, start_month)
    months = (quarter.start.year - year.start.year) * 12 + quarter.start.month - year.start.month
    return f"{year.start.year}Q{months // 3 + 1}"


def quarter_from_code(code: str, start_month: int) -> Period | None:
    """The quarter a code such as "2017Q1" names, or None for anything else (a year before 1900 or after
    9998 included: its last day would not be a date)."""
    found = re.fullmatch(r"([0-9]{4})[Qq]([1-4])", code)
    if found is None or not 1900 <= int(found[1]) < 9999:
        return None
    return quarter_of(_month_start(int(found[1]), start_month + (int(found[2]) - 1) * 3), start_month)
