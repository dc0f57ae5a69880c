"""The dashboards (issue 18): who may open each (reporting/dashboards/access.py). Every figure counts what its
reader may read; the setup (tests/reporting/dashboard_shape.py) holds a restricted entry, "Missing episodes", and a
draft action plan, so the pages are drawn with records some readers may not count.

- the Board's: the Board's members (the body that ratifies), the Independent Chair, the business unit;
- the business unit's: the business unit;
- a body's: its members (a derived seat counts), the BPG (the body that monitors), the Board, the business unit;
- an agency's: its leads and deputies, the members who represent it, the Board, the business unit.
Each is linked from the home page of whoever may open it, and of nobody else."""

from bscb.access import RECORD
from tests.access.types import Case, Scenario


def _shape():
    from tests.reporting.dashboard_shape import board_meeting_soon, dashboard_shape

    shape = dashboard_shape()
    board_meeting_soon(shape)
    return shape


def _board():
    shape = _shape()
    return Scenario(allowed=shape["board_member"], refused=shape["stranger"], private=("Missing episodes",))


def _business_unit():
    shape = _shape()
    return Scenario(allowed=shape["bu"], refused=shape["board_member"])


def _body():
    shape = _shape()
    return Scenario(kwargs={"pk": shape["sapp"].pk}, allowed=shape["owner"], refused=shape["stranger"],
                    private=("Missing episodes",))


def _agency():
    shape = _shape()
    return Scenario(kwargs={"pk": shape["police"].pk}, allowed=shape["lead"], refused=shape["stranger"])


CASES = {
    "dashboard-board": Case(RECORD, _board, listed_on=("home",)),
    "dashboard-business-unit": Case(RECORD, _business_unit, listed_on=("home",)),
    "dashboard-body": Case(RECORD, _body, listed_on=("home",)),
    "dashboard-agency": Case(RECORD, _agency, listed_on=("home",)),
}
