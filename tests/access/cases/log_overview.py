"""The log at a glance (issue 15 §2, §3): the heat map and the quarter's outcomes are every member's pages, each
counting (and linking) only the entries its reader may see. The setup gives them a restricted entry, escalated
and so in several figures, beside an unrestricted one: the business unit sees both, the sweep's refused readers
meet no link to the restricted one."""

from bscb.access import SIGNED_IN
from tests.access.types import Case, Scenario


def _log_with_a_restricted_entry():
    from tests.access.cases.log import _escalated, _log, _risk

    log = _log()
    _escalated(log, restricted=True)
    _escalated(log)
    _risk(log)
    return log


def _code():
    from challenge_log.overview import code_of, current_quarter

    return code_of(current_quarter())


def _page(kwargs=lambda: {}):
    def setup():
        log = _log_with_a_restricted_entry()
        return Scenario(kwargs=kwargs(), allowed=log["bu"])

    return setup


CASES = {
    "log-heat-map": Case(SIGNED_IN, _page()),
    "log-quarter-current": Case(SIGNED_IN, _page()),
    "log-quarter": Case(SIGNED_IN, _page(lambda: {"code": _code()})),
    "log-quarter-records": Case(SIGNED_IN, _page(lambda: {"code": _code(), "figure": "opened"})),
}
