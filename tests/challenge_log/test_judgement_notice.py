"""Issue 14 §2: an answer reaches whoever judges it (the raising body's chair, or the member she nominated) as a
notice and on her "challenges to you" page; whichever way it is judged, the body that holds the log is told: its
chair finds a notice linking the entry (the judgement itself is in the body's queue)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenge_log import services
from challenge_log.models import Kind
from notifications.models import Notice
from notifications.services import notify

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=20)


def _answer(log, raised_by_body=None, by=None):
    by = by or log["chair"]
    entry = services.entry_raise(data={
        "kind": Kind.CHALLENGE, "title": "Return interviews", "description": "Not offered within 72 hours.",
        "raised_by_body": raised_by_body or log["sapp"], "organisation": log["police"]}, by=by)
    request = services.assurance_request(entry=entry, asks="How many?", due_on=SOON, by=by)
    return entry, services.assurance_answer(request=request, text="Most.", by=log["lead"])


@pytest.mark.parametrize("assured, verdict", [(True, "judged assured"), (False, "judged not assured")])
def test_the_chair_of_the_body_that_holds_the_log_is_told_of_a_judgement(log, client, assured, verdict):
    entry, response = _answer(log)
    services.response_judge(response=response, assured=assured, outcome="Seen.", by=log["chair"])

    notices = list(Notice.objects.filter(key__startswith="log-judgement-"))
    assert [(n.user, n.title, n.url) for n in notices] == [
        (log["bpg_chair"], f"{entry.reference} {verdict}: Return interviews", reverse("entry-detail", args=[entry.pk]))]
    client.force_login(log["bpg_chair"])
    page = client.get(reverse("notice-list")).content.decode()
    assert f'href="{notices[0].url}">{entry.reference} {verdict}' in page


def test_a_chair_who_judges_is_not_told_of_her_own_judgement(log):
    _, response = _answer(log, raised_by_body=log["bpg"], by=log["bpg_chair"])
    services.response_judge(response=response, assured=False, by=log["bpg_chair"])
    assert not Notice.objects.filter(key__startswith="log-judgement-").exists()


def test_a_notice_with_the_same_key_reaches_each_person_once(log):
    for _ in range(2):
        notify([log["bpg_chair"].pk, log["bpg_chair"].pk], key="log-judgement-1", title="Judged", url="/log/1/")
    assert Notice.objects.filter(user=log["bpg_chair"]).count() == 1


def test_an_answer_reaches_the_chair_who_judges_it_as_a_notice_and_on_her_page(log, client):
    entry, response = _answer(log)
    assert list(Notice.objects.values_list("user__full_name", "title")) == [
        ("Jo Chair", f"{entry.reference} answered by West Yorkshire Police: judge it")]
    client.force_login(log["chair"])
    page = client.get(reverse("agency-challenges")).content.decode()
    assert "Answers for you to judge" in page
    assert f'href="{reverse("response-judge", args=[response.pk])}">Judge {entry.reference}' in page

    services.response_judge(response=response, assured=True, by=log["chair"])
    assert "Answers for you to judge" not in client.get(reverse("agency-challenges")).content.decode()


def test_an_answer_reaches_the_nominated_member_instead_of_the_chair(log, client):
    entry = services.entry_raise(data={
        "kind": Kind.CHALLENGE, "title": "Return interviews", "description": "Not offered within 72 hours.",
        "raised_by_body": log["sapp"], "organisation": log["police"]}, by=log["chair"])
    services.judge_nominate(entry=entry, person=log["member"], by=log["chair"])
    request = services.assurance_request(entry=entry, asks="How many?", due_on=SOON, by=log["chair"])
    response = services.assurance_answer(request=request, text="Most.", by=log["lead"])
    assert list(Notice.objects.values_list("user__full_name", flat=True)) == ["Mo Member"]
    client.force_login(log["member"])
    page = client.get(reverse("agency-challenges")).content.decode()
    assert f'href="{reverse("response-judge", args=[response.pk])}"' in page
