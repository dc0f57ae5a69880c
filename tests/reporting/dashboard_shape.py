"""A known data set for the dashboards' and the home page's tests (issue 18), Bradford's shape made small: the
action plans' shape (tests/plan/action_shape.py: the Board ratifies, the BPG approves and signs off, SAPP and L&D
with their chairs, an action owner in the police, the business unit) with the log held by the BPG, a police lead,
and these records, whose figures the tests write by hand:

- the log: E1 a challenge from SAPP to the police, assurance requested and overdue; E2 the same but restricted;
  E3 a risk the BPG raised, open, no request; E4 a challenge from SAPP to the police, answered, judged not
  assured and escalated to the Board (unrestricted);
- actions: SAPP's approved plan with two actions, one overdue; L&D's draft plan with one action, overdue;
- summaries: SAPP owes a summary after a meeting held 40 days ago (overdue)."""

import datetime

from django.utils import timezone

from accountability.models import BodyFunction, Function
from tests.factories import MeetingFactory, UserFactory
from tests.plan.action_shape import action_data, action_shape, approved_plan

LONG_AGO = timezone.localdate() - datetime.timedelta(days=10)


def dashboard_shape():
    from challenge_log import services as log
    from challenge_log.models import AssuranceRequest
    from plan import action_services
    from plan.action_models import Action
    from reporting import services as reporting
    from tests.reporting.helpers import held_meeting

    shape = action_shape()
    BodyFunction.objects.create(body=shape["bpg"], function=Function.HOLDS_LOG)
    BodyFunction.objects.create(body=shape["bpg"], function=Function.MONITORS)
    shape["lead"] = UserFactory(full_name="Pat Lead")
    from accountability import services as people

    people.organisation_lead_add(organisation=shape["police"], person=shape["lead"], by=shape["bu"])
    soon = timezone.localdate() + datetime.timedelta(days=20)

    def challenge(title, **more):
        return log.entry_raise(data={"kind": "challenge", "title": title, "description": "Not offered in time.",
                                     "raised_by_body": shape["sapp"], "organisation": shape["police"],
                                     "likelihood": 3, "impact": 4, **more}, by=shape["chair"])

    e1 = challenge("Return interviews")
    log.assurance_request(entry=e1, asks="How many in time?", due_on=soon, by=shape["chair"])
    e2 = challenge("Missing episodes", restricted=True)
    log.assurance_request(entry=e2, asks="How many?", due_on=soon, by=shape["chair"])
    AssuranceRequest.objects.filter(entry__in=[e1, e2]).update(due_on=LONG_AGO)
    e3 = log.entry_raise(data={"kind": "risk", "title": "Capacity of the MASH", "description": "Referrals rising.",
                               "raised_by_body": shape["bpg"], "likelihood": 4, "impact": 4,
                               "owner_body": shape["bpg"]}, by=shape["bpg_member"])
    e4 = challenge("Strategy meetings")
    request = log.assurance_request(entry=e4, asks="Were they held?", due_on=soon, by=shape["chair"])
    response = log.assurance_answer(request=request, text="Most were.", by=shape["lead"])
    log.response_judge(response=response, assured=False, outcome="No plan for the rest.", by=shape["chair"])
    log.entry_escalate(entry=e4, reason="Not assured.", by=shape["bpg_member"])

    sapp_plan = approved_plan(shape, actions=2)
    late = sapp_plan.actions.order_by("pk").first()
    Action.objects.filter(pk=late.pk).update(due_on=LONG_AGO)
    lnd_plan = action_services.action_plan_create(body=shape["lnd"], plan=shape["plan"], by=shape["lnd_chair"])
    lnd_action = action_services.action_add(action_plan=lnd_plan, data=action_data(shape, owner=shape["lnd_chair"]),
                                            outcomes=[shape["outcome"]], by=shape["lnd_chair"])
    Action.objects.filter(pk=lnd_action.pk).update(due_on=LONG_AGO)

    shape["sapp"].owes_summaries = True
    shape["sapp"].save(update_fields=["owes_summaries"])
    summary = reporting.summary_expect(held_meeting(body=shape["sapp"],
                                                    when=timezone.now() - datetime.timedelta(days=40)))
    shape.update({"e1": e1, "e2": e2, "e3": e3, "e4": e4, "late_action": late, "lnd_action": lnd_action,
                  "summary": summary, "sapp_plan": sapp_plan, "lnd_plan": lnd_plan})
    return shape


def board_meeting_soon(shape):
    return MeetingFactory(body=shape["board"], starts_at=timezone.now() + datetime.timedelta(days=10))

