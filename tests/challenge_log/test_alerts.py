"""Issue 14 §3 with frozen time: the persisting-risk alert rules (N reviews without the score falling, M working
days past the review date, not assured twice), raised through the one reminder mechanism to the chair of the body
that holds the log and the business unit; reviews and tolerance ends chased to the risk's owners."""

import datetime

import pytest
from django.utils import timezone

from challenge_log import services
from challenge_log.alerts import persisting
from challenge_log.models import LogSettings
from notifications.models import Reminder
from notifications.services import chase

pytestmark = pytest.mark.django_db

DAY = datetime.date(2017, 3, 1)  # a Wednesday


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2017, 3, 1, 9)), tick=False)


def _risk(log, **more):
    return services.entry_raise(data={"kind": "risk", "title": "Capacity", "description": "Rising.",
                                      "raised_by_body": log["bpg"], "likelihood": 4, "impact": 4,
                                      "owner_body": log["sapp"], **more}, by=log["bpg_member"])


def _review(log, entry, score, next_review_on=None):
    services.risk_review(entry=entry, likelihood=score, impact=1, commentary="Reviewed.",
                         next_review_on=next_review_on, by=log["bpg_chair"])


def _reminded(key_start, day):
    return set(Reminder.objects.filter(key__startswith=key_start, as_of=day, status="sent")
               .values_list("recipient__full_name", flat=True))


def test_n_reviews_without_the_score_falling_alert_the_log_holders_chair_and_the_business_unit(frozen, log):
    LogSettings.objects.update_or_create(pk=1, defaults={"persisting_reviews": 3})
    entry = _risk(log)
    for score in (4, 5):
        _review(log, entry, score)
    assert persisting(DAY) == []
    _review(log, entry, 4)  # the third review, no lower than the first of the three
    [alert] = persisting(DAY)
    assert alert.entry == entry and "3 reviews without its score falling" in alert.reason
    chase(as_of=DAY)
    assert _reminded(f"alert:{entry.pk}:", DAY) == {"Bea Chair", "Sam Patel"}


def test_a_falling_score_raises_no_alert(frozen, log):
    entry = _risk(log)
    for score in (5, 4, 3):
        _review(log, entry, score)
    assert persisting(DAY) == []


def test_a_review_m_working_days_late_alerts_and_a_tolerated_risk_does_not(frozen, log):
    LogSettings.objects.update_or_create(pk=1, defaults={"persisting_overdue_days": 10})
    late = _risk(log, next_review_on=datetime.date(2017, 2, 15))  # 10 working days before 1 March
    _risk(log, next_review_on=datetime.date(2017, 2, 16))  # 9: not yet
    assert [a.entry for a in persisting(DAY)] == [late]
    proposal = services.risk_treat(entry=late, treatment="tolerate", reason="Within appetite.",
                                   expires_on=datetime.date(2017, 6, 30), by=log["bpg_member"])
    services.tolerance_decide(decision=proposal, agree=True, by=log["bpg_chair"])
    assert persisting(DAY) == []


def test_a_challenge_judged_not_assured_twice_alerts_until_it_is_escalated(frozen, log):
    entry = services.entry_raise(data={"kind": "challenge", "title": "T", "description": "D",
                                       "raised_by_body": log["sapp"], "organisation": log["police"]}, by=log["chair"])
    for _ in range(2):
        request = services.assurance_request(entry=entry, asks="?", due_on=DAY + datetime.timedelta(days=20),
                                             by=log["chair"])
        response = services.assurance_answer(request=request, text="A.", by=log["lead"])
        services.response_judge(response=response, assured=False, by=log["chair"])
    [alert] = persisting(DAY)
    assert alert.reason == "judged not assured twice"
    services.entry_escalate(entry=entry, reason="Twice.", by=log["bpg_member"])
    assert persisting(DAY) == []


def test_a_review_date_is_chased_to_the_risks_owner(frozen, log):
    entry = _risk(log, next_review_on=DAY)
    chase(as_of=DAY)
    assert _reminded(f"review:{entry.pk}:", DAY) == {"Jo Chair"}  # the owning sub group's chair
    _review(log, entry, 3, next_review_on=datetime.date(2017, 6, 1))
    assert not Reminder.objects.filter(key=f"review:{entry.pk}:2017-06-01").exists()
