import ast
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from notifications import registry
from notifications.models import ChaseSettings
from notifications.registry import Due

ROOT = Path(__file__).resolve().parents[2]
# What the app runs: the packages whose arrows import-linter holds (pyproject.toml).
RUNTIME = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def test_runtime_code_names_no_test_module():
    """A worker started by a test learns of a test source from the tests' own Celery app
    (tests/notifications/worker_app.py): nothing the app runs imports a test module, names one, or
    imports modules by a name given at run time (as NOTIFICATIONS_EXTRA_SOURCES once did)."""
    offences = []
    for package in RUNTIME:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    names = [node.value]
                elif isinstance(node, ast.Name | ast.Attribute):
                    names = [getattr(node, "id", None) or node.attr]
                offences += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names
                             if name in ("tests", "importlib", "import_module", "__import__")
                             or name.startswith(("tests.", "importlib."))]
    assert not offences


def test_the_tests_worker_app_registers_the_test_source(monkeypatch):
    monkeypatch.delitem(sys.modules, "tests.notifications.sources", raising=False)
    monkeypatch.delitem(sys.modules, "tests.notifications.worker_app", raising=False)
    try:
        import tests.notifications.worker_app as worker_app
        from config.celery import app

        assert worker_app.app is app and "chase-test" in registry.sources()
    finally:
        registry.unregister("chase-test")


def test_people_on_rungs_are_listed_once_in_rung_order():
    due = Due(key="k", title="t", url="/", due_date=date(2017, 3, 15),
              rungs=[("owner", [3]), ("business_unit", [5, 3]), ("monitoring_chair", [7])])
    assert due.people(["owner", "business_unit"]) == [3, 5]
    assert due.people(["owner", "business_unit", "monitoring_chair"]) == [3, 5, 7]


@pytest.mark.django_db
def test_the_settings_row_exists_with_the_defaults():
    row = ChaseSettings.current()
    assert (row.days_before, row.repeat_every, row.escalate_to_bu_after, row.escalate_to_chair_after) == (5, 3, 5, 10)
    assert ChaseSettings.objects.count() == 1
