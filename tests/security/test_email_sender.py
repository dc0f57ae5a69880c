"""Who the emails come from (issue 13 §2: the password reset email came from governance@localhost).
DEFAULT_FROM_EMAIL, set in the environment, is the sender of every email; unset, it is no-reply at
the site's domain; either way the partnership's name stands before a bare address."""

import os
import subprocess
import sys
from datetime import date, datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from bscb.models import Partnership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NAME = "Testshire Safeguarding Partnership"


def settings_with(**environ) -> dict:
    """DEFAULT_FROM_EMAIL, SERVER_EMAIL and SITE_URL as the settings read them from this environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "SITE_URL",
                                                            "SITE_PORT")}
    code = ("from django.conf import settings as s; "
            "print(s.DEFAULT_FROM_EMAIL); print(s.SERVER_EMAIL); print(s.SITE_URL)")
    out = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_DEBUG": "true", **environ},
                         cwd=django_settings.BASE_DIR, capture_output=True, text=True, check=True).stdout
    return dict(zip(("DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "SITE_URL"), out.split("\n"), strict=False))


def test_the_sender_is_configured_by_the_environment():
    assert settings_with(DEFAULT_FROM_EMAIL="Governance <governance@partnership.example.org>") == {
        "DEFAULT_FROM_EMAIL": "Governance <governance@partnership.example.org>",
        "SERVER_EMAIL": "Governance <governance@partnership.example.org>",
        "SITE_URL": "http://127.0.0.1:8000",
    }


def test_unset_it_is_no_reply_at_the_sites_domain():
    assert settings_with(SITE_URL="https://governance.example.org")["DEFAULT_FROM_EMAIL"] == (
        "no-reply@governance.example.org")
    # On a laptop the site is an address, not a domain: never localhost, nor a bare IP address.
    laptop = settings_with()["DEFAULT_FROM_EMAIL"]
    assert laptop == "no-reply@example.org"
    # docker-compose passes an unset one as empty: the same default.
    assert settings_with(DEFAULT_FROM_EMAIL="", SITE_URL="https://governance.example.org")["DEFAULT_FROM_EMAIL"] == (
        "no-reply@governance.example.org")


def test_the_password_reset_email_comes_from_the_configured_sender(client, settings, run_tasks,
                                                                    django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "no-reply@testshire.example.org"
    Partnership.objects.create(name=NAME, short_name="TSP", area="Testshire")
    UserFactory(email="reset.me@agency.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password-reset"), {"email": "reset.me@agency.example.org"})
    [message] = mail.outbox
    assert parseaddr(message.from_email) == (NAME, "no-reply@testshire.example.org")
    assert "localhost" not in message.message()["From"]


def test_a_sender_with_a_name_of_its_own_keeps_it(client, settings, run_tasks, django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "Testshire governance <governance@testshire.example.org>"
    Partnership.objects.create(name=NAME, short_name="TSP", area="Testshire")
    UserFactory(email="reset.me@agency.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password-reset"), {"email": "reset.me@agency.example.org"})
    assert mail.outbox[0].from_email == "Testshire governance <governance@testshire.example.org>"


def test_reminders_come_from_the_same_sender(settings, run_tasks, django_capture_on_commit_callbacks):
    from accountability import services as structure
    from notifications.services import chase, remind_now
    from reporting.models import Summary
    from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of

    settings.DEFAULT_FROM_EMAIL = "no-reply@testshire.example.org"
    Partnership.objects.create(name=NAME, short_name="TSP", area="Testshire")
    bu = business_unit()
    body = BodyFactory(owes_summaries=True)
    member_of(body, role="chair")
    meeting = MeetingFactory(body=body, starts_at=datetime(2017, 3, 29, 10, tzinfo=ZoneInfo("Europe/London")))
    structure.meeting_mark_held(meeting=meeting, by=bu)
    summary = Summary.objects.get(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        remind_now(f"summary:{summary.pk}", by=bu, as_of=date(2017, 4, 3))  # sent at once
    chase(as_of=date(2017, 4, 21))  # the digest on the due day
    assert len(mail.outbox) == 2
    assert {parseaddr(m.from_email) for m in mail.outbox} == {(NAME, "no-reply@testshire.example.org")}
