"""Issue 14 §6: after `load_demo` each role finds something to do in the challenge/risk log: the police's lead a
challenge to answer, the demo's agency lead another, the demo's sub group chair an answer to judge, the Board
member an escalation awaiting the Board's outcome, the body that holds the log an alert, risks due for review and
one tolerated; and nothing in it names a child."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import User
from challenge_log.alerts import persisting
from challenge_log.models import Entry, Status
from tests.demo.test_meetings import IDENTIFYING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _client(client_for, email):
    return client_for(User.objects.get(email=email))


def test_every_state_is_there():
    states = set(Entry.objects.values_list("status", flat=True))
    assert {Status.REQUESTED, Status.ANSWERED, Status.ESCALATED, Status.TOLERATED, Status.OPEN} <= states
    assert Entry.objects.filter(kind="risk", next_review_on__gt=timezone.localdate()).exists()
    assert any("review was due" in alert.reason for alert in persisting(timezone.localdate()))


def test_the_demo_agency_lead_has_a_challenge_to_answer(client_for):
    page = _client(client_for, "agency.lead@bscb.example.org").get(reverse("agency-challenges")).content.decode()
    assert "Answer CRL-" in page and "Health assessments" in page


def test_the_polices_lead_has_one_too(client_for):
    page = _client(client_for, "rachel.lund@example.org").get(reverse("agency-challenges")).content.decode()
    assert "Return home interviews" in page[:page.index("Answered")]


def test_the_demo_sub_group_chair_has_an_answer_to_judge(client_for):
    entry = Entry.objects.get(title__startswith="Mental health waiting times")
    page = _client(client_for, "subgroup.chair@bscb.example.org").get(entry.get_absolute_url()).content.decode()
    assert "Judge the answer of Bradford District Care NHS Foundation Trust" in page


def test_the_board_member_sees_what_awaits_the_boards_outcome(client_for):
    page = _client(client_for, "board.member@bscb.example.org").get(reverse("escalated-list")).content.decode()
    assert "Strategy discussions held within 24 hours" in page[:page.index("Outcomes")]


def test_nothing_in_the_log_names_a_child():
    for title, description in Entry.objects.values_list("title", "description"):
        assert not IDENTIFYING.search(f"{title} {description}"), title


def test_the_first_chase_sends_a_handful_of_the_logs_reminders():
    """The assurance asked of the police and the trust, the review due soon and the one long overdue, the
    alert: a handful, not a backlog (the business unit's few officers each count)."""
    from notifications.services import chase
    from tests.demo.test_summaries import chase_day

    sent = [row for row in chase(as_of=chase_day(), dry_run=True).sent if not row[0].startswith(("summary:",
                                                                                                  "no-meeting:"))]
    kinds = {key.split(":")[0] for key, _step, _user in sent}
    assert {"assurance", "review", "alert"} <= kinds, kinds
    assert len(sent) <= 30, sent
