"""Issue 16 §2: open actions are chased through the one reminder mechanism, before, on and after their due
date, to their owner (an owner who has left passes it to the chair of the body whose action it is), climbing to
the business unit and the chair of the body that signs off actions; and an action with no update for the
configured time is chased for one. Closed, proposed and draft-plan actions are not chased."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import Reminder
from notifications.services import chase
from plan import action_services as services
from plan.action_dues import ACTION_DUE, ACTION_STALE
from plan.action_models import Action, ActionSettings, Progress
from tests.plan.action_shape import action_data, action_shape, approved_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def shape():
    return action_shape()


def _reminded(prefix, day):
    return set(Reminder.objects.filter(key__startswith=prefix, as_of=day, status="sent")
               .values_list("recipient__full_name", flat=True))


def _due_on(action, day):
    Action.objects.filter(pk=action.pk).update(due_on=day)


def test_an_action_due_today_is_chased_to_its_owner(shape):
    from bscb.workdays import is_working_day

    action = approved_plan(shape).actions.get()
    day = timezone.localdate() + datetime.timedelta(days=3)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    _due_on(action, day)
    chase(as_of=day)
    assert _reminded(f"{ACTION_DUE}:{action.pk}", day) == {"Olu Owner"}


def test_an_owner_who_has_left_passes_it_to_the_chair_of_the_body(shape):
    from bscb.workdays import is_working_day

    action = approved_plan(shape).actions.get()
    shape["owner"].is_active = False
    shape["owner"].save()
    day = timezone.localdate() + datetime.timedelta(days=3)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    _due_on(action, day)
    chase(as_of=day)
    assert _reminded(f"{ACTION_DUE}:{action.pk}", day) == {"Jo Chair"}


def test_long_overdue_it_climbs_to_the_business_unit_and_the_chair_of_the_body_that_signs_off(shape):
    from bscb.workdays import add_working_days, is_working_day

    action = approved_plan(shape).actions.get()
    due = timezone.localdate() + datetime.timedelta(days=1)
    while not is_working_day(due):
        due += datetime.timedelta(days=1)
    _due_on(action, due)
    late = add_working_days(due, 12)
    chase(as_of=late)
    assert {"Olu Owner", "Sam Patel", "Bea Chair"} <= _reminded(f"{ACTION_DUE}:{action.pk}", late)


def test_a_proposed_or_draft_action_is_not_chased_for_its_due_date(shape):
    from tests.plan.action_shape import proposed_action

    proposed = proposed_action(shape)
    draft = services.action_add(action_plan=services.action_plan_create(body=shape["lnd"], plan=shape["plan"],
                                                                        by=shape["lnd_chair"]),
                                data=action_data(shape), by=shape["lnd_chair"])
    day = proposed.due_on
    chase(as_of=day)
    assert not Reminder.objects.filter(key__in=[f"{ACTION_DUE}:{proposed.pk}", f"{ACTION_DUE}:{draft.pk}"]).exists()


def test_an_action_with_no_update_for_the_configured_time_is_chased_for_one_and_an_update_stops_it(shape):
    from bscb.workdays import is_working_day

    settings = ActionSettings.current()
    settings.stale_after_days = 10
    settings.save()
    action = approved_plan(shape).actions.get()
    last = timezone.localdate() - datetime.timedelta(days=20)
    Action.objects.filter(pk=action.pk).update(last_update_on=last)
    day = timezone.localdate()
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    chase(as_of=day)
    key = f"{ACTION_STALE}:{action.pk}:{last.isoformat()}"
    assert set(Reminder.objects.filter(key=key, status="sent").values_list("recipient__full_name", flat=True)) \
        >= {"Olu Owner"}
    services.progress_update_add(action=action, on=day, commentary="Going well.", status=Progress.ON_TRACK,
                                 by=shape["owner"])
    chase(as_of=day + datetime.timedelta(days=1))
    assert not Reminder.objects.filter(key__startswith=f"{ACTION_STALE}:{action.pk}:{day.isoformat()}").exists()
