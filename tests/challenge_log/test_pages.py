"""Issue 14 §4 through the pages, as each person does it: a sub group chair raises a challenge to an agency
and asks for assurance; the agency's lead answers from "challenges to your agency"; the chair judges it not
assured; the body that holds the log escalates it from its queue; a Board member records the outcome at a
Board meeting. Each page offers only the steps open to its reader, and a wrong step is refused in words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenge_log.models import Entry, Status
from tests.factories import MeetingFactory
from tests.helpers.forms import error_summary, post_form

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=20)


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _ok(response):
    assert response.status_code == 302, error_summary(response.content.decode())
    return response


def test_a_challenge_from_raising_to_the_boards_outcome_through_the_pages(client_for, log):
    chair = client_for(log["chair"])
    _ok(post_form(chair, reverse("entry-create"), {
        "kind": "challenge", "raised_by_body": str(log["sapp"].pk), "title": "Return interviews",
        "description": "Not offered within 72 hours.", "organisation": str(log["police"].pk)}))
    entry = Entry.objects.get()
    page = chair.get(entry.get_absolute_url()).content.decode()
    assert "Ask for an assurance report" in page and "Answer the challenge" not in page
    _ok(post_form(chair, reverse("entry-request", args=[entry.pk]), {"asks": "How many in time?",
                                                                     **_date("due_on", SOON)}))

    lead = client_for(log["lead"])
    waiting = lead.get(reverse("agency-challenges")).content.decode()
    assert f"Answer {entry.reference}" in waiting
    request = entry.requests.get()
    _ok(post_form(lead, reverse("request-answer", args=[request.pk]), {"text": "82% in time; a plan for the rest."}))
    assert "Judge the answer" not in lead.get(entry.get_absolute_url()).content.decode()  # not the lead's to judge

    page = chair.get(entry.get_absolute_url()).content.decode()
    assert "Judge the answer of West Yorkshire Police" in page
    _ok(post_form(chair, reverse("response-judge", args=[request.response.pk]), {
        "assured": "no", "outcome": "No date for the rest.", "refer": "on"}))

    bpg = client_for(log["bpg_member"])
    queue = bpg.get(reverse("log-queue")).content.decode()
    assert entry.reference in queue[queue.index("Judged not assured"):]
    _ok(post_form(bpg, reverse("entry-escalate", args=[entry.pk]), {"reason": "Not assured; referred to us."}))

    board = client_for(log["board_member"])
    meeting = MeetingFactory(body=log["board"])
    escalated = board.get(reverse("escalated-list")).content.decode()
    assert entry.reference in escalated[:escalated.index("Outcomes")]
    _ok(post_form(board, reverse("escalation-outcome", args=[entry.escalations.get().pk]), {
        "meeting": str(meeting.pk), "outcome": "The police report to the next Board."}))
    entry.refresh_from_db()
    assert entry.status == Status.CLOSED
    timeline = board.get(entry.get_absolute_url()).content.decode()
    for words in ("Raised", "Assurance requested", "Answered", "Judged not assured", "Referred", "Escalated",
                  "Outcome recorded", "Closed"):
        assert words in timeline, words


def test_a_wrong_step_gets_a_sentence_not_a_server_error(client_for, log):
    """A second judgement of the same answer, from a form opened before the first was saved."""
    from challenge_log import services

    entry = services.entry_raise(data={"kind": "challenge", "title": "T", "description": "D",
                                       "raised_by_body": log["sapp"], "organisation": log["police"]}, by=log["chair"])
    request = services.assurance_request(entry=entry, asks="?", due_on=SOON, by=log["chair"])
    response = services.assurance_answer(request=request, text="A.", by=log["lead"])
    chair = client_for(log["chair"])
    url = reverse("response-judge", args=[response.pk])
    stale = chair.get(url).content.decode()
    _ok(post_form(chair, url, {"assured": "yes", "outcome": "Assured."}))
    from tests.helpers.forms import hidden_fields

    again = chair.post(url, {**hidden_fields(stale), "assured": "no"})
    assert again.status_code == 200
    assert "This entry is closed: nothing more can be done to it." in error_summary(again.content.decode())
    assert response.__class__.objects.filter(pk=response.pk, judgement__assured=True).exists()


def test_bad_input_is_explained_beside_the_field_and_kept(client_for, log):
    chair = client_for(log["chair"])
    response = post_form(chair, reverse("entry-create"), {
        "kind": "challenge", "raised_by_body": str(log["sapp"].pk), "title": "Section 11 returns",
        "description": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe the challenge, risk or concern" in page and "Section 11 returns" in page
    response = post_form(chair, reverse("entry-create"), {
        "kind": "challenge", "raised_by_body": str(log["sapp"].pk), "title": "Section 11 returns",
        "description": "Three agencies late."})
    assert "Say which agency or body the challenge is directed to." in response.content.decode()
    assert not Entry.objects.exists()


def test_the_list_hides_restricted_entries_from_those_who_may_not_read_them(client_for, log):
    from challenge_log import services

    services.entry_raise(data={"kind": "concern", "title": "Open concern", "description": "D",
                               "raised_by_body": log["sapp"]}, by=log["chair"])
    services.entry_raise(data={"kind": "concern", "title": "Closed-door concern", "description": "D",
                               "raised_by_body": log["sapp"], "restricted": True}, by=log["chair"])
    stranger = client_for(log["stranger"]).get(reverse("entry-list")).content.decode()
    assert "Open concern" in stranger and "Closed-door concern" not in stranger and "1 entry" in stranger
    chair = client_for(log["chair"]).get(reverse("entry-list")).content.decode()
    assert "Closed-door concern" in chair and "2 entries" in chair


def test_the_lists_queries_do_not_grow_with_the_log(client_for, log):
    from challenge_log import services
    from tests.helpers.queries import assert_queries_do_not_grow

    def add(n):
        for i in range(n):
            services.entry_raise(data={"kind": "concern", "title": f"Concern {i}", "description": "D",
                                       "raised_by_body": log["sapp"], "restricted": i % 2 == 0}, by=log["chair"])

    assert_queries_do_not_grow(client_for(log["member"]), reverse("entry-list"), add, n=3)


def test_the_queue_lists_a_restricted_entry_only_for_those_who_may_read_it(client_for, log):
    """A BPG member who is not its chair may escalate, but may not read a restricted entry: the queue neither
    names it nor links it for her, while the BPG's chair sees it there."""
    from challenge_log import services

    entry = services.entry_raise(data={"kind": "challenge", "title": "Closed-door challenge", "description": "D",
                                       "raised_by_body": log["sapp"], "organisation": log["police"],
                                       "restricted": True}, by=log["chair"])
    request = services.assurance_request(entry=entry, asks="?", due_on=SOON, by=log["chair"])
    response = services.assurance_answer(request=request, text="A.", by=log["lead"])
    services.response_judge(response=response, assured=False, by=log["chair"])
    member = client_for(log["bpg_member"]).get(reverse("log-queue")).content.decode()
    assert "Closed-door challenge" not in member and entry.get_absolute_url() not in member
    chair = client_for(log["bpg_chair"]).get(reverse("log-queue")).content.decode()
    assert "Closed-door challenge" in chair
