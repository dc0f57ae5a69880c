"""Action plans and actions (issue 16). A draft plan is its body's record; once approved every member reads it.
Each step's page opens for whoever may take the step; the refused user is someone the design leaves out of it
(the sub group's chair approving her own plan through her derived BPG seat, a member who is not the chair...)."""

import datetime

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Scenario


def _shape():
    from tests.plan.action_shape import action_shape

    return action_shape()


def _date_fields(day, name):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _soon():
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=30)


def _plan_state(action_plan):
    from plan.action_models import ActionPlan

    return lambda: (list(ActionPlan.objects.filter(pk=action_plan.pk).values_list("status", "revision")),
                    list(action_plan.steps.values_list("kind", "comment")), action_plan.actions.count())


def _action_state(action):
    from plan.action_models import Action

    return lambda: (list(Action.objects.filter(pk=action.pk).values_list("status", "progress", "description")),
                    list(action.steps.values_list("kind", "comment")))


def _draft(s):
    from tests.plan.action_shape import draft_plan

    return draft_plan(s)


def _submitted(s):
    from plan import action_services as services

    action_plan = _draft(s)
    services.action_plan_submit(action_plan=action_plan, by=s["chair"])
    return action_plan


def _approved(s):
    from tests.plan.action_shape import approved_plan

    return approved_plan(s)


def _proposed(s):
    from tests.plan.action_shape import proposed_action

    return proposed_action(s)


def _signed_off(s):
    from plan import action_services as services

    action = _proposed(s)
    services.action_sign_off(action=action, by=s["bpg_member"])
    return action


def _boards_own(s):
    from plan import action_services as services
    from tests.plan.action_shape import action_data

    return services.action_set(body=s["board"], data=action_data(s), by=s["bu"])


def _plan_step(make, allowed, refused, post_data=lambda s: {}):
    def setup():
        s = _shape()
        action_plan = make(s)
        return Scenario(kwargs={"pk": action_plan.pk}, allowed=s[allowed], refused=s[refused],
                        post_data=post_data(s), state=_plan_state(action_plan))

    return setup


def _action_step(make, allowed, refused, post_data=lambda s: {}):
    def setup():
        s = _shape()
        action = make(s)
        action = action if hasattr(action, "description") else action.actions.get()
        return Scenario(kwargs={"pk": action.pk}, allowed=s[allowed], refused=s[refused],
                        post_data=post_data(s), state=_action_state(action))

    return setup


def _plan_list():
    s = _shape()
    _approved(s)
    return Scenario(allowed=s["stranger"])


def _create():
    from plan.action_models import ActionPlan

    s = _shape()
    return Scenario(kwargs={"body": s["sapp"].pk}, allowed=s["chair"], refused=s["owner"],
                    state=lambda: list(ActionPlan.objects.values_list("body_id", "status")))


def _draft_detail():
    s = _shape()
    action_plan = _draft(s)
    # Not yet submitted: the BPG, which approves plans, does not read it yet.
    return Scenario(kwargs={"pk": action_plan.pk}, allowed=s["owner"], refused=s["bpg_member"])


def _revision():
    s = _shape()
    return Scenario(kwargs={"pk": _approved(s).pk, "number": 1}, allowed=s["stranger"])


def _action_detail():
    s = _shape()
    action = _draft(s).actions.get()
    return Scenario(kwargs={"pk": action.pk}, allowed=s["owner"], refused=s["bpg_member"])


def _add_data(s):
    return {"description": "Audit the threshold document's use.", "owner": str(s["owner"].pk),
            "organisation": str(s["police"].pk), **_date_fields(_soon(), "due_on"),
            "success_measure": "Each agency reports its use.", "outcomes": [str(s["outcome"].pk)]}


def _edit_data(s):
    return {**_add_data(s), "description": "Audit the threshold document's use in schools."}


def _list():
    s = _shape()
    _proposed(s)
    return Scenario(allowed=s["stranger"])


def _mine():
    s = _shape()
    _approved(s)
    return Scenario(allowed=s["owner"])


def _queues():
    s = _shape()
    _submitted(s)
    return Scenario(allowed=s["bpg_member"], refused=s["owner"])


def _ratification():
    s = _shape()
    _signed_off(s)
    return Scenario(allowed=s["board_member"], refused=s["owner"])


SWEEP_EVIDENCE = "access-sweep/action-evidence.pdf"


def _evidence_file():
    """A draft plan's action's file of evidence: for its body's members, not for the BPG before submission."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from bscb.documents import PDF
    from plan.action_models import EvidenceFile, EvidenceOfImpact
    from tests.helpers.documents import clean_pdf

    if not default_storage.exists(SWEEP_EVIDENCE):
        default_storage.save(SWEEP_EVIDENCE, ContentFile(clean_pdf()))
    s = _shape()
    action = _draft(s).actions.get()
    evidence = EvidenceOfImpact.objects.create(action=action, text="Fewer repeat referrals.", created_by=s["owner"])
    stored = EvidenceFile.objects.create(evidence=evidence, file=SWEEP_EVIDENCE, kind=PDF, created_by=s["owner"])
    return Scenario(kwargs={"pk": stored.pk}, allowed=s["owner"], refused=s["bpg_member"])


def _completed(s):
    """An approved plan whose one action has been ratified: its sign-off awaits the Board."""
    from plan import action_services as services

    action = _signed_off(s)
    services.action_ratify(action=action, meeting=s["board_meeting"], by=s["board_member"])
    return action.action_plan


def _set_action():
    """An action outside a plan: the business unit, or a chair for her own body; a member who chairs nothing is
    refused."""
    from plan.action_models import Action

    s = _shape()
    data = {**_add_data(s), "body": str(s["board"].pk)}
    return Scenario(allowed=s["bu"], refused=s["owner"], post_data=data,
                    state=lambda: list(Action.objects.values_list("body_id", "description")))


def _meeting(s, body):
    from tests.factories import MeetingFactory

    return str(MeetingFactory(body=s[body]).pk)


CASES = {
    "action-plan-list": Case(SIGNED_IN, _plan_list),
    "action-plan-create": Case(RECORD, _create, post=True, post_status=302,
                               no_error_state="one button, nothing to fill in"),
    "action-plan-detail": Case(RECORD, _draft_detail, listed_on=("action-plan-list",)),
    "action-plan-export": Case(RECORD, _draft_detail, html=False),
    "action-plan-revision": Case(SIGNED_IN, _revision),
    "action-add": Case(RECORD, _plan_step(_draft, "chair", "owner", _add_data), post=True, post_status=302),
    "action-plan-submit": Case(RECORD, _plan_step(_draft, "chair", "owner"), post=True, post_status=302,
                               no_error_state="one button, nothing to fill in"),
    "action-plan-approve": Case(RECORD, _plan_step(_submitted, "bpg_member", "chair", lambda s: {
        "comment": "Approved.", "meeting": _meeting(s, "bpg")}), post=True, post_status=302,
        no_error_state="an optional comment and an optional meeting: approved between meetings"),
    "action-plan-return": Case(RECORD, _plan_step(_submitted, "bpg_member", "chair", lambda s: {
        "reason": "Add measures of success."}), post=True, post_status=302),
    "action-plan-revise": Case(RECORD, _plan_step(_approved, "chair", "owner", lambda s: {
        "reason": "A new action after the JTAI."}), post=True, post_status=302),
    "action-list": Case(SIGNED_IN, _list),
    "my-actions": Case(SIGNED_IN, _mine),
    "action-queue": Case(RECORD, _queues),
    "ratification-list": Case(RECORD, _ratification),
    "action-detail": Case(RECORD, _action_detail, listed_on=("action-list",)),
    "action-edit": Case(RECORD, _action_step(_draft, "chair", "owner", _edit_data), post=True, post_status=302),
    "action-update": Case(RECORD, _action_step(_approved, "owner", "lnd_chair", lambda s: {
        **_date_fields(datetime.date.today(), "on"), "status": "on_track", "commentary": "Two agencies done."}),
        post=True, post_status=302),
    "action-evidence": Case(RECORD, _action_step(_approved, "owner", "lnd_chair", lambda s: {
        "text": "Repeat referrals fell."}), post=True, post_status=302),
    "action-propose": Case(RECORD, _action_step(lambda s: _with_evidence(s), "owner", "lnd_chair", lambda s: {
        "comment": "Done."}), post=True, post_status=302, no_error_state="an optional comment only"),
    "action-sign-off": Case(RECORD, _action_step(_proposed, "bpg_member", "chair", lambda s: {
        "comment": "Signed off."}), post=True, post_status=302,
        no_error_state="an optional comment and an optional meeting: signed off between meetings"),
    "action-return": Case(RECORD, _action_step(_proposed, "bpg_member", "chair", lambda s: {
        "reason": "No evidence from health."}), post=True, post_status=302),
    "action-ratify": Case(RECORD, _action_step(_signed_off, "board_member", "bpg_member", lambda s: {
        "meeting": _meeting(s, "board"), "comment": "Ratified."}), post=True, post_status=302),
    "action-decline": Case(RECORD, _action_step(_signed_off, "board_member", "bpg_member", lambda s: {
        "meeting": _meeting(s, "board"), "reason": "Impact not shown."}), post=True, post_status=302),
    "action-close": Case(RECORD, _action_step(_boards_own, "bu", "board_member", lambda s: {
        "meeting": _meeting(s, "board")}), post=True, post_status=302),
    "action-withdraw": Case(RECORD, _action_step(_draft, "chair", "owner", lambda s: {"reason": "Merged."}),
                            post=True, post_status=302),
    "evidence-file-download": Case(RECORD, _evidence_file, html=False),
    "action-set": Case(RECORD, _set_action, post=True, post_status=302),
    "action-plan-ratify": Case(RECORD, _plan_step(_completed, "board_member", "bpg_member", lambda s: {
        "meeting": _meeting(s, "board"), "comment": "Ratified."}), post=True, post_status=302),
    "action-plan-decline": Case(RECORD, _plan_step(_completed, "board_member", "bpg_member", lambda s: {
        "meeting": _meeting(s, "board"), "reason": "Schools are not covered."}), post=True, post_status=302),
}


def _with_evidence(s):
    from plan import action_services as services

    action = _approved(s).actions.get()
    services.evidence_add(action=action, text="Repeat referrals fell.", by=s["owner"])
    return action
