"""The forms the fuzz posts to: every URL of the registry (tests/access/registry.py) whose Case takes a POST, the
set the form guards classify (tests/access/test_form_guards.py)."""

from tests.access.registry import CASES

FORMS = sorted(name for name, case in CASES.items() if case.post)
