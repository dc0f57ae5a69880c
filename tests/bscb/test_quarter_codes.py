"""Quarters named like 2017Q1 (bscb/periods.py): the first quarter of the partnership year that starts in 2017,
whatever month the year starts in; anything else names no quarter."""

from datetime import date

import pytest

from bscb.periods import quarter_code, quarter_from_code, quarter_of


@pytest.mark.parametrize(("code", "month", "start", "end"), [
    ("2017Q1", 4, date(2017, 4, 1), date(2017, 6, 30)),
    ("2017Q4", 4, date(2018, 1, 1), date(2018, 3, 31)),
    ("2017q2", 1, date(2017, 4, 1), date(2017, 6, 30)),
    ("2017Q3", 9, date(2018, 3, 1), date(2018, 5, 31)),
])
def test_a_code_names_its_quarter_and_the_quarter_its_code(code, month, start, end):
    quarter = quarter_from_code(code, month)
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter_code(quarter, month) == code.upper()
    assert quarter_code(quarter_of(end, month), month) == code.upper()


@pytest.mark.parametrize("code", ["2017Q0", "2017Q5", "17Q1", "2017", "Q1", "2017Q1x", "ABCDQ1", "0017Q1",
                                  "9999Q4", "٢٠١٧Q1", ""])
def test_anything_else_names_no_quarter(code):
    assert quarter_from_code(code, 4) is None
