"""Issue 12 §3 on PostgreSQL: two posts at the same instant, each from its own thread, client and connection.

The same form sent twice (a double click, a retry: one one-time token) makes one record, and both posts are
answered with its page, the second saying it was already saved. Each post is held just before the record's
INSERT until the other arrives (or two seconds pass): without the token both made a record (two decisions,
two agenda items, two meetings, two identical summary amendments), and on a unique name the second was a
server error; with it, the second waits for the first and makes nothing.

Two different forms with the same unique name (two tabs, two people) get one record and, for the other, the
message beside the field, not a server error (the database's IntegrityError, turned into the model's message).
"""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bscb.forms import ALREADY_SAVED
from tests.factories import MeetingFactory, ThemeFactory, business_unit
from tests.helpers.forms import error_summary, hidden_fields

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOLD = 2  # seconds a post waits, just before its INSERT, for the other


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _hold_before_insert(monkeypatch, model):
    """Each new `model` row waits, just before its INSERT, until another does too (or HOLD seconds pass; then
    no later one waits). Called once the test's own records are made."""
    meet = threading.Barrier(2)
    save = model.save

    def held(self, *args, **kwargs):
        if self._state.adding:
            try:
                meet.wait(timeout=HOLD)
            except threading.BrokenBarrierError:
                pass
        return save(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", held)


def _at_once(url, posts):
    """Each (client, data) posted from its own thread, all at one instant. Their responses, in order."""
    start = threading.Barrier(len(posts))
    responses, errors = [None] * len(posts), []

    def send(index, client, data):
        try:
            start.wait(timeout=10)
            responses[index] = client.post(url, data)
        except Exception as error:  # noqa: BLE001 - a server error is a failure to report, not to hide
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, client, data)) for i, (client, data) in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return responses


def _twice(user, url, data, monkeypatch, records):
    """The form opened once and sent twice at the same instant, from two sessions of its sender: one record
    made (`records`, a queryset of what the form makes), both posts sent to its page, the second told."""
    _hold_before_insert(monkeypatch, records.model)
    first, second = _signed_in(user), _signed_in(user)
    sent = {**hidden_fields(first.get(url).content.decode()), **data}
    before = records.count()
    responses = _at_once(url, [(first, sent), (second, sent)])
    assert records.count() - before == 1, f"{records.count() - before} made by one form sent twice"
    assert [r.status_code for r in responses] == [302, 302], [error_summary(r.content.decode()) for r in responses]
    assert responses[0]["Location"] == responses[1]["Location"]
    told = [ALREADY_SAVED in client.get(response["Location"]).content.decode()
            for client, response in zip((first, second), responses, strict=True)]
    assert sorted(told) == [False, True], "the second post is told the form was already saved"


def test_a_decision(monkeypatch):
    from accountability.models import Decision

    bu = business_unit()
    meeting = MeetingFactory(status="held", starts_at=timezone.now() - datetime.timedelta(days=2))
    _twice(bu, reverse("meeting-decision-add", args=[meeting.pk]),
           {"text": "Agreed the neglect strategy.", "childrens_voice": "not_applicable",
            "not_applicable_reason": "A budget decision."}, monkeypatch, Decision.objects.filter(meeting=meeting))


def test_an_agenda_item(monkeypatch):
    from accountability.models import AgendaItem

    meeting = MeetingFactory()
    _twice(business_unit(), reverse("meeting-agenda-add", args=[meeting.pk]),
           {"title": "Neglect strategy", "notes": "For agreement."}, monkeypatch,
           AgendaItem.objects.filter(meeting=meeting))


def test_a_meeting(monkeypatch):
    from accountability.models import Meeting
    from tests.factories import BodyFactory

    body = BodyFactory()
    _twice(business_unit(), reverse("body-meeting-create", args=[body.pk]),
           {"starts_on_0": "14", "starts_on_1": "9", "starts_on_2": "2031", "time": "10:00", "place": "City Hall"},
           monkeypatch, Meeting.objects.filter(body=body))


def test_a_summary_amendment(monkeypatch):
    from reporting import services
    from reporting.models import SummaryVersion
    from tests.reporting.helpers import SECTIONS, expected_summary, receiving_body

    receiving_body()
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    _twice(chair, reverse("summary-amend", args=[summary.pk]),
           {**SECTIONS, "progress": "The audit was completed late.", "amendment_reason": "A date was wrong."},
           monkeypatch, SummaryVersion.objects.filter(summary=summary))
    assert list(SummaryVersion.objects.filter(summary=summary).values_list("number", flat=True)) == [1, 2]


def test_a_theme(monkeypatch):
    from bscb.models import Theme

    _twice(business_unit(), reverse("theme-create"), {"name": "Forced marriage", "description": ""},
           monkeypatch, Theme.objects.filter(name="Forced marriage"))


def test_an_organisation(monkeypatch):
    from accountability.models import Organisation

    _twice(business_unit(), reverse("organisation-create"),
           {"name": "West Yorkshire Police", "short_name": "WYP", "sector": "statutory", "kind": "police"},
           monkeypatch, Organisation.objects.filter(name="West Yorkshire Police"))


def _one_name_from_two_forms(monkeypatch, model, url, data, message):
    """Two forms (two tokens) sending the same unique name at once: one record, and for the other the message
    beside the name, with what was typed kept (the model's message where the INSERT clashed; the form's, worded
    alike, where the other had already committed when this one was checked)."""
    first, second = _signed_in(business_unit()), _signed_in(business_unit())  # (makes organisations: first)
    _hold_before_insert(monkeypatch, model)
    responses = _at_once(url, [(client, {**hidden_fields(client.get(url).content.decode()), **data})
                               for client in (first, second)])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert 'id="id_name-error"' in refused and message in refused, error_summary(refused)
    assert f'value="{data["name"]}"' in refused
    assert model.objects.filter(name=data["name"]).count() == 1


def test_one_theme_name_from_two_forms(monkeypatch):
    from bscb.models import Theme

    _one_name_from_two_forms(monkeypatch, Theme, reverse("theme-create"),
                             {"name": "Forced marriage", "description": "Typed text."},
                             "A theme with this name already exists")


def test_one_organisation_name_from_two_forms(monkeypatch):
    from accountability.models import Organisation

    _one_name_from_two_forms(monkeypatch, Organisation, reverse("organisation-create"),
                             {"name": "West Yorkshire Police", "short_name": "WYP", "sector": "statutory",
                              "kind": "police"},
                             "An organisation with this name already exists")


def test_a_theme_name_clash_met_by_the_service_is_a_message_not_a_server_error(monkeypatch):
    """The same below the page: theme_create's check passed in both, and the second INSERT clashed."""
    from django.core.exceptions import ValidationError

    from bscb import services
    from bscb.models import Theme

    _hold_before_insert(monkeypatch, Theme)
    officer, outcomes = business_unit(), []

    def create():
        try:
            services.theme_create(data={"name": "Neglect", "description": ""}, by=officer)
            outcomes.append("made")
        except ValidationError as refusal:
            outcomes.append(refusal.message_dict)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes, key=str) == sorted(["made", {"name": [services.THEME_EXISTS]}], key=str)
    assert ThemeFactory._meta.model.objects.filter(name="Neglect").count() == 1
