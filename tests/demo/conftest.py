from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for a module's tests (loading takes seconds), inside a transaction that
    is rolled back after the module, so no other test sees it. Each test still runs in its own
    savepoint (the `db` fixture)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_demo", stdout=StringIO())
            yield
            transaction.set_rollback(True)
