"""Recording a decision at a meeting: its text, themes and the children's-voice answer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability import services
from accountability.forms import meetings as forms
from accountability.models import Decision, MeetingStatus
from tests.factories import MeetingFactory, ThemeFactory
from tests.helpers.forms import post_form

from .helpers import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(past_meeting):
    return reverse("meeting-decision-add", args=[past_meeting.pk])


@pytest.fixture
def themes(db):
    return [ThemeFactory(name="Online safety - grooming, sexting and cyber bullying"), ThemeFactory(name="Neglect")]


def test_a_member_of_the_body_records_a_decision_with_themes(client_for, members, past_meeting, url, themes):
    client = client_for(members[0])
    page = Page(client.get(url))
    assert "Did the wishes and feelings of children inform this decision?" in page.text()
    assert "Do not write anything that could identify a child or family" in page.text()
    response = post_form(client, url, {
        "text": "Launch the online safety campaign.", "themes": [str(themes[0].pk)],
        "childrens_voice": "informed", "childrens_voice_detail": "The young people's forum asked for it.",
    })
    decision = Decision.objects.get(meeting=past_meeting)
    assert response.status_code == 302
    assert response["Location"] == f"{past_meeting.get_absolute_url()}#decision-{decision.pk}"
    assert decision.text == "Launch the online safety campaign."
    assert list(decision.themes.all()) == [themes[0]]
    assert decision.childrens_voice_detail == "The young people's forum asked for it."
    assert decision.created_by == members[0]


def test_the_business_unit_records_not_applicable_with_a_reason(bu_client, past_meeting, url):
    post_form(bu_client, url, {"text": "Approve the budget.", "childrens_voice": "not_applicable",
                         "not_applicable_reason": "A budget matter."})
    decision = Decision.objects.get(meeting=past_meeting)
    assert decision.not_applicable_reason == "A budget matter." and not decision.themes.exists()


def test_someone_from_another_body_may_not(client_for, outsider, url):
    client = client_for(outsider)
    assert client.get(url).status_code == 403
    assert post_form(client, url, {"text": "x", "childrens_voice": "not_applicable",
                             "not_applicable_reason": "y"}).status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        ({"text": "", "childrens_voice": "not_applicable", "not_applicable_reason": "Because."}, "text",
         forms.NO_DECISION),
        ({"text": "Agreed.", "childrens_voice": ""}, "childrens_voice", services.VOICE_REQUIRED),
        ({"text": "Agreed.", "childrens_voice": "informed", "childrens_voice_detail": "  "},
         "childrens_voice_detail", services.VOICE_DETAIL_REQUIRED),
        ({"text": "Agreed.", "childrens_voice": "not_applicable", "childrens_voice_detail": "Typed anyway"},
         "not_applicable_reason", services.NOT_APPLICABLE_REASON_REQUIRED),
    ],
)
def test_a_missing_answer_is_explained_beside_its_field_and_nothing_lost(bu_client, url, themes, data, name,
                                                                         message):
    response = post_form(bu_client, url, {**data, "themes": [str(themes[1].pk)]})
    page = Page(response)
    assert response.status_code == 200
    assert page.error(name) == message
    target = f"id_{name}_1" if name == "childrens_voice" else f"id_{name}"
    assert page.summary_links() == {message: f"#{target}"}
    assert page.checked("themes") == [str(themes[1].pk)]
    assert page.value("text") == data["text"]
    if data.get("childrens_voice"):
        assert page.checked("childrens_voice") == [data["childrens_voice"]]
    assert not Decision.objects.exists()


@pytest.mark.parametrize("state", ["cancelled", "future"])
def test_a_cancelled_or_future_meeting_is_refused(bu_client, body, state):
    if state == "cancelled":
        meeting, message = MeetingFactory(body=body, status=MeetingStatus.CANCELLED), services.DECISION_CANCELLED
    else:
        meeting = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=2))
        message = services.DECISION_FUTURE
    response = post_form(bu_client, reverse("meeting-decision-add", args=[meeting.pk]), {
        "text": "Typed decision", "childrens_voice": "not_applicable", "not_applicable_reason": "Typed reason",
    })
    page = Page(response)
    assert response.status_code == 200
    assert page.summary() == [message]
    assert page.value("text") == "Typed decision" and page.value("not_applicable_reason") == "Typed reason"
    assert not Decision.objects.exists()


def test_the_meeting_page_then_shows_the_decision(client_for, members, past_meeting, url, themes):
    client = client_for(members[0])
    post_form(client, url, {"text": "Adopt the neglect toolkit.", "themes": [str(themes[1].pk)],
                      "childrens_voice": "informed", "childrens_voice_detail": "From the survey."})
    text = Page(client.get(past_meeting.get_absolute_url())).text()
    assert "Adopt the neglect toolkit." in text and "Neglect" in text and "From the survey." in text
    assert "The decision was recorded." in text
