"""Issue 14 §1-2: an entry's whole life through the services, each step on its timeline with who and when,
and every wrong step refused with a sentence, never a server error."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bscb.services import NotAllowed
from challenge_log import services
from challenge_log.models import Entry, Kind, Status, StepKind
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=20)


def _challenge(log, **more):
    return services.entry_raise(data={
        "kind": Kind.CHALLENGE, "title": "Missing children return interviews",
        "description": "Return interviews are not offered within 72 hours.", "raised_by_body": log["sapp"],
        "organisation": log["police"], **more}, by=log["chair"])


def _answered(log):
    entry = _challenge(log)
    request = services.assurance_request(entry=entry, asks="How many were offered in time?", due_on=SOON,
                                         by=log["chair"])
    response = services.assurance_answer(request=request, text="82% within 72 hours; a plan for the rest.",
                                         by=log["lead"])
    return entry, response


def _kinds(entry):
    return list(entry.steps.values_list("kind", flat=True))


def test_a_challenge_runs_from_raised_to_the_boards_outcome(log):
    entry = _challenge(log)
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    assert entry.reference == f"CRL-{year}-001" and entry.status == Status.OPEN
    request = services.assurance_request(entry=entry, asks="How many?", due_on=SOON, by=log["chair"])
    assert request.organisation == log["police"]
    response = services.assurance_answer(request=request, text="Most.", by=log["deputy"])
    services.response_judge(response=response, assured=False, outcome="No plan for the rest.", refer=True,
                            by=log["chair"])
    escalation = services.entry_escalate(entry=entry, reason="Twice not assured.", by=log["bpg_member"])
    assert escalation.to_body == log["board"]
    meeting = MeetingFactory(body=log["board"])
    services.escalation_outcome(escalation=escalation, outcome="The police to report to the next Board.",
                                meeting=meeting, by=log["board_member"])
    entry.refresh_from_db()
    assert entry.status == Status.CLOSED
    assert _kinds(entry) == [StepKind.RAISED, StepKind.REQUESTED, StepKind.ANSWERED, StepKind.NOT_ASSURED,
                             StepKind.REFERRED, StepKind.ESCALATED, StepKind.BOARD_OUTCOME, StepKind.CLOSED]
    who = list(entry.steps.values_list("by__full_name", flat=True))
    assert who == ["Jo Chair", "Jo Chair", "Dee Deputy", "Jo Chair", "Jo Chair", "Ben Member", "Kay Board",
                   "Kay Board"]


def test_judged_assured_the_challenge_is_closed_with_its_outcome(log):
    entry, response = _answered(log)
    services.response_judge(response=response, assured=True, outcome="Assured.", impact="Fewer repeat episodes.",
                            by=log["chair"])
    entry.refresh_from_db()
    assert entry.status == Status.CLOSED
    assert "Fewer repeat episodes." in entry.steps.last().comment


def test_references_run_on_within_the_year(log):
    first, second = _challenge(log), _challenge(log)
    assert (first.number, second.number) == (1, 2)
    assert second.reference.endswith("-002")


@pytest.mark.parametrize("wrong", ["answer_closed", "answer_twice", "judge_twice", "escalate_closed",
                                   "escalate_twice", "request_while_waiting", "withdraw_twice"])
def test_a_wrong_step_is_refused_with_a_sentence_and_changes_nothing(log, wrong):
    entry, response = _answered(log)
    if wrong == "answer_closed":
        entry = _challenge(log)
        request = services.assurance_request(entry=entry, asks="How many?", due_on=SOON, by=log["chair"])
        services.entry_withdraw(entry=entry, reason="Dealt with elsewhere.", by=log["chair"])
        call = lambda: services.assurance_answer(request=request, text="Late.", by=log["lead"])  # noqa: E731
    elif wrong == "answer_twice":
        call = lambda: services.assurance_answer(request=response.request, text="Again.", by=log["lead"])  # noqa: E731
    elif wrong == "judge_twice":
        services.response_judge(response=response, assured=False, by=log["chair"])
        call = lambda: services.response_judge(response=response, assured=True, by=log["chair"])  # noqa: E731
    elif wrong == "escalate_closed":
        services.response_judge(response=response, assured=True, by=log["chair"])
        call = lambda: services.entry_escalate(entry=entry, reason="Why not.", by=log["bpg_member"])  # noqa: E731
    elif wrong == "escalate_twice":
        services.entry_escalate(entry=entry, reason="First.", by=log["bpg_member"])
        call = lambda: services.entry_escalate(entry=entry, reason="Again.", by=log["bpg_chair"])  # noqa: E731
    elif wrong == "request_while_waiting":
        entry = _challenge(log)
        services.assurance_request(entry=entry, asks="How many?", due_on=SOON, by=log["chair"])
        call = lambda: services.assurance_request(entry=entry, asks="And?", due_on=SOON, by=log["chair"])  # noqa: E731
    else:
        services.entry_withdraw(entry=entry, reason="Raised in error.", by=log["chair"])
        call = lambda: services.entry_withdraw(entry=entry, reason="Again.", by=log["chair"])  # noqa: E731
    steps = entry.steps.count()
    with pytest.raises(ValidationError) as refused:
        call()
    assert refused.value.messages and all(m.endswith(".") for m in refused.value.messages)
    assert entry.steps.count() == steps


def test_nobody_judges_a_response_of_their_own_agency(log):
    """The raising body's chair who also leads the agency answering may not judge its answer (the redesign's
    "own body's work" predicate), nor may anyone but the chair or her nominee."""
    from accountability.models import OrganisationLead

    entry, response = _answered(log)
    OrganisationLead.objects.create(organisation=log["police"], person=log["chair"])
    for person in (log["chair"], log["member"], log["lead"], log["bpg_chair"]):
        with pytest.raises(NotAllowed):
            services.response_judge(response=response, assured=True, by=person)
    assert not entry.steps.filter(kind__in=[StepKind.ASSURED, StepKind.NOT_ASSURED]).exists()


def test_the_chair_may_nominate_a_member_to_judge(log):
    entry, response = _answered(log)
    with pytest.raises(NotAllowed):
        services.response_judge(response=response, assured=True, by=log["member"])
    services.judge_nominate(entry=entry, person=log["member"], by=log["chair"])
    response.request.entry.refresh_from_db()
    services.response_judge(response=response, assured=True, by=log["member"])
    with pytest.raises(ValidationError, match="Choose a member of the SAPP"):
        services.judge_nominate(entry=_challenge(log), person=log["lead"], by=log["chair"])


def test_only_the_agencys_leads_and_deputies_answer(log):
    entry = _challenge(log)
    request = services.assurance_request(entry=entry, asks="How many?", due_on=SOON, by=log["chair"])
    for person in (log["chair"], log["bpg_chair"], log["stranger"], log["bu"]):
        with pytest.raises(NotAllowed):
            services.assurance_answer(request=request, text="Us.", by=person)


def test_a_challenge_is_directed_to_someone(log):
    with pytest.raises(ValidationError) as refused:
        _challenge(log, organisation=None)
    assert "organisation" in refused.value.message_dict
    assert not Entry.objects.exists()


def _risk(log):
    return services.entry_raise(data={
        "kind": Kind.RISK, "title": "Capacity of the MASH", "description": "Referrals rising.",
        "raised_by_body": log["bpg"], "likelihood": 4, "impact": 4, "owner_body": log["bpg"]}, by=log["bpg_member"])


def test_a_risk_is_reviewed_with_new_scores(log):
    entry = _risk(log)
    services.risk_review(entry=entry, likelihood=3, impact=4, commentary="Two more social workers.",
                         next_review_on=SOON, by=log["bpg_chair"])
    entry.refresh_from_db()
    assert (entry.score, entry.next_review_on) == (12, SOON)
    assert entry.steps.last().kind == StepKind.REVIEWED


def test_tolerating_a_risk_is_decided_by_another_member_until_it_expires(log):
    entry = _risk(log)
    proposal = services.risk_treat(entry=entry, treatment="tolerate", reason="Within appetite.", expires_on=SOON,
                                   by=log["bpg_member"])
    with pytest.raises(ValidationError, match="You proposed this tolerance"):
        services.tolerance_decide(decision=proposal, agree=True, by=log["bpg_member"])
    with pytest.raises(NotAllowed):
        services.tolerance_decide(decision=proposal, agree=True, by=log["chair"])  # not of the log's body
    services.tolerance_decide(decision=proposal, agree=True, by=log["bpg_chair"])
    entry.refresh_from_db()
    assert entry.status == Status.TOLERATED and entry.tolerated_until == SOON
    with pytest.raises(ValidationError, match="already been decided"):
        services.tolerance_decide(decision=proposal, agree=False, by=log["bpg_chair"])


def test_a_tolerance_needs_an_end_date_after_today(log):
    with pytest.raises(ValidationError) as refused:
        services.risk_treat(entry=_risk(log), treatment="tolerate", reason="Fine.", expires_on=None,
                            by=log["bpg_member"])
    assert "expires_on" in refused.value.message_dict


def test_a_challenge_is_not_reviewed_as_a_risk(log):
    with pytest.raises(ValidationError, match="Only a risk"):
        services.risk_review(entry=_challenge(log), likelihood=1, impact=1, commentary="x", next_review_on=None,
                             by=log["bu"])


def test_the_boards_outcome_is_recorded_against_one_of_its_meetings(log):
    entry, response = _answered(log)
    services.response_judge(response=response, assured=False, by=log["chair"])
    escalation = services.entry_escalate(entry=entry, reason="Not assured.", by=log["bu"])
    with pytest.raises(ValidationError) as refused:
        services.escalation_outcome(escalation=escalation, outcome="Noted.", meeting=MeetingFactory(body=log["bpg"]),
                                    by=log["bu"])
    assert refused.value.message_dict == {"meeting": ["Choose a meeting of the Safeguarding Board."]}
    with pytest.raises(NotAllowed):
        services.escalation_outcome(escalation=escalation, outcome="Noted.",
                                    meeting=MeetingFactory(body=log["board"]), by=log["bpg_member"])


def test_a_restricted_entry_is_seen_only_by_those_the_design_names(log):
    """DESIGN.md: the BU, the log holder's chair, the Independent Chair, the raising body's chair, those it is
    addressed to and, once escalated, the members of the body it went to."""
    from tests.factories import member_of

    entry = _challenge(log, restricted=True)
    independent = member_of(log["board"], role="independent_chair")

    def seeing():
        for person in log.values():
            if hasattr(person, "_bscb_roles"):
                del person._bscb_roles
        return {name for name, person in log.items() if hasattr(person, "has_perm")
                and person.has_perm("challenge_log.view_entry", entry)} | (
            {"independent"} if independent.has_perm("challenge_log.view_entry", entry) else set())

    assert seeing() == {"bu", "bpg_chair", "independent", "chair", "lead", "deputy"}
    request = services.assurance_request(entry=entry, asks="How many?", due_on=SOON, by=log["chair"])
    response = services.assurance_answer(request=request, text="Most.", by=log["lead"])
    services.response_judge(response=response, assured=False, by=log["chair"])
    services.entry_escalate(entry=entry, reason="Not assured.", by=log["bpg_member"])
    assert seeing() == {"bu", "bpg_chair", "independent", "chair", "lead", "deputy", "board_member"}
    entry.restricted = False
    assert seeing() >= {"member", "stranger", "bpg_member"}


def test_a_restricted_entrys_answers_are_judged_by_someone_who_may_read_it(log):
    """DESIGN.md names who reads a restricted entry; a member nominated to judge is not among them, so the chair
    may not nominate one for a restricted entry (she would be sent answers she may not open)."""
    entry = _challenge(log, restricted=True)
    with pytest.raises(ValidationError, match="Mo Member may not read this restricted entry"):
        services.judge_nominate(entry=entry, person=log["member"], by=log["chair"])
    entry.refresh_from_db()
    assert entry.judge_nominee is None
