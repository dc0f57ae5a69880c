"""Who may open each URL of the project. The access sweep (test_access_sweep.py) and the axe sweep
(tests/browser/test_axe_sweep.py) both read CASES; a URL missing here fails the sweep.

Each module in tests/access/cases/ holds the cases of one area, as a dict named CASES. A later issue
that adds a URL adds a Case there, with a `setup` that builds the record and names a user with the
right and the users without it where they differ (tests/access/types.py: the wrong role, a member of
another sub group, a lead of another agency; the sweep makes the last two otherwise), and the form
data a POST would send. A record page names the lists that show its record (`listed_on`); a form whose
empty post is accepted says how to send it invalid (`invalid`), or why it has no error state.
"""

from importlib import import_module
from pkgutil import iter_modules

from tests.access import cases as _cases
from tests.access.types import Case, Scenario

CASES: dict[str, Case] = {}
for _module in iter_modules(_cases.__path__):
    _found = import_module(f"{_cases.__name__}.{_module.name}").CASES
    _twice = set(CASES) & set(_found)
    assert not _twice, f"URL names classified twice: {_twice}"
    CASES.update(_found)

__all__ = ["CASES", "Case", "Scenario"]
