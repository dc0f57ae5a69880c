"""The rights sweep over the write services: every service that takes `by` refuses a person without the
right, whoever calls it (a page, the admin, a command, a task), with the one exception type
(bscb.services.NotAllowed, a PermissionDenied), and writes nothing. A new write service fails
`test_every_write_service_is_in_the_sweep` until it has a case here."""

import datetime as dt
import inspect

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accountability import services as accountability
from accountability.models import AgendaItem, Attendance, ChildrensVoice, Decision, MeetingStatus, OrganisationLead
from bscb import redaction
from bscb import services as core
from bscb.services import NotAllowed
from challenge_log import services as challenge_log
from notifications import services as notifications
from plan import action_services as actions
from plan import services as plan
from plan.models import EvidenceItem, Outcome, Plan, Priority, Target
from reporting import papers_services as papers
from reporting import services as reporting
from reporting.dues import summary_key
from tests.factories import (
    BodyFactory,
    BodyKindFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    business_unit,
    member_of,
)
from tests.helpers.forms import post_form
from tests.reporting.helpers import SECTIONS, expected_summary, receiving_body

pytestmark = pytest.mark.django_db

MODULES = (core, redaction, accountability, plan, actions, reporting, notifications, challenge_log, papers)
HELPERS = {core.model_update}  # the one update helper: it checks no right, the services that call it do
TODAY = timezone.localdate()
PAST = timezone.now() - dt.timedelta(days=3)


def _service_name(function) -> str:
    return f"{function.__module__}.{function.__name__}"


def write_services() -> set[str]:
    """The public functions of the services modules that take `by` (keyword-only): the write services."""
    found = set()
    for module in MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__ or function in HELPERS:
                continue
            by = inspect.signature(function).parameters.get("by")
            if by is not None and by.kind == inspect.Parameter.KEYWORD_ONLY:
                found.add(_service_name(function))
    return found


# Each case: the records it needs, then (the service called as `by`, someone without the right).
def _body_and_member():
    body = BodyFactory()
    return body, member_of(body)


def _held_meeting():
    meeting = MeetingFactory(starts_at=PAST, status=MeetingStatus.HELD)
    return meeting, member_of(meeting.body)


def _plan():
    return Plan.objects.create(title="Plan", first_year=2016, last_year=2018)


def _outcome():
    priority = Priority.objects.create(plan=_plan(), number=1, statement="Keep children safe.")
    return Outcome.objects.create(priority=priority, code="1.1", statement="Neglect.", years=[2016])


def _stranger():
    return member_of(BodyFactory())  # a member of some body, with no right over these records


def _draft():
    summary, chair, member = expected_summary()
    reporting.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    return summary, chair, member


def _submitted():
    receiving_body()
    summary, chair, member = _draft()
    reporting.summary_submit(summary=summary, by=chair)
    return summary, chair, member


def case_theme_create():
    return lambda by: core.theme_create(data={"name": "Neglect"}, by=by), _stranger()


def case_theme_update():
    theme = ThemeFactory()
    return lambda by: core.theme_update(theme=theme, data={"description": "Changed."}, by=by), _stranger()


def case_record_redact():
    theme = ThemeFactory(description="Named a child here.")
    return lambda by: redaction.record_redact(record=theme, field="description", text="a child", reason="A name",
                                              by=by), _stranger()


def case_record_file_redact():
    meeting = MeetingFactory(minutes_document="minutes/service-rights-sweep.pdf")  # only named: nothing is deleted
    return lambda by: redaction.record_file_redact(record=meeting, field="minutes_document", reason="A name",
                                                   by=by), _stranger()


def case_organisation_create():
    return lambda by: accountability.organisation_create(data={"name": "Agency"}, by=by), _stranger()


def case_organisation_update():
    agency = OrganisationFactory()
    return lambda by: accountability.organisation_update(organisation=agency, data={"name": "New"}, by=by), \
        _stranger()


def case_organisation_lead_add():
    agency, person = OrganisationFactory(), UserFactory()
    return lambda by: accountability.organisation_lead_add(organisation=agency, person=person, by=by), _stranger()


def _lead():
    return OrganisationLead.objects.create(organisation=OrganisationFactory(), person=UserFactory(),
                                           start=dt.date(2016, 4, 1))


def case_organisation_lead_update():
    lead = _lead()
    return lambda by: accountability.organisation_lead_update(lead=lead, data={"role": "deputy"}, by=by), \
        lead.person  # the lead themself


def case_organisation_lead_end():
    lead = _lead()
    return lambda by: accountability.organisation_lead_end(lead=lead, end=TODAY, by=by), lead.person


def case_body_create():
    kind = BodyKindFactory()
    return lambda by: accountability.body_create(data={"kind": kind, "name": "New", "short_name": "N"}, by=by), \
        _stranger()


def case_body_update():
    body, member = _body_and_member()
    return lambda by: accountability.body_update(body=body, data={"purpose": "Changed."}, by=by), member


def case_body_functions_set():
    body, member = _body_and_member()
    return lambda by: accountability.body_functions_set(body=body, functions=["ratifies"], by=by), member


def case_membership_add():
    body = BodyFactory()
    chair, person = member_of(body, role="chair"), UserFactory()  # a chair keeps the body's work, not its members
    return lambda by: accountability.membership_add(person=person, body=body, role="member", by=by), chair


def case_membership_update():
    membership = MembershipFactory()
    return lambda by: accountability.membership_update(membership=membership, data={"role": "chair"}, by=by), \
        membership.person


def case_membership_end():
    membership = MembershipFactory()
    return lambda by: accountability.membership_end(membership=membership, end=TODAY, by=by), membership.person


def case_meeting_schedule():
    body, member = _body_and_member()
    return lambda by: accountability.meeting_schedule(body=body, starts_at=timezone.now(), by=by), member


def case_meeting_update():
    meeting = MeetingFactory()
    return lambda by: accountability.meeting_update(meeting=meeting, data={"place": "Elsewhere"}, by=by), \
        member_of(meeting.body, role="chair")


def case_meeting_mark_held():
    meeting = MeetingFactory(starts_at=PAST)
    return lambda by: accountability.meeting_mark_held(meeting=meeting, by=by), member_of(meeting.body, role="chair")


def case_meeting_cancel():
    meeting = MeetingFactory()
    return lambda by: accountability.meeting_cancel(meeting=meeting, by=by), member_of(meeting.body, role="chair")


def case_meeting_minutes_save():
    meeting, member = _held_meeting()
    return lambda by: accountability.meeting_minutes_save(meeting=meeting, minutes="Agreed.", by=by), member


def case_agenda_item_add():
    meeting, member = _held_meeting()
    return lambda by: accountability.agenda_item_add(meeting=meeting, title="Apologies", by=by), member


def case_agenda_item_update():
    meeting, member = _held_meeting()
    item = AgendaItem.objects.create(meeting=meeting, title="Apologies")
    return lambda by: accountability.agenda_item_update(item=item, data={"title": "Minutes"}, by=by), member


def case_attendance_record():
    meeting, member = _held_meeting()  # attendance: the business unit or the chair, not a member
    return lambda by: accountability.attendance_record(meeting=meeting, person=member, status="present", by=by), \
        member


def case_attendance_update():
    meeting, member = _held_meeting()
    attendance = Attendance.objects.create(meeting=meeting, person=member, status="present")
    return lambda by: accountability.attendance_update(attendance=attendance, data={"status": "apologies"}, by=by), \
        member


def case_decision_record():
    meeting, _ = _held_meeting()  # decisions: the business unit or a member of that body, not another's
    return lambda by: accountability.decision_record(
        meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
        not_applicable_reason="Housekeeping.", by=by), _stranger()


def case_decision_update():
    meeting, _ = _held_meeting()
    decision = Decision.objects.create(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                                       not_applicable_reason="Housekeeping.")
    return lambda by: accountability.decision_update(decision=decision, data={"text": "Changed."}, by=by), \
        _stranger()


def case_plan_create():
    return lambda by: plan.plan_create(data={"title": "Next", "first_year": 2019, "last_year": 2021}, by=by), \
        _stranger()


def case_plan_update():
    record = _plan()
    return lambda by: plan.plan_update(plan=record, data={"vision": "Safe."}, by=by), _stranger()


def case_plan_activate():
    record = _plan()
    return lambda by: plan.plan_activate(plan=record, by=by), _stranger()


def case_plan_copy():
    record = _plan()
    return lambda by: plan.plan_copy(plan=record, title="Next", first_year=2019, last_year=2021, by=by), _stranger()


def case_priority_create():
    record = _plan()
    return lambda by: plan.priority_create(plan=record, data={"number": 1, "statement": "Safe."}, by=by), _stranger()


def case_priority_update():
    priority = _outcome().priority
    return lambda by: plan.priority_update(priority=priority, data={"title": "Safe"}, by=by), _stranger()


def case_outcome_create():
    priority = _outcome().priority
    return lambda by: plan.outcome_create(priority=priority, data={"code": "1.2", "statement": "Abuse."}, by=by), \
        _stranger()


def case_outcome_update():
    outcome = _outcome()
    return lambda by: plan.outcome_update(outcome=outcome, data={"statement": "Changed."}, by=by), _stranger()


def case_target_create():
    outcome = _outcome()
    return lambda by: plan.target_create(outcome=outcome, data={"text": "By June."}, by=by), _stranger()


def case_target_update():
    target = Target.objects.create(outcome=_outcome(), text="By June.")
    return lambda by: plan.target_update(target=target, data={"text": "By July."}, by=by), _stranger()


def case_evidence_create():
    outcome = _outcome()
    return lambda by: plan.evidence_create(outcome=outcome, data={"text": "Audits."}, by=by), _stranger()


def case_evidence_update():
    item = EvidenceItem.objects.create(outcome=_outcome(), text="Audits.")
    return lambda by: plan.evidence_update(evidence=item, data={"text": "Panels."}, by=by), _stranger()


def case_summary_save_draft():
    summary, _, member = expected_summary()
    return lambda by: reporting.summary_save_draft(summary=summary, sections=SECTIONS, by=by), member


def case_summary_submit():
    summary, _, member = _draft()
    return lambda by: reporting.summary_submit(summary=summary, by=by), member


def case_summary_amend():
    summary, _, member = _submitted()
    return lambda by: reporting.summary_amend(summary=summary, sections=SECTIONS, reason="Typo", by=by), member


def case_summary_nominate():
    summary, _, member = expected_summary()
    return lambda by: reporting.summary_nominate(summary=summary, person=member, by=by), member


def case_receipt_mark_received():
    summary, chair, _ = _submitted()
    # Not the business unit: the chair who submitted it (and the receiving body's own members) may not.
    return lambda by: reporting.receipt_mark_received(receipt=summary.receipts.get(), by=by), chair


def case_remind_now():
    # The right is the one reporting hands over with the summary's due (the business unit's), not the chair's.
    summary, chair, _ = expected_summary()
    return lambda by: notifications.remind_now(summary_key(summary.pk), by=by), chair


def case_deadline_settings_update():
    # An administrator's setting: the business unit runs the chase but does not set its clocks.
    counts = {"summary_working_days": 10, "quarterly_working_days": 10, "yearly_days_before": 10}
    return lambda by: reporting.deadline_settings_update(**counts, by=by), business_unit()


# The log: each case names someone the design leaves out (DESIGN.md; challenge_log/rules.py).
_SOON = TODAY + dt.timedelta(days=20)


def _log_challenge():
    from tests.challenge_log.shape import log_shape

    log = log_shape()
    entry = challenge_log.entry_raise(data={
        "kind": "challenge", "title": "Return interviews", "description": "Late.", "raised_by_body": log["sapp"],
        "organisation": log["police"]}, by=log["chair"])
    return log, entry


def _log_answered():
    log, entry = _log_challenge()
    request = challenge_log.assurance_request(entry=entry, asks="How many?", due_on=_SOON, by=log["chair"])
    return log, entry, challenge_log.assurance_answer(request=request, text="Most.", by=log["lead"])


def _log_escalated():
    log, entry, response = _log_answered()
    challenge_log.response_judge(response=response, assured=False, by=log["chair"])
    return log, challenge_log.entry_escalate(entry=entry, reason="Not assured.", by=log["bpg_member"])


def _log_risk():
    from tests.challenge_log.shape import log_shape

    log = log_shape()
    return log, challenge_log.entry_raise(data={
        "kind": "risk", "title": "Capacity", "description": "Rising.", "raised_by_body": log["bpg"],
        "likelihood": 4, "impact": 4}, by=log["bpg_member"])


def case_entry_raise():
    from tests.challenge_log.shape import log_shape

    log = log_shape()
    return lambda by: challenge_log.entry_raise(data={"kind": "concern", "title": "T", "description": "D",
                                                      "raised_by_body": log["sapp"]}, by=by), log["stranger"]


def case_entry_update():
    log, entry = _log_challenge()
    return lambda by: challenge_log.entry_update(entry=entry, data={"title": "New"}, by=by), log["member"]


def case_assurance_request():
    log, entry = _log_challenge()
    return lambda by: challenge_log.assurance_request(entry=entry, asks="?", due_on=_SOON, by=by), log["lead"]


def case_assurance_answer():
    log, entry = _log_challenge()
    request = challenge_log.assurance_request(entry=entry, asks="?", due_on=_SOON, by=log["chair"])
    return lambda by: challenge_log.assurance_answer(request=request, text="Us.", by=by), log["chair"]


def case_judge_nominate():
    log, entry = _log_challenge()
    return lambda by: challenge_log.judge_nominate(entry=entry, person=log["member"], by=by), log["bu"]


def case_response_judge():
    log, _, response = _log_answered()
    return lambda by: challenge_log.response_judge(response=response, assured=True, by=by), log["lead"]


def case_entry_escalate():
    log, entry, response = _log_answered()
    challenge_log.response_judge(response=response, assured=False, by=log["chair"])
    return lambda by: challenge_log.entry_escalate(entry=entry, reason="R", by=by), log["chair"]


def case_escalation_outcome():
    log, escalation = _log_escalated()
    meeting = MeetingFactory(body=log["board"])
    return lambda by: challenge_log.escalation_outcome(escalation=escalation, outcome="O", meeting=meeting,
                                                       by=by), log["bpg_member"]


def case_risk_review():
    log, entry = _log_risk()
    return lambda by: challenge_log.risk_review(entry=entry, likelihood=2, impact=2, commentary="C",
                                                next_review_on=None, by=by), log["stranger"]


def case_risk_treat():
    log, entry = _log_risk()
    return lambda by: challenge_log.risk_treat(entry=entry, treatment="reduce", reason="R", by=by), log["chair"]


def case_tolerance_decide():
    log, entry = _log_risk()
    proposal = challenge_log.risk_treat(entry=entry, treatment="tolerate", reason="R", expires_on=_SOON,
                                        by=log["bpg_member"])
    return lambda by: challenge_log.tolerance_decide(decision=proposal, agree=True, by=by), log["chair"]


def case_entry_close():
    log, entry = _log_risk()
    return lambda by: challenge_log.entry_close(entry=entry, reason="Done", by=by), log["lead"]


def case_noncompliance_raise():
    # The business unit or the body that holds the log; not the sub group chair who owes it.
    summary, chair, _ = expected_summary()
    from tests.challenge_log.shape import log_shape

    log_shape()
    return lambda by: challenge_log.noncompliance_raise(key=summary_key(summary.pk), asks="?", due_on=_SOON,
                                                        by=by), chair


def case_entry_withdraw():
    log, entry = _log_challenge()
    return lambda by: challenge_log.entry_withdraw(entry=entry, reason="Error", by=by), log["lead"]


def _saved_view():
    owner = _stranger()
    return challenge_log.saved_view_create(name="Mine", query="open=1", by=owner)


def case_saved_view_create():
    """Anyone signed in saves a view of her own: nobody (a task naming no one) is refused."""
    return lambda by: challenge_log.saved_view_create(name="Mine", query="open=1", by=by), None


def case_saved_view_rename():
    view = _saved_view()
    return lambda by: challenge_log.saved_view_rename(view=view, name="Theirs", by=by), business_unit()


def case_saved_view_delete():
    view = _saved_view()
    return lambda by: challenge_log.saved_view_delete(view=view, by=by), business_unit()


# Action plans and actions (issue 16): each refused to someone the design leaves out of the step.
def _actions():
    from tests.plan.action_shape import action_shape

    return action_shape()


def _action_draft():
    from tests.plan.action_shape import draft_plan

    s = _actions()
    return s, draft_plan(s)


def _action_submitted():
    s, action_plan = _action_draft()
    actions.action_plan_submit(action_plan=action_plan, by=s["chair"])
    return s, action_plan


def _action_proposed():
    from tests.plan.action_shape import proposed_action

    s = _actions()
    return s, proposed_action(s)


def _action_signed_off():
    s, action = _action_proposed()
    actions.action_sign_off(action=action, by=s["bpg_member"])
    return s, action


def case_action_plan_create():
    s = _actions()
    return lambda by: actions.action_plan_create(body=s["sapp"], plan=s["plan"], by=by), s["owner"]


def case_action_plan_submit():
    s, action_plan = _action_draft()
    return lambda by: actions.action_plan_submit(action_plan=action_plan, by=by), s["owner"]


def case_action_plan_approve():
    s, action_plan = _action_submitted()
    return lambda by: actions.action_plan_approve(action_plan=action_plan, by=by), s["chair"]


def case_action_plan_return():
    s, action_plan = _action_submitted()
    return lambda by: actions.action_plan_return(action_plan=action_plan, reason="R", by=by), s["chair"]


def case_action_plan_revise():
    from tests.plan.action_shape import approved_plan

    s = _actions()
    action_plan = approved_plan(s)
    return lambda by: actions.action_plan_revise(action_plan=action_plan, reason="R", by=by), s["owner"]


def case_action_add():
    from tests.plan.action_shape import action_data

    s, action_plan = _action_draft()
    return lambda by: actions.action_add(action_plan=action_plan, data=action_data(s), by=by), s["owner"]


def case_action_set():
    from tests.plan.action_shape import action_data

    s = _actions()
    return lambda by: actions.action_set(body=s["board"], data=action_data(s), by=by), s["board_member"]


def case_action_update():
    s, action_plan = _action_draft()
    action = action_plan.actions.get()
    return lambda by: actions.action_update(action=action, data={"description": "D"}, by=by), s["owner"]


def case_action_withdraw():
    s, action_plan = _action_draft()
    action = action_plan.actions.get()
    return lambda by: actions.action_withdraw(action=action, reason="R", by=by), s["owner"]


def case_progress_update_add():
    s, action_plan = _action_draft()
    action = action_plan.actions.get()
    return lambda by: actions.progress_update_add(action=action, on=TODAY, commentary="C", status="on_track",
                                                  by=by), s["lnd_chair"]


def case_evidence_add():
    s, action_plan = _action_draft()
    action = action_plan.actions.get()
    return lambda by: actions.evidence_add(action=action, text="T", by=by), s["lnd_chair"]


def case_action_propose_complete():
    s, action = _action_proposed()
    actions.action_return(action=action, reason="R", by=s["bpg_member"])
    return lambda by: actions.action_propose_complete(action=action, by=by), s["lnd_chair"]


def case_action_sign_off():
    s, action = _action_proposed()
    return lambda by: actions.action_sign_off(action=action, by=by), s["chair"]


def case_action_return():
    s, action = _action_proposed()
    return lambda by: actions.action_return(action=action, reason="R", by=by), s["chair"]


def case_action_ratify():
    s, action = _action_signed_off()
    return lambda by: actions.action_ratify(action=action, meeting=s["board_meeting"], by=by), s["bpg_member"]


def case_action_decline():
    s, action = _action_signed_off()
    return lambda by: actions.action_decline(action=action, meeting=s["board_meeting"], reason="R", by=by), \
        s["bpg_member"]


def case_action_close_by_ratifier():
    from tests.plan.action_shape import action_data

    s = _actions()
    action = actions.action_set(body=s["board"], data=action_data(s), by=s["bu"])
    return lambda by: actions.action_close_by_ratifier(action=action, meeting=s["board_meeting"], by=by), \
        s["board_member"]


def _action_plan_complete():
    s, action = _action_signed_off()
    actions.action_ratify(action=action, meeting=s["board_meeting"], by=s["board_member"])
    return s, action.action_plan


def case_action_plan_ratify():
    s, action_plan = _action_plan_complete()
    return lambda by: actions.action_plan_ratify(action_plan=action_plan, meeting=s["board_meeting"], by=by), \
        s["bpg_member"]


def case_action_plan_decline():
    s, action_plan = _action_plan_complete()
    return lambda by: actions.action_plan_decline(action_plan=action_plan, meeting=s["board_meeting"], reason="R",
                                                  by=by), s["bpg_member"]


# A meeting's papers (issue 17): the business unit and the body's chair; a member of the body may not.
def _paper():
    from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of

    body = BodyFactory()
    meeting = MeetingFactory(body=body)
    paper = papers.paper_add(meeting=meeting, title="A paper", url="/yearly/", by=business_unit())
    return meeting, paper, member_of(body)


def case_paper_add():
    meeting, _, member = _paper()
    return lambda by: papers.paper_add(meeting=meeting, title="T", url="/yearly/", by=by), member


def case_paper_link_record():
    meeting, _, member = _paper()
    return lambda by: papers.paper_link_record(meeting, title="T", url="/quarterly/", by=by), member


def case_paper_update():
    _, paper, member = _paper()
    return lambda by: papers.paper_update(paper=paper, data={"title": "T"}, by=by), member


def case_paper_move():
    meeting, paper, member = _paper()
    papers.paper_add(meeting=meeting, title="Another", url="/yearly/", by=business_unit())
    return lambda by: papers.paper_move(paper=paper, up=False, by=by), member


def case_paper_withdraw():
    _, paper, member = _paper()
    return lambda by: papers.paper_withdraw(paper=paper, reason="R", by=by), member


CASES = {
    _service_name(function): globals()[f"case_{function.__name__}"]
    for module in MODULES for name, function in inspect.getmembers(module, inspect.isfunction)
    if f"case_{name}" in globals() and function.__module__ == module.__name__
}


def rows() -> dict[str, int]:
    """Rows in every table of the apps, history included: a refusal writes none."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if model._meta.app_label in {module.__name__.split(".")[0] for module in MODULES}}


def test_every_write_service_is_in_the_sweep():
    assert write_services() - set(CASES) == set()
    assert set(CASES) - write_services() == set()


@pytest.mark.parametrize("service", sorted(CASES))
def test_a_service_refuses_a_person_without_the_right_and_writes_nothing(service):
    call, without_right = CASES[service]()
    business_unit()  # the business unit exists (and holds the rights the person lacks)
    before = rows()
    with pytest.raises(NotAllowed):
        call(without_right)
    assert rows() == before


@pytest.mark.parametrize("service", ["reporting.services.receipt_mark_received",
                                     "accountability.services.membership_add"])
def test_nobody_at_all_is_refused(service):
    """A command or task that names nobody (by=None) is refused too: every write has someone to answer for it."""
    call, _ = CASES[service]()
    with pytest.raises(NotAllowed):
        call(None)


def test_a_view_without_its_own_check_still_gets_a_403_from_the_service(client_for, monkeypatch):
    """The POST's rule lives in the service: were a view's read check missing, the refusal is a 403 and
    nothing is written (Django answers a PermissionDenied with 403; the views hold no try/except for it)."""
    from plan import views

    monkeypatch.setattr(views, "_require_manage", lambda request: None)
    response = post_form(client_for(_stranger()), reverse("plan-create"), {
        "title": "Next", "first_year": "2019", "last_year": "2021", "vision": "", "introduction": "",
        "outstanding_traits": ""})
    assert response.status_code == 403
    assert not Plan.objects.exists()
