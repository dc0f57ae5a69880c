"""One small known partnership for the quarterly outcome report's tests: its quarter 2017Q1 (April to June 2017),
read on Tuesday 25 July 2017 (the quarterly summaries fell due on Friday 21 July). Every figure the tests expect
is worked out by hand from what is made here."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

LONDON = ZoneInfo("Europe/London")
READ_ON = datetime(2017, 7, 25, 10, tzinfo=LONDON)


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=LONDON)


def known_partnership() -> dict:
    from accountability.models import Attendance, BodyFunction, Decision, Function, Organisation
    from bscb.models import Partnership
    from challenge_log.models import Entry
    from plan.action_models import Action, ActionStep, EvidenceOfImpact, ProgressUpdate
    from plan.models import Outcome, Plan, PlanStatus, Priority
    from reporting import services as summaries
    from reporting.models import Summary
    from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of

    with time_machine.travel(at(2017, 4, 3), tick=False):
        Partnership.objects.get_or_create(pk=1, defaults={"name": "Testshire Safeguarding Children Partnership",
                                                          "short_name": "TSCP", "area": "Testshire"})
        bu = business_unit()
        board = BodyFactory(name="Testshire Board", short_name="Board")
        bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
        pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_quarterly_summaries=True)
        learning = BodyFactory(name="Learning sub group", short_name="L&D", owes_quarterly_summaries=True)
        for body, functions in [(board, [Function.RATIFIES, Function.RECEIVES_OUTCOME_REPORT]),
                                (bpg, [Function.AGREES_OUTCOME_REPORT, Function.SIGNS_OFF_ACTIONS,
                                       Function.RECEIVES_QUARTERLY, Function.HOLDS_LOG])]:
            for function in functions:
                BodyFunction.objects.create(body=body, function=function)
        board_member, bpg_member = member_of(board), member_of(bpg)
        pmae_chair, learning_chair = member_of(pmae, role="chair"), member_of(learning, role="chair")
        police = Organisation.objects.create(name="Testshire Police")
        health = Organisation.objects.create(name="Testshire Health")

        plan = Plan.objects.create(title="Testshire plan 2017-19", first_year=2017, last_year=2019,
                                   status=PlanStatus.ACTIVE)
        priority = Priority.objects.create(plan=plan, number=1, title="Keeping children safe from neglect",
                                           statement="Children are safe.")
        first = Outcome.objects.create(priority=priority, code="1.1", order=1, statement="Neglect is found early.")
        second = Outcome.objects.create(priority=priority, code="1.2", order=2, statement="Families get help.")

    def action(outcome, description, due_on, status="open", progress=""):
        made = Action.objects.create(body=pmae, description=description, due_on=due_on, success_measure="Audit.",
                                     status=status, progress=progress)
        made.outcomes.set([outcome])
        return made

    with time_machine.travel(at(2017, 4, 10), tick=False):
        on_track = action(first, "Train staff in the neglect toolkit", date(2017, 9, 30), progress="on_track")
        overdue = action(first, "Audit neglect referrals", date(2017, 6, 30), progress="off_track")
        closed = action(second, "Launch the early help offer", date(2017, 5, 31), status="closed",
                        progress="complete")
        signed = action(second, "Publish the neglect strategy", date(2017, 8, 31), status="signed_off",
                        progress="complete")
    with time_machine.travel(at(2017, 3, 1), tick=False):  # before the quarter: not a key update of it
        ProgressUpdate.objects.create(action=on_track, on=date(2017, 3, 1), status="at_risk",
                                      commentary="Trainers not yet found.")
    with time_machine.travel(at(2017, 5, 10), tick=False):
        ProgressUpdate.objects.create(action=on_track, on=date(2017, 5, 10), status="on_track",
                                      commentary="Training delivered to 40 staff.")
    with time_machine.travel(at(2017, 6, 1), tick=False):
        EvidenceOfImpact.objects.create(action=closed, text="Referrals to early help rose by a fifth.")
    with time_machine.travel(at(2017, 6, 20), tick=False):
        ActionStep.objects.create(action=signed, kind="signed_off", by=bpg_member)

    with time_machine.travel(at(2017, 5, 2), tick=False):
        Entry.objects.create(reference="CRL-2017-001", year=2017, number=1, kind="challenge",
                             title="Return interviews late", description="Not offered within 72 hours.",
                             raised_by_body=bpg, raised_by=bu, likelihood=3, impact=4)
        Entry.objects.create(reference="CRL-2017-002", year=2017, number=2, kind="risk",
                             title="Restricted staffing risk", description="Named agency's vacancies.",
                             raised_by_body=bpg, raised_by=bu, likelihood=5, impact=5, restricted=True)

    with time_machine.travel(at(2017, 5, 15), tick=False):
        meeting = MeetingFactory(body=board, starts_at=at(2017, 5, 15, 14), status="held")
        Attendance.objects.create(meeting=meeting, person=board_member, organisation=police, status="present")
        Attendance.objects.create(meeting=meeting, person=member_of(board), organisation=health, status="delegate",
                                  delegate_name="Dr Alex Smith", delegate_role="Deputy director of nursing",
                                  delegate_sufficiently_senior=True)
        Attendance.objects.create(meeting=meeting, person=member_of(board), organisation=health,
                                  status="apologies")
        Decision.objects.create(meeting=meeting, text="Adopt the neglect strategy.", childrens_voice="informed",
                                childrens_voice_detail="The young people's panel asked for it.")

    with time_machine.travel(READ_ON, tick=False):
        summaries.summaries_expect(as_of=date(2017, 7, 25))
        quarterly = Summary.objects.get(body=pmae, kind="quarterly", period_start=date(2017, 4, 1))
        summaries.summary_save_draft(summary=quarterly, sections={
            "progress": "Audits done.", "risks": "", "issues": "Capacity in health visiting.", "learning": "",
            "changes": "", "other": ""}, by=pmae_chair)
        summaries.summary_submit(summary=quarterly, by=pmae_chair, now=at(2017, 7, 10))
        board_meeting = MeetingFactory(body=board, starts_at=at(2017, 9, 18, 14))
        bpg_meeting = MeetingFactory(body=bpg, starts_at=at(2017, 8, 7, 14), status="held")
    return {"bu": bu, "board": board, "bpg": bpg, "pmae": pmae, "learning": learning, "board_member": board_member,
            "bpg_member": bpg_member, "pmae_chair": pmae_chair, "learning_chair": learning_chair,
            "on_track": on_track, "overdue": overdue, "closed": closed, "signed": signed,
            "board_meeting": board_meeting, "bpg_meeting": bpg_meeting, "held_meeting": meeting}
