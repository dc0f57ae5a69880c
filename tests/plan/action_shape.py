"""A small partnership shaped like Bradford's, for the action plans' tests and the rights sweep: the Board
(ratifies); the BPG (approves action plans, signs off actions; its members include the sub group chairs, a
derived seat); two sub groups with their chairs; an action owner in the police; a business unit officer."""

import datetime

from django.utils import timezone

from accountability.models import BodyFunction, Function
from plan import action_services as services
from tests.factories import BodyFactory, BodyKindFactory, MeetingFactory, OrganisationFactory, business_unit, member_of
from tests.plan.factories import OutcomeFactory, PlanFactory

SOON = timezone.localdate() + datetime.timedelta(days=30)


def action_shape():
    sub_group = BodyKindFactory(name="Sub group")
    board = BodyFactory(name="Safeguarding Board", short_name="Board")
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG", reports_to=board, seats_for_chairs_of=sub_group)
    BodyFunction.objects.create(body=board, function=Function.RATIFIES)
    for function in (Function.APPROVES_PLANS, Function.SIGNS_OFF_ACTIONS):
        BodyFunction.objects.create(body=bpg, function=function)
    sapp = BodyFactory(name="SAPP sub group", short_name="SAPP", kind=sub_group, reports_to=bpg)
    lnd = BodyFactory(name="Learning and Development sub group", short_name="L&D", kind=sub_group, reports_to=bpg)
    police = OrganisationFactory(name="West Yorkshire Police")
    plan = PlanFactory(title="Safeguarding plan 2016-18")
    outcome = OutcomeFactory(priority__plan=plan, code="1.1")
    return {
        "board": board, "bpg": bpg, "sapp": sapp, "lnd": lnd, "police": police, "plan": plan, "outcome": outcome,
        "chair": member_of(sapp, role="chair", person__full_name="Jo Chair"),
        "owner": member_of(sapp, organisation=police, person__full_name="Olu Owner"),
        "lnd_chair": member_of(lnd, role="chair", person__full_name="Lee Chair"),
        "bpg_chair": member_of(bpg, role="chair", person__full_name="Bea Chair"),
        "bpg_member": member_of(bpg, person__full_name="Ben Member"),
        "board_member": member_of(board, person__full_name="Kay Board"),
        "bu": business_unit(person__full_name="Sam Patel"),
        "stranger": member_of(BodyFactory(name="Another group"), person__full_name="Stan Ger"),
        "board_meeting": MeetingFactory(body=board), "bpg_meeting": MeetingFactory(body=bpg),
    }


def action_data(shape, **more):
    return {"description": "Audit the use of the escalation policy in each agency.", "owner": shape["owner"],
            "organisation": shape["police"], "due_on": SOON,
            "success_measure": "Every agency reports its use of the policy.", **more}


def draft_plan(shape, actions=1):
    action_plan = services.action_plan_create(body=shape["sapp"], plan=shape["plan"], by=shape["chair"])
    for _ in range(actions):
        services.action_add(action_plan=action_plan, data=action_data(shape), outcomes=[shape["outcome"]],
                            by=shape["chair"])
    return action_plan


def approved_plan(shape, actions=1):
    action_plan = draft_plan(shape, actions)
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    services.action_plan_approve(action_plan=action_plan, by=shape["bpg_member"])
    action_plan.refresh_from_db()
    return action_plan


def proposed_action(shape):
    action = approved_plan(shape).actions.get()
    services.evidence_add(action=action, text="Three agencies now audit escalations monthly.", by=shape["owner"])
    return services.action_propose_complete(action=action, by=shape["owner"])
