"""Issue 12 §5, "remind now": one reminder by hand per item and person within the interval set in the chasing
settings (a double-click, a retry or a second officer is refused with the time of the first), and the right to
press it is the declaring app's, handed over with the due and checked by the service whoever calls it.

On 1f15411 a second press within a second sent a second email (157 to one chair in six seconds), and the
service checked no right at all."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from bscb.services import NotAllowed
from notifications.models import ChaseSettings, Notice, Outbox, Reminder
from notifications.registry import Due
from notifications.services import remind_now
from tests.factories import UserFactory
from tests.notifications.rights import REMIND

pytestmark = pytest.mark.django_db

DUE = date(2017, 3, 15)


def thing(*owners, remind_perm=REMIND):
    return Due(key="thing:1", title="Return 1", url="/things/1/", due_date=DUE, remind_perm=remind_perm,
               rungs=[("owner", [o.pk for o in owners])])


def test_a_second_press_within_the_interval_is_refused_with_the_time_of_the_first(source, time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2017, 3, 15, 10, 5)))
    owner = UserFactory(full_name="Jo Morgan")
    first_officer, second_officer = UserFactory(full_name="Sam Patel"), UserFactory()
    source([thing(owner)])
    remind_now("thing:1", by=first_officer, as_of=DUE)
    time_machine.move_to(timezone.make_aware(timezone.datetime(2017, 3, 15, 10, 40)))
    with pytest.raises(ValidationError) as refused:
        remind_now("thing:1", by=second_officer, as_of=DUE)
    assert refused.value.messages == [
        "Jo Morgan was already reminded of this at 10:05 on 15 March 2017 by Sam Patel. "
        "Another reminder can be sent from 11:05 on 15 March 2017."]
    assert (Reminder.objects.count(), Notice.objects.count(), Outbox.objects.count()) == (1, 1, 1)
    time_machine.move_to(timezone.make_aware(timezone.datetime(2017, 3, 15, 11, 6)))
    assert len(remind_now("thing:1", by=second_officer, as_of=DUE).reminders) == 1
    assert Reminder.objects.count() == 2


def test_the_interval_is_the_one_set_in_the_chasing_settings(source, time_machine):
    ChaseSettings.objects.update_or_create(pk=1, defaults={"remind_now_minutes": 5})
    owner, officer = UserFactory(), UserFactory()
    source([thing(owner)])
    remind_now("thing:1", by=officer, as_of=DUE)
    time_machine.move_to(timezone.now() + timedelta(minutes=4))
    with pytest.raises(ValidationError, match="already reminded"):
        remind_now("thing:1", by=officer, as_of=DUE)
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    remind_now("thing:1", by=officer, as_of=DUE)
    assert Reminder.objects.count() == 2


def test_an_owner_reminded_lately_is_left_out_and_the_others_are_reminded(source, run_tasks,
                                                                         django_capture_on_commit_callbacks):
    """A nominee added after the first press is reminded; the chair reminded a minute ago is not, and is told of."""
    chair, nominee, officer = UserFactory(full_name="Bea Chair"), UserFactory(), UserFactory()
    source([thing(chair)], kind="thing")
    remind_now("thing:1", by=officer, as_of=DUE)
    source([thing(chair, nominee)], kind="thing")
    with django_capture_on_commit_callbacks(execute=True):
        result = remind_now("thing:1", by=officer, as_of=DUE)
    assert [r.recipient for r in result.reminders] == [nominee]
    assert len(result.held_back) == 1 and result.held_back[0].startswith("Bea Chair was already reminded")
    assert [m.to for m in mail.outbox] == [[nominee.email]]


def test_the_right_to_press_it_is_the_one_the_due_hands_over(source):
    rules_perm = "tests.remind_nobody"
    import rules

    rules.set_perm(rules_perm, rules.always_deny)
    owner, officer = UserFactory(), UserFactory()
    source([thing(owner, remind_perm=rules_perm)])
    with pytest.raises(NotAllowed):
        remind_now("thing:1", by=officer, as_of=DUE)
    source([thing(owner, remind_perm="")])  # a due that names no right cannot be reminded by hand
    with pytest.raises(NotAllowed):
        remind_now("thing:1", by=officer, as_of=DUE)
    assert not Reminder.objects.exists() and not mail.outbox
