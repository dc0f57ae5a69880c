"""The one-time token of a form that makes a record (issue 12 §3), below the pages: claimed once, answered as
the first post was, refused to anyone else, forgotten after FORM_TOKEN_DAYS; a form sent back without it loses
nothing and gets a new one."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bscb import services
from bscb.forms import FORM_EXPIRED, ONCE, ThemeForm, already_saved_answer
from bscb.models import FormSubmission, Theme
from tests.factories import UserFactory, business_unit
from tests.helpers.forms import page_form

pytestmark = pytest.mark.django_db


def test_a_token_is_claimed_once_and_then_answered_with_where_the_first_went():
    person = UserFactory()
    claim = services.submission_claim(token="a" * 32, user=person)
    services.submission_answered(claim, location="/themes/")
    with pytest.raises(services.AlreadySaved) as again:
        services.submission_claim(token="a" * 32, user=person)
    assert (again.value.location, again.value.user_id) == ("/themes/", person.pk)


def test_another_persons_copy_of_a_token_is_refused_as_expired(client_for):
    first, other = UserFactory(), UserFactory()
    request = RequestFactory().post("/themes/new/")
    request.user = other
    request.session = client_for(other).session
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    answer = already_saved_answer(request, services.AlreadySaved("/themes/7/", first.pk))
    assert answer["Location"] == "/themes/new/"
    assert [str(m) for m in request._messages] == [FORM_EXPIRED]


def test_tokens_are_forgotten_after_their_days(settings):
    settings.FORM_TOKEN_DAYS = 30
    person, now = UserFactory(), timezone.now()
    FormSubmission.objects.create(token="old-" + "a" * 28, user=person, created_on=now - datetime.timedelta(days=31))
    FormSubmission.objects.create(token="new-" + "a" * 28, user=person, created_on=now - datetime.timedelta(days=29))
    assert services.submissions_purge(now=now) == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["new-" + "a" * 28]


def test_the_purge_is_scheduled():
    from config.schedules import PERIODIC_TASKS

    assert ("bscb.submissions_purge", {"crontab": {"minute": "30", "hour": "3"}}) in PERIODIC_TASKS.values()


def test_a_form_sent_back_without_its_token_keeps_what_was_typed_and_gets_a_new_one(client_for):
    response = client_for(business_unit()).post(reverse("theme-create"), {"name": "Neglect", "description": "Kept."})
    assert response.status_code == 200 and FORM_EXPIRED in response.content.decode()
    sent = page_form(response.content.decode())
    assert sent["name"] == ["Neglect"] and sent["description"] == ["Kept."] and len(sent[ONCE][0]) >= 16
    assert not Theme.objects.exists()


def test_a_new_form_carries_a_token_and_an_edit_form_a_version_instead():
    assert ONCE in ThemeForm().fields and "version" not in ThemeForm().fields
    theme = Theme.objects.create(name="Neglect")
    edit = ThemeForm(instance=theme)
    assert ONCE not in edit.fields and edit.version == theme.history.latest().history_id
