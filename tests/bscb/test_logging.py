"""What the server prints for a refused request: one line, no traceback (issue 13 §2: each 403 was
printed twice, each time with the full traceback of the PermissionDenied that made it)."""

from contextlib import redirect_stderr
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.log import configure_logging

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def printed_while(settings, request) -> str:
    """What the console handlers print while `request()` runs, with the project's LOGGING as Django
    sets it up at start (its defaults first, then ours); debug on, as on a laptop."""
    settings.DEBUG = True
    out = StringIO()
    with redirect_stderr(out):  # the console handlers take sys.stderr when they are made
        configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    try:
        request()
    finally:
        configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    return out.getvalue()


def test_a_refused_page_is_logged_once_without_a_traceback(settings, client_for):
    client = client_for(UserFactory())
    path = reverse("due-list")  # the business unit's page: refused to anyone else
    responses = []
    printed = printed_while(settings, lambda: responses.append(client.get(path)))

    assert responses[0].status_code == 403
    assert printed.count(f"Forbidden (Permission denied): {path}") == 1, printed
    assert "Traceback" not in printed and "PermissionDenied" not in printed, printed


def test_a_server_error_keeps_its_traceback(settings):
    import logging

    def fail():
        try:
            raise ValueError("broken")
        except ValueError as error:
            logging.getLogger("django.request").error("Internal Server Error: /x/", exc_info=error,
                                                      extra={"status_code": 500})

    printed = printed_while(settings, fail)
    assert printed.count("Internal Server Error: /x/") == 1
    assert "Traceback" in printed and "ValueError: broken" in printed
