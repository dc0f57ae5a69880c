"""Issue 14 §2: whichever way a challenge is judged, the body that holds the log is told: its chair finds a
notice linking the entry (in-app; the judgement itself is in the body's queue)."""

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

    notices = list(Notice.objects.filter(user=log["bpg_chair"]))
    assert [(n.title, n.url) for n in notices] == [
        (f"{entry.reference} {verdict}: Return interviews", reverse("entry-detail", args=[entry.pk]))]
    assert not Notice.objects.exclude(user=log["bpg_chair"]).exists()
    client.force_login(log["bpg_chair"])
    page = client.get(reverse("notice-list")).content.decode()
    assert f'href="{notices[0].url}">{entry.reference} {verdict}' in page


def test_a_chair_who_judges_is_not_told_of_her_own_judgement(log):
    _, response = _answer(log, raised_by_body=log["bpg"], by=log["bpg_chair"])
    services.response_judge(response=response, assured=False, by=log["bpg_chair"])
    assert not Notice.objects.exists()


def test_a_notice_with_the_same_key_reaches_each_person_once(log):
    for _ in range(2):
        notify([log["bpg_chair"].pk, log["bpg_chair"].pk], key="log-judgement-1", title="Judged", url="/log/1/")
    assert Notice.objects.filter(user=log["bpg_chair"]).count() == 1
