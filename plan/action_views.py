"""Pages of action plans and actions. Reads come from plan.action_selectors, writes from plan.action_services,
whose refusals are put beside the fields so that nothing typed is lost. Each step's page opens only for whoever
may take it now; the service checks again whoever calls it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accountability.models import Body, Function
from accountability.roles import roles_for
from bscb import access, documents, spreadsheets
from bscb.forms import ONCE, form_saved, model_data
from bscb.lists import list_page
from bscb.services import submission_check

from . import action_exports
from . import action_forms as forms
from . import action_selectors as selectors
from . import action_services as services
from .action_filters import ActionFilter
from .action_models import Action, ActionPlan, ActionPlanStatus, ActionStatus, EvidenceFile, Progress
from .action_rollup import RULES, rollup_of, rule_in_use
from .action_rules import is_ratifiers_own, sign_off_function
from .selectors import plan_current

FORM_TEMPLATE = "form_page.html"
STEP_TEMPLATE = "plan/action_step_form.html"


def _crumbs(record=None):
    crumbs = [("Actions", reverse("action-list"))]
    if isinstance(record, Action) and record.action_plan_id:
        crumbs.append((str(record.action_plan), record.action_plan.get_absolute_url()))
    if record is not None:
        crumbs.append((str(record.reference) if isinstance(record, Action) else str(record),
                       record.get_absolute_url()))
    return crumbs


def _action(request, pk, perm=None) -> Action:
    try:
        action = selectors.action_detail(pk)
    except Action.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("plan.view_action", action) or (perm and not request.user.has_perm(perm, action)):
        raise PermissionDenied
    return action


def _action_plan(request, pk, perm=None) -> ActionPlan:
    try:
        action_plan = selectors.action_plan_detail(pk)
    except ActionPlan.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("plan.view_action_plan", action_plan) or (
            perm and not request.user.has_perm(perm, action_plan)):
        raise PermissionDenied
    return action_plan


def _resent(request) -> None:
    """A second post of a step's form already taken (a double click) is answered as the first was
    (AlreadySaved), before the step's page is refused for the state the first post left."""
    token = request.POST.get(ONCE) if request.method == "POST" else None
    if token:
        submission_check(token=token)


def _step_page(request, form, *, record, act, title, done, intro=""):
    def take(data):
        act(data)
        return record

    saved = form_saved(request, form, take, done)
    if saved is not None:
        return saved
    return render(request, STEP_TEMPLATE, {
        "form": form, "title": title, "caption": str(record) if isinstance(record, ActionPlan)
        else f"{record.reference}: {record}", "crumbs": _crumbs(record), "back_url": record.get_absolute_url(),
        "intro": intro})


# --- action plans ------------------------------------------------------------------------------------

@access.signed_in
def action_plan_list(request):
    """The current plan's action plans, one a body, with their state; a chair starts her body's."""
    plan = plan_current()
    plans = list(selectors.action_plan_list(plan)) if plan else []
    has = request.user.has_perm
    chaired = roles_for(request.user).chaired_body_ids
    started = {p.body_id for p in plans}
    can_start = sorted((b for b in Body.objects.filter(pk__in=chaired - started)), key=lambda b: b.name) \
        if plan else []
    return render(request, "plan/action_plan_list.html", {
        "plan": plan, "rows": [(p, has("plan.view_action_plan", p)) for p in plans], "can_start": can_start,
        "crumbs": [], "current": "Action plans"})


@access.record
def action_plan_create(request, body):
    plan = plan_current()
    body = get_object_or_404(Body, pk=body)
    if plan is None or not request.user.has_perm("plan.change_action_plan", ActionPlan(body=body, plan=plan)):
        raise PermissionDenied
    form = forms.StepForm(request.POST or None, submit="Start the action plan")
    saved = form_saved(request, form, lambda data: services.action_plan_create(body=body, plan=plan, by=request.user),
                   "The action plan was started: add its actions, then submit it.")
    if saved is not None:
        return saved
    return render(request, STEP_TEMPLATE, {
        "form": form, "title": f"Start the {body.short_name} action plan for {plan.period}",
        "crumbs": [("Action plans", reverse("action-plan-list"))], "back_url": reverse("action-plan-list")})


def _plan_steps(user, action_plan) -> dict:
    has = user.has_perm
    return {
        "change": action_plan.is_editable and has("plan.change_action_plan", action_plan),
        "submit": action_plan.is_editable and has("plan.change_action_plan", action_plan),
        "decide": action_plan.status == ActionPlanStatus.SUBMITTED and has("plan.approve_action_plan", action_plan),
        "revise": action_plan.status in services.REVISABLE and has("plan.change_action_plan", action_plan),
        "ratify": action_plan.status == ActionPlanStatus.COMPLETE and has("plan.ratify_action_plan", action_plan),
    }


@access.record
def action_plan_detail(request, pk):
    action_plan = _action_plan(request, pk)
    rule = rule_in_use()
    return render(request, "plan/action_plan_detail.html", {
        "rollup": rollup_of(action_plan.actions.all(), rule=rule), "rollup_rule": RULES[rule],
        "action_plan": action_plan, "actions": action_plan.actions.all(), "steps": action_plan.steps.all(),
        "revisions": action_plan.revisions.all(), "can": _plan_steps(request.user, action_plan),
        "crumbs": [("Action plans", reverse("action-plan-list"))], "current": str(action_plan)})


@access.record
def action_plan_export(request, pk):
    """The plan as a spreadsheet, for whoever may read it (its body's members while it is a draft)."""
    action_plan = _action_plan(request, pk)
    return spreadsheets.xlsx_response(f"action-plan-{action_plan.body.short_name or action_plan.body.name}",
                                      action_exports.HEADER, action_exports.action_plan_rows(action_plan),
                                      sheet="Action plan", widths=action_exports.WIDTHS)


@access.record
def action_add(request, pk):
    action_plan = _action_plan(request, pk, "plan.change_action_plan")
    _resent(request)
    if not action_plan.is_editable:
        raise PermissionDenied
    form = forms.ActionForm(request.POST or None, instance=Action(), plan=action_plan.plan, submit="Add the action")
    saved = form_saved(request, form, lambda data: (services.action_add(
        action_plan=action_plan, data=model_data(form, exclude=("outcomes", "themes")), outcomes=data["outcomes"],
        themes=data["themes"], by=request.user), action_plan)[1], "The action was added.")
    if saved is not None:
        return saved
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": "Add an action", "caption": str(action_plan),
        "crumbs": [("Action plans", reverse("action-plan-list")), (str(action_plan), action_plan.get_absolute_url())],
        "back_url": action_plan.get_absolute_url()})


def _origin(request, user) -> dict:
    """What an action set outside a plan arises from, named by the link that opened the page (?entry= or
    ?decision=): only a record the person may read."""
    from accountability.models import Decision
    from challenge_log.models import Entry

    query = request.GET
    if query.get("entry", "").isdigit():
        entry = get_object_or_404(Entry.objects.select_related("raised_by_body"), pk=query["entry"])
        if not user.has_perm("challenge_log.view_entry", entry):
            raise PermissionDenied
        return {"entry": entry}
    if query.get("decision", "").isdigit():
        return {"decision": get_object_or_404(Decision.objects.select_related("meeting__body"),
                                              pk=query["decision"])}
    return {}


@access.record
def action_set(request):
    """An action with no plan: arising from a log entry or a meeting's decision, or set by the BPG or the Board
    (the Board's remedial actions). For the business unit, and for a chair, for her own bodies."""
    bodies = selectors.bodies_setting_actions(request.user)
    if not bodies.exists():
        raise PermissionDenied
    origin = _origin(request, request.user)
    form = forms.SetActionForm(request.POST or None, instance=Action(), plan=plan_current(), bodies=bodies)
    saved = form_saved(request, form, lambda data: services.action_set(
        body=data["body"], data={**model_data(form, exclude=("outcomes", "themes", "body")), **origin},
        outcomes=data["outcomes"], themes=data["themes"], by=request.user), "The action was set.")
    if saved is not None:
        return saved
    source = origin.get("entry") or origin.get("decision")
    back = (origin["entry"].get_absolute_url() if "entry" in origin else origin["decision"].meeting.get_absolute_url()
            if "decision" in origin else reverse("action-list"))
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": "Set an action", "caption": f"Arising from {source}" if source else "Outside a plan",
        "crumbs": [("Actions", reverse("action-list"))], "back_url": back})


@access.record
def action_plan_submit(request, pk):
    action_plan = _action_plan(request, pk, "plan.change_action_plan")
    _resent(request)
    if not _plan_steps(request.user, action_plan)["submit"]:
        raise PermissionDenied
    form = forms.StepForm(request.POST or None, submit="Submit for approval")
    return _step_page(request, form, record=action_plan, title="Submit the plan for approval",
                      intro="The body that approves action plans then reads it and approves it or returns it with "
                            "comments. Its actions cannot be changed while it is submitted.",
                      done="The plan was submitted for approval.",
                      act=lambda data: services.action_plan_submit(action_plan=action_plan, by=request.user))


@access.record
def action_plan_approve(request, pk):
    action_plan = _action_plan(request, pk, "plan.approve_action_plan")
    _resent(request)
    if not _plan_steps(request.user, action_plan)["decide"]:
        raise PermissionDenied
    form = forms.CommentForm(request.POST or None, meetings=selectors.meetings_of(Function.APPROVES_PLANS,
                                                                                  request.user), submit="Approve")
    return _step_page(request, form, record=action_plan, title="Approve the plan", done="The plan was approved.",
                      act=lambda data: services.action_plan_approve(
                          action_plan=action_plan, comment=data["comment"], meeting=data["meeting"], by=request.user))


@access.record
def action_plan_return(request, pk):
    action_plan = _action_plan(request, pk, "plan.approve_action_plan")
    _resent(request)
    if not _plan_steps(request.user, action_plan)["decide"]:
        raise PermissionDenied
    form = forms.ReasonForm(request.POST or None, meetings=selectors.meetings_of(Function.APPROVES_PLANS,
                                                                                 request.user),
                            submit="Return it with comments")
    return _step_page(request, form, record=action_plan, title="Return the plan with comments",
                      done="The plan was returned to its chair.",
                      act=lambda data: services.action_plan_return(
                          action_plan=action_plan, reason=data["reason"], meeting=data["meeting"], by=request.user))


def _plan_ratifier_page(request, pk, *, form_class, title, done, act, **form_args):
    action_plan = _action_plan(request, pk, "plan.ratify_action_plan")
    _resent(request)
    if not _plan_steps(request.user, action_plan)["ratify"]:
        raise PermissionDenied
    form = form_class(request.POST or None, meetings=selectors.meetings_of(Function.RATIFIES, request.user),
                      meeting_required=True, **form_args)
    return _step_page(request, form, record=action_plan, title=title, done=done,
                      act=lambda data: act(action_plan, data))


@access.record
def action_plan_ratify(request, pk):
    return _plan_ratifier_page(
        request, pk, form_class=forms.CommentForm, submit="Record the ratification",
        title="Record the ratification of the plan's sign-off", done="The ratification was recorded: the plan is "
        "closed.", act=lambda action_plan, data: services.action_plan_ratify(
            action_plan=action_plan, comment=data["comment"], meeting=data["meeting"], by=request.user))


@access.record
def action_plan_decline(request, pk):
    return _plan_ratifier_page(
        request, pk, form_class=forms.ReasonForm, submit="Record that it was declined",
        title="Record that the plan's sign-off was not ratified", done="The plan stays approved, with the reason.",
        act=lambda action_plan, data: services.action_plan_decline(
            action_plan=action_plan, reason=data["reason"], meeting=data["meeting"], by=request.user))


@access.record
def action_plan_revise(request, pk):
    action_plan = _action_plan(request, pk, "plan.change_action_plan")
    _resent(request)
    if not _plan_steps(request.user, action_plan)["revise"]:
        raise PermissionDenied
    form = forms.ReasonForm(request.POST or None, submit="Start the revision")
    return _step_page(request, form, record=action_plan, title="Start a revision of the plan",
                      intro="The approved plan stays as approved; the revision is drafted, submitted and approved "
                            "as the plan was, and the two are then shown side by side.",
                      done="The revision was started.",
                      act=lambda data: services.action_plan_revise(action_plan=action_plan, reason=data["reason"],
                                                                   by=request.user))


@access.signed_in
def action_plan_revision(request, pk, number):
    # A revision exists once the plan has been approved, and an approved plan is every member's to read.
    action_plan = _action_plan(request, pk)
    try:
        revision, before = selectors.revision_pair(action_plan, number)
    except KeyError as error:
        raise Http404 from error
    earlier = {a["pk"]: a for a in (before.actions if before else [])}
    rows = [(earlier.get(a["pk"]), a) for a in revision.actions]
    rows += [(a, None) for pk_, a in earlier.items() if pk_ not in {r["pk"] for r in revision.actions}]
    return render(request, "plan/action_plan_revision.html", {
        "action_plan": action_plan, "revision": revision, "before": before, "rows": rows,
        "crumbs": [("Action plans", reverse("action-plan-list")), (str(action_plan), action_plan.get_absolute_url())],
        "current": f"Revision {revision.number}"})


# --- actions -----------------------------------------------------------------------------------------

def _steps_open(user, action) -> dict:
    """The steps open to this reader now: nothing more is shown."""
    has = user.has_perm
    ended = action.is_ended
    in_force = action.action_plan_id is None or action.action_plan.status == ActionPlanStatus.APPROVED \
        or action.action_plan.revision > 1
    editable = action.action_plan_id is None or action.action_plan.is_editable
    ratifiers_own = is_ratifiers_own(action, user)
    return {
        "update": not ended and has("plan.update_action", action),
        "propose": action.status == ActionStatus.OPEN and in_force and has("plan.update_action", action),
        "sign_off": action.status == ActionStatus.PROPOSED and not ratifiers_own
        and has("plan.sign_off_action", action),
        "ratify": action.status == ActionStatus.SIGNED_OFF and has("plan.ratify_action", action),
        "close": not ended and ratifiers_own and has("plan.close_ratifiers_action", action),
        "edit": not ended and editable and has("plan.change_action", action),
        "withdraw": not ended and editable and has("plan.change_action", action),
    }


@access.record
def action_detail(request, pk):
    action = _action(request, pk)
    return render(request, "plan/action_detail.html", {
        "action": action, "updates": action.updates.all(), "evidence": action.impact_evidence.all(),
        "steps": action.steps.all(), "can": _steps_open(request.user, action),
        "can_redact": request.user.has_perm("bscb.redact"), "crumbs": _crumbs(), "current": action.reference})


@access.record
def action_edit(request, pk):
    action = _action(request, pk, "plan.change_action")
    if not _steps_open(request.user, action)["edit"]:
        raise PermissionDenied
    form = forms.ActionForm(request.POST or None, instance=Action.objects.get(pk=pk),
                            plan=action.action_plan.plan if action.action_plan_id else None,
                            submit="Save the changes")

    def update(data):
        services.action_update(action=action, data=model_data(form, exclude=("outcomes", "themes")),
                               outcomes=data["outcomes"], themes=data["themes"], by=request.user,
                               version=form.version)
        return action

    saved = form_saved(request, form, update, "The changes were saved.")
    if saved is not None:
        return saved
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": f"Change {action.reference}", "crumbs": _crumbs(action), "current": "Change",
        "back_url": action.get_absolute_url()})


def _open_step(request, pk, step, perm):
    action = _action(request, pk, perm)
    _resent(request)
    if not _steps_open(request.user, action)[step]:
        raise PermissionDenied
    return action


@access.record
def action_update(request, pk):
    action = _open_step(request, pk, "update", "plan.update_action")
    form = forms.ProgressForm(request.POST or None, initial={"on": timezone.localdate()})
    return _step_page(request, form, record=action, title="Add a progress update", done="The update was saved.",
                      act=lambda data: services.progress_update_add(
                          action=action, on=data["on"], commentary=data["commentary"], status=data["status"],
                          by=request.user))


@access.record
def action_evidence(request, pk):
    action = _open_step(request, pk, "update", "plan.update_action")
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    return _step_page(request, form, record=action, title="Add evidence of impact",
                      intro="What changed for children, and how we know: kept apart from progress updates.",
                      done="The evidence was added.",
                      act=lambda data: services.evidence_add(action=action, text=data["text"], files=data["files"],
                                                             by=request.user))


@access.record
def action_propose(request, pk):
    action = _open_step(request, pk, "propose", "plan.update_action")
    form = forms.CommentForm(request.POST or None, submit="Propose it complete")
    return _step_page(request, form, record=action, title="Propose the action complete",
                      intro="It goes to the body that signs off actions, with its evidence of impact.",
                      done="The action was proposed complete.",
                      act=lambda data: services.action_propose_complete(action=action, comment=data["comment"],
                                                                        by=request.user))


@access.record
def action_sign_off(request, pk):
    action = _open_step(request, pk, "sign_off", "plan.sign_off_action")
    function = sign_off_function(action, request.user)
    form = forms.CommentForm(request.POST or None, meetings=selectors.meetings_of(function, request.user),
                             meeting_required=function == Function.RATIFIES, submit="Sign it off")
    return _step_page(request, form, record=action, title="Sign off the action", done="The action was signed off.",
                      act=lambda data: services.action_sign_off(action=action, comment=data["comment"],
                                                                meeting=data["meeting"], by=request.user))


@access.record
def action_return(request, pk):
    action = _open_step(request, pk, "sign_off", "plan.sign_off_action")
    form = forms.ReasonForm(request.POST or None, meetings=selectors.meetings_of(
        sign_off_function(action, request.user), request.user), submit="Return it")
    return _step_page(request, form, record=action, title="Return the action", done="The action was returned.",
                      act=lambda data: services.action_return(action=action, reason=data["reason"],
                                                              meeting=data["meeting"], by=request.user))


@access.record
def action_ratify(request, pk):
    action = _open_step(request, pk, "ratify", "plan.ratify_action")
    form = forms.CommentForm(request.POST or None, meetings=selectors.meetings_of(Function.RATIFIES, request.user),
                             meeting_required=True, submit="Record the ratification")
    return _step_page(request, form, record=action, title="Record the ratification", done="The ratification was "
                      "recorded: the action is closed.",
                      act=lambda data: services.action_ratify(action=action, comment=data["comment"],
                                                              meeting=data["meeting"], by=request.user))


@access.record
def action_decline(request, pk):
    action = _open_step(request, pk, "ratify", "plan.ratify_action")
    form = forms.ReasonForm(request.POST or None, meetings=selectors.meetings_of(Function.RATIFIES, request.user),
                            meeting_required=True, submit="Record that it was declined")
    return _step_page(request, form, record=action, title="Record that ratification was declined",
                      done="The action is open again, with the reason.",
                      act=lambda data: services.action_decline(action=action, reason=data["reason"],
                                                               meeting=data["meeting"], by=request.user))


@access.record
def action_close(request, pk):
    action = _open_step(request, pk, "close", "plan.close_ratifiers_action")
    form = forms.CommentForm(request.POST or None, meetings=selectors.meetings_of(Function.RATIFIES, request.user),
                             meeting_required=True, submit="Record the closing")
    return _step_page(request, form, record=action, title="Record the closing of the action",
                      done="The action was closed.",
                      act=lambda data: services.action_close_by_ratifier(action=action, comment=data["comment"],
                                                                         meeting=data["meeting"], by=request.user))


@access.record
def action_withdraw(request, pk):
    action = _open_step(request, pk, "withdraw", "plan.change_action")
    form = forms.ReasonForm(request.POST or None, submit="Withdraw it")
    return _step_page(request, form, record=action, title="Withdraw the action", done="The action was withdrawn.",
                      act=lambda data: services.action_withdraw(action=action, reason=data["reason"],
                                                                by=request.user))


@access.record
def evidence_file_download(request, pk):
    """A file of evidence, sent only to someone who may read its action, checked on every download."""
    stored = get_object_or_404(EvidenceFile.objects.select_related("evidence"), pk=pk)
    _action(request, stored.evidence.action_id)
    if not stored.file:
        raise Http404
    return documents.download(stored.file, filename=stored.download_name)


# --- lists -------------------------------------------------------------------------------------------

@access.signed_in
def action_list(request):
    context = list_page(request, ActionFilter, selectors.action_list(request.user, filters=request.GET),
                        user=request.user)
    return render(request, "plan/action_list.html", {
        **context, "today": timezone.localdate(), "crumbs": [], "current": "Actions",
        "can_set": selectors.bodies_setting_actions(request.user).exists()})


@access.signed_in
def my_actions(request):
    return render(request, "plan/my_actions.html", {
        "actions": list(selectors.my_actions(request.user)), "today": timezone.localdate(), "progress": Progress,
        "crumbs": [("Actions", reverse("action-list"))], "current": "Your actions"})


@access.record
def action_queue(request):
    """Plans awaiting approval and actions awaiting sign-off, for those who decide them."""
    if not request.user.has_perm("plan.view_action_queues"):
        raise PermissionDenied
    return render(request, "plan/action_queue.html", {
        **selectors.queue(request.user), "crumbs": [("Actions", reverse("action-list"))],
        "current": "Approval and sign-off queue"})


@access.record
def ratification_list(request):
    """What awaits ratification, for the next meeting of the body that ratifies (the Board pack uses it)."""
    if not request.user.has_perm("plan.view_action_queues"):
        raise PermissionDenied
    return render(request, "plan/ratification_list.html", {
        "actions": selectors.ratification_list(request.user), "plans": selectors.plans_for_ratification(),
        "meeting": selectors.next_meeting(Function.RATIFIES, request.user),
        "crumbs": [("Actions", reverse("action-list"))], "current": "For ratification"})
