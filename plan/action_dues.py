"""What actions declare to the chase (notifications): each open action's due date, and an update owed once it
has gone a configurable time without one (ActionSettings.stale_after_days). Who owes it is worked out when
the chase runs, never stored: the owner while active; an owner who has left passes it to the chair of the body
whose action it is, and an empty chair to the business unit (accountability.people.owners_of). The ladder climbs
to the business unit and then to the chair of the body that signs off actions. The sources only read."""

import datetime
from datetime import date

from django.db.models import Q
from django.urls import reverse

from accountability.models import Function
from accountability.people import body_with_function, chairs_of, owners_of
from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER, Due

from .action_models import Action, ActionSettings, ActionStatus
from .action_rollup import counted

ACTION_DUE, ACTION_STALE = "action", "action-update"


def _open_actions():
    """Open actions that count (approved plans, or no plan): those proposed complete wait on others."""
    return (Action.objects.filter(counted(), status=ActionStatus.OPEN).select_related("owner")
            .only("pk", "body_id", "owner_id", "owner__is_active", "due_on", "last_update_on", "created_on")
            .order_by("pk"))


def _ladder(actions, as_of: date):
    owners = owners_of({a.body_id for a in actions}, as_of)
    unit = list(owners.business_unit)
    signer = body_with_function(Function.SIGNS_OFF_ACTIONS, as_of)
    chair = chairs_of([signer], as_of).get(signer.pk) if signer else None
    top = [chair.person_id] if chair else []

    def rungs(action):
        owner = [action.owner_id] if action.owner_id and action.owner.is_active else owners.of(action.body_id)
        return [(OWNER, owner), (BUSINESS_UNIT, unit), (MONITORING_CHAIR, top)]

    return rungs


def action_dues_for(actions: list[Action], as_of: date) -> list[Due]:
    if not actions:
        return []
    rungs = _ladder(actions, as_of)
    return [Due(key=f"{ACTION_DUE}:{a.pk}", title=f"Action A-{a.pk} due", url=reverse("action-detail", args=[a.pk]),
                due_date=a.due_on, rungs=rungs(a)) for a in actions]


def action_dues(as_of: date) -> list[Due]:
    return action_dues_for(list(_open_actions()), as_of)


def action_due(key: str, as_of: date) -> Due | None:
    try:
        pk = int(key.removeprefix(f"{ACTION_DUE}:"))
    except ValueError:
        return None
    dues = action_dues_for(list(_open_actions().filter(Q(pk=pk))), as_of)
    return dues[0] if dues else None


def stale_dues(as_of: date) -> list[Due]:
    """An update owed `stale_after_days` after the last (or after the action was set). The last update's date is
    in the key: an update recorded sets a new date, and the new date its own ladder."""
    days = datetime.timedelta(days=ActionSettings.current().stale_after_days)
    actions = list(_open_actions())
    if not actions:
        return []
    rungs = _ladder(actions, as_of)
    dues = []
    for action in actions:
        since = action.last_update_on or action.created_on.date()
        dues.append(Due(key=f"{ACTION_STALE}:{action.pk}:{since.isoformat()}",
                        title=f"An update on action A-{action.pk}", url=reverse("action-detail", args=[action.pk]),
                        due_date=since + days, rungs=rungs(action)))
    return dues
