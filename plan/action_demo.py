"""The demo's action plans (issue 16 §6), so that after `make run` each role finds something to do: PMAE's plan
approved, with actions open, proposed complete, signed off awaiting ratification and ratified; CSE's approved
and then revised (its second revision in draft); L&D's submitted for approval; SAPP's in draft; DAG's returned
with comments; JTAI's done, its one action ratified, so that its sign-off awaits the Board; and an action the BPG
set and one the Board set.

Everything goes through plan.action_services as the person who would take each step (the chairs of the load
day, a BPG member from another sub group, a Board member, the business unit), so the histories name them.
Idempotent: nothing is added once an action plan exists."""

import datetime

from django.utils import timezone

from accountability.models import Body, Function, Meeting, User
from accountability.people import body_with_function, business_unit_ids, member_ids
from accountability.rules import is_own_work
from accountability.selectors import chair_of

from . import action_services as services
from .action_models import ActionPlan, Progress
from .models import Outcome
from .selectors import plan_current

# Each sub group's plan: (short name, what it reaches, its actions as (description, success measure, outcome
# codes)).
ACTIONS = {
    "PMAE": [
        ("Run a multi-agency audit of neglect cases stepped down from child protection plans.",
         "The audit reports to the Board with each agency's learning and a re-audit date.", ["1.1"]),
        ("Add return home interview timeliness to the quarterly dataset.",
         "The dataset reports it each quarter, by agency.", ["1.2"]),
        ("Audit the quality of strategy discussions for exploitation concerns.",
         "Three quarters of strategy discussions audited meet the standard.", ["1.3"]),
        ("Publish the partnership's performance scorecard to every sub group.",
         "Each sub group discusses the scorecard at its next meeting.", ["2.1"]),
    ],
    "CSE": [
        ("Train night-time economy staff to recognise exploitation.",
         "Licensed premises in the city centre have a trained member of staff.", ["1.3"]),
        ("Agree a shared risk assessment tool for exploitation.", "Every agency uses the tool.", ["1.3"]),
    ],
    "L&D": [
        ("Evaluate the impact of multi-agency neglect training three months on.",
         "Attendees report a change in practice, checked with their managers.", ["2.2"]),
    ],
    "SAPP": [
        ("Review the threshold document with schools' designated leads.",
         "A revised threshold document is published.", ["1.1"]),
    ],
    "DAG": [
        ("Consult communities on the reach of safeguarding messages.", "A report to the BPG with findings.",
         ["2.4"]),
    ],
    "JTAI": [
        ("Complete the self-assessment for the joint targeted area inspection of neglect.",
         "The self-assessment is agreed by the BPG and shared with the inspectorates.", ["1.1"]),
    ],
}


def _decider(body_ids, work, day):
    """Someone who sits on the deciding body and whose own work this is not."""
    for person_id in sorted(set(body_ids)):
        person = User.objects.get(pk=person_id)
        if not is_own_work(person, work):
            return person
    return None


def _meeting(body, day):
    return Meeting.objects.filter(body=body, starts_at__date__lte=day).order_by("-starts_at").first()


def demo_actions_load(data: dict) -> None:
    plan = plan_current()
    if plan is None or ActionPlan.objects.exists():
        return
    today = timezone.localdate()
    bpg = body_with_function(Function.SIGNS_OFF_ACTIONS, today)
    board = body_with_function(Function.RATIFIES, today)
    unit = User.objects.get(pk=business_unit_ids(today)[0])
    outcomes = {o.code: o for o in Outcome.objects.filter(priority__plan=plan)}
    plans, first_actions = {}, {}
    for short_name, actions in ACTIONS.items():
        body = Body.objects.filter(short_name=short_name).first()
        chair = chair_of(body, today) if body else None
        if chair is None:
            continue
        action_plan = services.action_plan_create(body=body, plan=plan, by=chair)
        made = []
        for number, (description, measure, codes) in enumerate(actions):
            owner = next((m for m in member_ids(body, today) if m != chair.pk), chair.pk)
            made.append(services.action_add(action_plan=action_plan, by=chair, data={
                "description": description, "success_measure": measure, "owner": User.objects.get(pk=owner),
                "due_on": today + datetime.timedelta(days=30 + 30 * number)},
                outcomes=[outcomes[c] for c in codes if c in outcomes]))
        plans[short_name], first_actions[short_name] = (action_plan, chair), made
    approver = {k: _decider(member_ids(bpg, today), p[0], today) for k, p in plans.items()}

    def submit(key):
        services.action_plan_submit(action_plan=plans[key][0], by=plans[key][1])

    def approve(key):
        submit(key)
        services.action_plan_approve(action_plan=plans[key][0], by=approver[key], meeting=_meeting(bpg, today),
                                     comment="Approved as the plan's priorities require.")

    if "PMAE" in plans:
        approve("PMAE")
        chair = plans["PMAE"][1]
        open_one, proposed, signed, ratified = first_actions["PMAE"]
        services.progress_update_add(action=open_one, on=today, status=Progress.AT_RISK, by=chair,
                                     commentary="Two agencies have not yet sent their case files.")
        for action in (proposed, signed, ratified):
            services.progress_update_add(action=action, on=today, status=Progress.COMPLETE, by=chair,
                                         commentary="Done, as the measure of success asks.")
            services.evidence_add(action=action, by=chair, text=(
                "Agencies now act on what the audit found: re-referrals within a year fell from 24% to 17%."))
            services.action_propose_complete(action=action, by=chair)
        signer = _decider(member_ids(bpg, today), signed, today)
        for action in (signed, ratified):
            services.action_sign_off(action=action, by=signer, comment="The evidence shows impact.")
        ratifier = _decider(business_unit_ids(today) + member_ids(board, today), ratified, today)
        services.action_ratify(action=ratified, meeting=_meeting(board, today), by=ratifier,
                               comment="Ratified as the minutes record.")
    if "JTAI" in plans:
        approve("JTAI")
        chair, (action,) = plans["JTAI"][1], first_actions["JTAI"]
        services.evidence_add(action=action, by=chair, text=(
            "Inspectors found the partnership knew its strengths and gaps in neglect practice."))
        services.action_propose_complete(action=action, by=chair)
        services.action_sign_off(action=action, by=_decider(member_ids(bpg, today), action, today))
        services.action_ratify(action=action, meeting=_meeting(board, today), comment="Ratified as the minutes record.",
                               by=_decider(business_unit_ids(today) + member_ids(board, today), action, today))
    if "CSE" in plans:
        approve("CSE")
        services.action_plan_revise(action_plan=plans["CSE"][0], by=plans["CSE"][1],
                                    reason="A new action after the thematic inspection.")
    if "L&D" in plans:
        submit("L&D")
    if "DAG" in plans:
        submit("DAG")
        services.action_plan_return(action_plan=plans["DAG"][0], by=approver["DAG"],
                                    reason="Say which communities, and how the report will be used.")
    # Set with no plan: by the BPG (signed off by the Board), and the Board's remedial action.
    services.action_set(body=bpg, by=chair_of(bpg, today) or unit, data={
        "description": "Chase the sub groups' overdue quarterly summaries.",
        "success_measure": "Every summary is received within its deadline.",
        "due_on": today + datetime.timedelta(days=14)})
    services.action_set(body=board, by=unit, data={
        "description": "Remedial action: the police and children's services to report on strategy discussions.",
        "success_measure": "A joint report at the next Board meeting.", "due_on": today + datetime.timedelta(days=3)})
