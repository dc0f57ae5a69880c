"""Issue 16 §4: an outcome's status is the worst status among its open actions and its progress the share of its
actions closed; a priority rolls up its outcomes' actions the same way, each counted once; in one query."""

import datetime

import pytest
from django.utils import timezone

from plan import action_services as services
from plan.action_models import Action, ActionSettings, ActionStatus, Progress, RollUpRule
from plan.action_rollup import rollups
from tests.plan.action_shape import action_data, action_shape, approved_plan, proposed_action
from tests.plan.factories import OutcomeFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _set(action, progress=None, status=None, due_on=None):
    """Straight to a state: the services that get there are tested in test_action_chain."""
    Action.objects.filter(pk=action.pk).update(**{k: v for k, v in (
        ("progress", progress), ("status", status), ("due_on", due_on)) if v is not None})


def test_an_outcome_shows_the_worst_status_of_its_open_actions_and_the_share_closed(django_assert_num_queries):
    shape = action_shape()
    outcome, other = shape["outcome"], OutcomeFactory(priority=shape["outcome"].priority, code="1.2")
    empty = OutcomeFactory(priority=shape["outcome"].priority, code="1.3")
    actions = list(approved_plan(shape, actions=4).actions.order_by("pk"))
    for action in actions:
        action.outcomes.set([outcome])
    _set(actions[0], progress=Progress.ON_TRACK)
    _set(actions[1], progress=Progress.AT_RISK, due_on=TODAY - datetime.timedelta(days=1))
    _set(actions[2], progress=Progress.OFF_TRACK, status=ActionStatus.CLOSED)  # closed: its status no longer counts
    _set(actions[3], status=ActionStatus.WITHDRAWN)  # counts for nothing
    actions[0].outcomes.add(other)
    with django_assert_num_queries(1):
        by_outcome, by_priority = rollups(outcome_ids=[outcome.pk, other.pk, empty.pk],
                                          priority_ids=[outcome.priority_id], rule=RollUpRule.WORST)
    first = by_outcome[outcome.pk]
    assert (first.label, first.total, first.closed, first.percent, first.overdue) == ("At risk", 3, 1, 33, 1)
    assert (by_outcome[other.pk].label, by_outcome[other.pk].percent) == ("On track", 0)
    assert by_outcome[empty.pk].label == "No actions yet"
    # The priority counts the action linked to two of its outcomes once: 3 actions, 1 closed.
    priority = by_priority[outcome.priority_id]
    assert (priority.label, priority.total, priority.closed, priority.percent) == ("At risk", 3, 1, 33)


def test_an_action_with_no_update_counts_after_at_risk_and_before_on_track():
    shape = action_shape()
    first, second = approved_plan(shape, actions=2).actions.order_by("pk")
    _set(first, progress=Progress.ON_TRACK)
    assert rollups(outcome_ids=[shape["outcome"].pk])[0][shape["outcome"].pk].label == "No update yet"
    _set(second, progress=Progress.AT_RISK)
    assert rollups(outcome_ids=[shape["outcome"].pk])[0][shape["outcome"].pk].label == "At risk"


def test_all_closed_the_outcome_is_complete_at_100_percent():
    shape = action_shape()
    action = proposed_action(shape)
    services.action_sign_off(action=action, by=shape["bpg_member"])
    services.action_ratify(action=action, meeting=shape["board_meeting"], by=shape["board_member"])
    rollup = rollups(outcome_ids=[shape["outcome"].pk])[0][shape["outcome"].pk]
    assert (rollup.label, rollup.percent) == ("Complete", 100)


def test_the_actions_of_a_plan_never_approved_do_not_count_yet():
    shape = action_shape()
    action_plan = services.action_plan_create(body=shape["sapp"], plan=shape["plan"], by=shape["chair"])
    services.action_add(action_plan=action_plan, data=action_data(shape), outcomes=[shape["outcome"]],
                        by=shape["chair"])
    assert rollups(outcome_ids=[shape["outcome"].pk])[0][shape["outcome"].pk].total == 0


def test_the_setting_may_choose_the_status_most_open_actions_have_and_the_pages_state_it(client_for):
    shape = action_shape()
    actions = list(approved_plan(shape, actions=4).actions.order_by("pk"))
    for action in actions[:2]:
        _set(action, progress=Progress.ON_TRACK)
    _set(actions[2], progress=Progress.OFF_TRACK)
    _set(actions[3], progress=Progress.AT_RISK)
    outcome = shape["outcome"]
    assert rollups(outcome_ids=[outcome.pk])[0][outcome.pk].label == "Off track"  # the worst, by default
    ActionSettings.objects.update_or_create(pk=1, defaults={"rollup_rule": RollUpRule.PREVAILING})
    assert rollups(outcome_ids=[outcome.pk])[0][outcome.pk].label == "On track"  # two of the four
    _set(actions[1], progress=Progress.AT_RISK)  # a tie of on track and at risk goes to the worse
    assert rollups(outcome_ids=[outcome.pk])[0][outcome.pk].label == "At risk"
    page = client_for(shape["board_member"]).get(outcome.get_absolute_url()).content.decode()
    assert "Status is the status most of the open actions have (a tie goes to the worse of the two)" in page


def test_the_plans_page_shows_each_priority_and_outcome_with_the_progress_of_its_actions(client_for):
    shape = action_shape()
    first, second = approved_plan(shape, actions=2).actions.order_by("pk")
    _set(first, progress=Progress.AT_RISK, due_on=TODAY - datetime.timedelta(days=2))
    _set(second, status=ActionStatus.CLOSED)
    page = client_for(shape["board_member"]).get(shape["plan"].get_absolute_url()).content.decode()
    assert "Progress of the priority's actions: <strong>At risk</strong>, 50% closed (1 of 2), " \
           "<strong>1 overdue</strong>." in page
    assert "Outcomes of priority" in page and "50% <span class=\"govuk-body-s\">(1 of 2)</span>" in page
    assert "Status is the worst status among the open actions" in page


def test_an_outcome_with_many_actions_lists_the_open_ones_first_and_links_to_them_all(client_for):
    from plan.action_selectors import OUTCOME_ACTIONS_SHOWN

    shape = action_shape()
    actions = list(approved_plan(shape, actions=OUTCOME_ACTIONS_SHOWN + 2).actions.order_by("pk"))
    _set(actions[0], status=ActionStatus.CLOSED, due_on=TODAY - datetime.timedelta(days=9))
    _set(actions[1], due_on=TODAY - datetime.timedelta(days=1))
    page = client_for(shape["board_member"]).get(shape["outcome"].get_absolute_url()).content.decode()
    total = OUTCOME_ACTIONS_SHOWN + 2
    assert f"The first {OUTCOME_ACTIONS_SHOWN} of the {total} actions that serve this outcome" in page
    assert page.count('<tr class="govuk-table__row">') - 1 == OUTCOME_ACTIONS_SHOWN  # less the header row
    shown = [f">{action.reference}<span" in page for action in actions]
    assert shown[1] and not shown[0]  # the closed one comes last, after the open ones
    assert f'?outcome={shape["outcome"].pk}">See all {total} actions that serve outcome 1.1' in page
