"""Issue 16 §2-3: an action's progress and evidence, and the two-tier sign-off (proposed complete -> signed off
by the BPG or returned -> ratified by the Board at a named meeting or declined -> closed), each step with who,
when and the meeting, and every wrong step refused with a sentence."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bscb.services import NotAllowed
from plan import action_services as services
from plan.action_models import ActionStatus, ActionStepKind, Progress
from tests.factories import MeetingFactory
from tests.plan.action_shape import action_data, action_shape, approved_plan, proposed_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def shape():
    return action_shape()


def _kinds(action):
    return list(action.steps.values_list("kind", flat=True))


def test_an_action_runs_from_proposed_complete_to_ratified_at_a_board_meeting(shape):
    action = proposed_action(shape)
    services.action_sign_off(action=action, comment="Evidence is convincing.", by=shape["lnd_chair"])
    services.action_ratify(action=action, meeting=shape["board_meeting"], by=shape["board_member"])
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert _kinds(action) == [ActionStepKind.CREATED, ActionStepKind.EVIDENCE, ActionStepKind.PROPOSED,
                              ActionStepKind.SIGNED_OFF, ActionStepKind.RATIFIED, ActionStepKind.CLOSED]
    assert list(action.steps.values_list("by__full_name", flat=True)) == [
        "Jo Chair", "Olu Owner", "Olu Owner", "Lee Chair", "Kay Board", "Kay Board"]
    ratified = action.steps.get(kind=ActionStepKind.RATIFIED)
    assert ratified.meeting == shape["board_meeting"]


def test_returned_by_the_bpg_and_declined_by_the_board_the_action_is_open_again_with_the_reason(shape):
    action = proposed_action(shape)
    services.action_return(action=action, reason="No evidence from health.", by=shape["bpg_member"])
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    services.action_propose_complete(action=action, by=shape["chair"])
    services.action_sign_off(action=action, meeting=shape["bpg_meeting"], by=shape["bpg_member"])
    services.action_decline(action=action, meeting=shape["board_meeting"], reason="Impact not shown for children.",
                            by=shape["bu"])
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert action.steps.get(kind=ActionStepKind.RETURNED).comment == "No evidence from health."
    declined = action.steps.get(kind=ActionStepKind.DECLINED)
    assert (declined.comment, declined.meeting, declined.by) == (
        "Impact not shown for children.", shape["board_meeting"], shape["bu"])


def test_progress_updates_keep_the_latest_status_on_the_action(shape):
    action = approved_plan(shape).actions.get()
    today = timezone.localdate()
    services.progress_update_add(action=action, on=today - datetime.timedelta(days=3), commentary="Started.",
                                 status=Progress.ON_TRACK, by=shape["owner"])
    services.progress_update_add(action=action, on=today, commentary="Health have not replied.",
                                 status=Progress.AT_RISK, by=shape["owner"])
    # An update dated earlier, entered late, does not hide the newer one.
    services.progress_update_add(action=action, on=today - datetime.timedelta(days=10), commentary="Planned.",
                                 status=Progress.ON_TRACK, by=shape["chair"])
    action.refresh_from_db()
    assert (action.progress, action.last_update_on) == (Progress.AT_RISK, today)
    assert action.updates.count() == 3


def test_evidence_is_kept_apart_from_progress_with_its_files_checked(shape):
    action = approved_plan(shape).actions.get()
    pdf = SimpleUploadedFile("minutes of the review.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    evidence = services.evidence_add(action=action, text="Repeat referrals fell from 30% to 18%.", files=[pdf],
                                     by=shape["owner"])
    stored = evidence.files.get()
    assert stored.kind == "application/pdf" and stored.file.name.startswith(f"actions/{timezone.now():%Y}/action-")
    assert action.updates.count() == 0
    fake = SimpleUploadedFile("evidence.pdf", b"MZ this is not a pdf at all")
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(action=action, text="More.", files=[fake], by=shape["owner"])
    assert refused.value.message_dict["files"][0].startswith("evidence.pdf: ")
    assert action.impact_evidence.count() == 1


@pytest.mark.parametrize("wrong", ["propose_without_evidence", "propose_twice", "sign_off_twice",
                                   "sign_off_unproposed", "ratify_unsigned", "ratify_twice",
                                   "ratify_without_meeting", "ratify_at_bpg_meeting", "step_on_withdrawn",
                                   "return_without_reason", "decline_without_reason", "propose_in_draft_plan"])
def test_a_wrong_step_is_refused_with_a_sentence_and_changes_nothing(shape, wrong):
    expected = {
        "propose_without_evidence": "Add the evidence of impact",
        "propose_twice": "Only an open action is proposed complete; this one is proposed complete",
        "sign_off_twice": "already been signed off",
        "sign_off_unproposed": "not proposed complete: it is open",
        "ratify_unsigned": "Only an action the Business Planning Group has signed off is ratified",
        "ratify_twice": "This action is closed: nothing more can be done to it.",
        "ratify_without_meeting": "Choose the meeting of the Safeguarding Board",
        "ratify_at_bpg_meeting": "Choose a meeting of the Safeguarding Board",
        "step_on_withdrawn": "This action is withdrawn: nothing more can be done to it.",
        "return_without_reason": "Give the reason", "decline_without_reason": "Give the reason",
        "propose_in_draft_plan": "once the plan is approved",
    }[wrong]
    s, board_meeting = shape, shape["board_meeting"]
    if wrong == "propose_in_draft_plan":
        action = services.action_add(action_plan=services.action_plan_create(body=s["lnd"], plan=s["plan"],
                                                                             by=s["lnd_chair"]),
                                     data=action_data(s), by=s["lnd_chair"])
        services.evidence_add(action=action, text="Done.", by=s["lnd_chair"])
    elif wrong in ("propose_without_evidence", "sign_off_unproposed", "step_on_withdrawn"):
        action = approved_plan(s).actions.get()
    else:
        action = proposed_action(s)
    if wrong == "step_on_withdrawn":
        action = services.action_set(body=s["board"], data=action_data(s), by=s["bu"])
        services.action_withdraw(action=action, reason="Overtaken by the new plan.", by=s["bu"])
    if wrong in ("sign_off_twice", "ratify_twice", "decline_without_reason"):
        services.action_sign_off(action=action, by=s["bpg_member"])
    if wrong == "ratify_twice":
        services.action_ratify(action=action, meeting=board_meeting, by=s["board_member"])
    step = {
        "propose_without_evidence": lambda: services.action_propose_complete(action=action, by=s["owner"]),
        "propose_twice": lambda: services.action_propose_complete(action=action, by=s["owner"]),
        "sign_off_twice": lambda: services.action_sign_off(action=action, by=s["bpg_chair"]),
        "sign_off_unproposed": lambda: services.action_sign_off(action=action, by=s["bpg_member"]),
        "ratify_unsigned": lambda: services.action_ratify(action=action, meeting=board_meeting, by=s["board_member"]),
        "ratify_twice": lambda: services.action_ratify(action=action, meeting=board_meeting, by=s["board_member"]),
        "ratify_without_meeting": lambda: services.action_ratify(action=action, meeting=None, by=s["board_member"]),
        "ratify_at_bpg_meeting": lambda: services.action_ratify(action=action, meeting=s["bpg_meeting"],
                                                                by=s["board_member"]),
        "step_on_withdrawn": lambda: services.progress_update_add(
            action=action, on=timezone.localdate(), commentary="More.", status=Progress.ON_TRACK, by=s["bu"]),
        "return_without_reason": lambda: services.action_return(action=action, reason="", by=s["bpg_member"]),
        "decline_without_reason": lambda: services.action_decline(action=action, meeting=board_meeting, reason="",
                                                                  by=s["board_member"]),
        "propose_in_draft_plan": lambda: services.action_propose_complete(action=action, by=s["lnd_chair"]),
    }[wrong]
    if wrong == "ratify_without_meeting":
        services.action_sign_off(action=action, by=s["bpg_member"])
    if wrong == "ratify_at_bpg_meeting":
        services.action_sign_off(action=action, by=s["bpg_member"])
    action.refresh_from_db()
    before = (action.status, action.steps.count())
    with pytest.raises(ValidationError, match=expected):
        step()
    action.refresh_from_db()
    assert (action.status, action.steps.count()) == before


def test_the_sub_group_chair_on_the_bpg_by_a_derived_seat_does_not_sign_off_her_own_groups_action(shape):
    action = proposed_action(shape)
    with pytest.raises(NotAllowed, match="This is your own body's work: another member of the Business Planning"):
        services.action_sign_off(action=action, by=shape["chair"])
    action.refresh_from_db()
    assert action.status == ActionStatus.PROPOSED


def test_a_board_member_who_sits_on_the_sub_group_does_not_ratify_its_action(shape):
    from tests.factories import MembershipFactory

    action = proposed_action(shape)
    services.action_sign_off(action=action, by=shape["bpg_member"])
    MembershipFactory(body=shape["sapp"], person=shape["board_member"])
    with pytest.raises(NotAllowed, match="your own body's work: another member of the Safeguarding Board"):
        services.action_ratify(action=action, meeting=shape["board_meeting"], by=shape["board_member"])


@pytest.mark.parametrize("who", ["owner", "stranger", "board_member"])
def test_only_the_bpg_or_the_business_unit_signs_off(shape, who):
    action = proposed_action(shape)
    with pytest.raises(NotAllowed):
        services.action_sign_off(action=action, by=shape[who])


@pytest.mark.parametrize("who", ["owner", "stranger", "bpg_member", "lnd_chair"])
def test_only_the_board_or_the_business_unit_ratifies(shape, who):
    action = proposed_action(shape)
    services.action_sign_off(action=action, by=shape["bpg_member"])
    with pytest.raises(NotAllowed):
        services.action_ratify(action=action, meeting=shape["board_meeting"], by=shape[who])


def test_an_action_the_bpg_set_is_signed_off_by_the_board_at_a_meeting_and_closed(shape):
    action = services.action_set(body=shape["bpg"], data=action_data(shape), by=shape["bpg_chair"])
    services.evidence_add(action=action, text="Every sub group reported on time.", by=shape["bpg_member"])
    services.action_propose_complete(action=action, by=shape["bpg_member"])
    with pytest.raises(NotAllowed, match="your own body's work: another member of the Safeguarding Board"):
        services.action_sign_off(action=action, meeting=shape["board_meeting"], by=shape["bpg_member"])
    with pytest.raises(ValidationError, match="Choose the meeting of the Safeguarding Board"):
        services.action_sign_off(action=action, by=shape["board_member"])
    services.action_sign_off(action=action, meeting=shape["board_meeting"], by=shape["board_member"])
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert _kinds(action)[-2:] == [ActionStepKind.SIGNED_OFF, ActionStepKind.CLOSED]


def test_an_action_the_board_set_is_closed_by_the_board_at_a_meeting_recorded_by_the_business_unit(shape):
    action = services.action_set(body=shape["board"], data=action_data(shape), by=shape["bu"])
    with pytest.raises(NotAllowed):
        services.action_close_by_ratifier(action=action, meeting=shape["board_meeting"], by=shape["board_member"])
    with pytest.raises(ValidationError, match="Choose a meeting of the Safeguarding Board"):
        services.action_close_by_ratifier(action=action, meeting=shape["bpg_meeting"], by=shape["bu"])
    services.evidence_add(action=action, text="Remedial action done.", by=shape["bu"])
    services.action_propose_complete(action=action, by=shape["bu"])
    with pytest.raises(ValidationError, match="the business unit records its closing"):
        services.action_sign_off(action=action, by=shape["bpg_member"])
    services.action_close_by_ratifier(action=action, meeting=shape["board_meeting"], by=shape["bu"])
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    closed = action.steps.get(kind=ActionStepKind.CLOSED)
    assert (closed.by, closed.meeting) == (shape["bu"], shape["board_meeting"])


def test_a_sub_group_action_is_not_closed_by_the_board_directly(shape):
    action = proposed_action(shape)
    with pytest.raises(ValidationError, match="Only an action the Safeguarding Board set is closed by it directly"):
        services.action_close_by_ratifier(action=action, meeting=MeetingFactory(body=shape["board"]), by=shape["bu"])


def test_an_action_may_arise_from_a_log_entry_or_a_decision(shape):
    from accountability.models import Decision
    from challenge_log.models import Kind
    from challenge_log.services import entry_raise

    entry = entry_raise(data={"kind": Kind.CONCERN, "title": "Late strategy meetings",
                              "description": "Strategy meetings are held late.", "raised_by_body": shape["sapp"]},
                        by=shape["chair"])
    from_entry = services.action_set(body=shape["sapp"], data=action_data(shape, entry=entry), by=shape["chair"])
    decision = Decision.objects.create(meeting=shape["board_meeting"], text="Commission an audit.",
                                       childrens_voice="not_applicable", not_applicable_reason="An audit.")
    from_decision = services.action_set(body=shape["board"], data=action_data(shape, decision=decision),
                                        by=shape["bu"])
    assert from_entry.steps.get().comment == f"From {entry.reference}."
    assert from_decision.steps.get().comment.startswith("From the decision of the Board meeting")
    assert from_entry.action_plan is None and from_decision.decision == decision


def test_nothing_is_deleted_a_withdrawn_action_stays_with_its_reason(shape):
    action = services.action_set(body=shape["bpg"], data=action_data(shape), by=shape["bpg_chair"])
    services.action_withdraw(action=action, reason="Merged with another action.", by=shape["bpg_chair"])
    action.refresh_from_db()
    assert action.status == ActionStatus.WITHDRAWN
    assert action.steps.last().comment == "Merged with another action."
