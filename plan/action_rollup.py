"""The plan's progress rolled up from its actions (issue 16 §4), in one query however many outcomes or actions.

The rule in use is a setting (ActionSettings.rollup_rule) and the pages state it (RULES). By default an
outcome's status is the worst status among its open actions (off track, then at risk, then no update yet, then
on track, then complete); the other rule takes the status most of its open actions have. Either way its
progress is the share of its actions closed (signed off, and ratified where that is due). A priority rolls up
its outcomes' actions the same way, each action counted once. Withdrawn actions, and those in a plan never yet
approved, count for nothing."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from .action_models import (
    NO_UPDATE,
    NO_UPDATE_LABEL,
    PLAN_APPROVED,
    WORST_FIRST,
    Action,
    ActionSettings,
    ActionStatus,
    Progress,
    RollUpRule,
)

_PROGRESS = "progress is the share of the actions closed, signed off and ratified."
RULES = {
    RollUpRule.WORST: "Status is the worst status among the open actions (off track, at risk, no update yet, on "
                      f"track, complete); {_PROGRESS}",
    RollUpRule.PREVAILING: "Status is the status most of the open actions have (a tie goes to the worse of the "
                           f"two); {_PROGRESS}",
}
NO_ACTIONS = "no_actions"
LABELS = {**dict(Progress.choices), NO_UPDATE: NO_UPDATE_LABEL, NO_ACTIONS: "No actions yet"}


def shown_to_all() -> Q:
    """Actions every member reads: outside a plan, or in a plan approved at least once."""
    return (Q(action_plan__isnull=True) | Q(action_plan__status__in=PLAN_APPROVED)
            | Q(action_plan__revision__gt=1))


def counted() -> Q:
    """Actions that count in a roll-up: those every member reads, but not the withdrawn."""
    return shown_to_all() & ~Q(status=ActionStatus.WITHDRAWN)


def rule_in_use() -> str:
    """The rule the setting chooses: one query."""
    return ActionSettings.current().rollup_rule


@dataclass
class RollUp:
    total: int = 0
    closed: int = 0
    overdue: int = 0
    statuses: Counter = field(default_factory=Counter)
    rule: str = RollUpRule.WORST

    @property
    def status(self) -> str:
        if not self.total:
            return NO_ACTIONS
        if not self.statuses:
            return Progress.COMPLETE
        if self.rule == RollUpRule.PREVAILING:
            most = max(self.statuses.values())
            return next(s for s in WORST_FIRST if self.statuses[s] == most)
        return next(s for s in WORST_FIRST if self.statuses[s])

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def percent(self) -> int:
        return round(100 * self.closed / self.total) if self.total else 0


def _add(rollup: RollUp, status: str, progress: str, due_on: date, today: date) -> None:
    rollup.total += 1
    if status == ActionStatus.CLOSED:
        rollup.closed += 1
        return
    rollup.statuses[progress or NO_UPDATE] += 1
    if due_on < today:
        rollup.overdue += 1


def rollup_of(actions, *, rule: str) -> RollUp:
    """The roll-up of actions already in hand (an action plan's), by the same rule; no query."""
    today = timezone.localdate()
    rollup = RollUp(rule=rule)
    for action in actions:
        if action.status != ActionStatus.WITHDRAWN:
            _add(rollup, action.status, action.progress, action.due_on, today)
    return rollup


def rollups(*, outcome_ids=(), priority_ids=(), rule: str | None = None) -> tuple[dict[int, RollUp],
                                                                                  dict[int, RollUp]]:
    """(by outcome id, by priority id): one query over the actions' links to the outcomes asked for, or to
    every outcome of the priorities asked for (and one more for the rule, unless it is given)."""
    rule = rule or rule_in_use()
    through = Action.outcomes.through
    asked = Q(outcome_id__in=list(outcome_ids)) | Q(outcome__priority_id__in=list(priority_ids))
    rows = through.objects.filter(asked).filter(_through(counted())).values_list(
        "outcome_id", "outcome__priority_id", "action_id", "action__status", "action__progress", "action__due_on")
    today = timezone.localdate()
    by_outcome: dict[int, RollUp] = defaultdict(lambda: RollUp(rule=rule))
    by_priority: dict[int, RollUp] = defaultdict(lambda: RollUp(rule=rule))
    seen: dict[int, set] = defaultdict(set)
    for outcome_id, priority_id, action_id, status, progress, due_on in rows:
        _add(by_outcome[outcome_id], status, progress, due_on, today)
        if action_id not in seen[priority_id]:
            seen[priority_id].add(action_id)
            _add(by_priority[priority_id], status, progress, due_on, today)
    return ({pk: by_outcome.get(pk, RollUp(rule=rule)) for pk in outcome_ids},
            {pk: by_priority.get(pk, RollUp(rule=rule)) for pk in priority_ids})


def _through(q: Q) -> Q:
    """A condition on actions, read through the outcome links (each lookup prefixed with `action__`)."""
    result = Q()
    result.connector, result.negated = q.connector, q.negated
    result.children = [_through(child) if isinstance(child, Q) else (f"action__{child[0]}", child[1])
                       for child in q.children]
    return result
