"""The pages `make bench` measures, in order: (name, path), each opened signed in as the bench user.

The first page must be `bare`: a signed-in template extending the base with no queries of its own.
It is the yardstick; the run ends with each other page's requests/s as a ratio of bare's.

An issue that adds a page worth watching appends it here, with a path that exists once
`seed_scale --factor 10` has run (the seed modules create the records the path names).
A path may name a record with a placeholder, `{body}`: bench/run.py fills it before the run from
`placeholders()` below, which runs inside Django on the bench database (`manage.py shell`).
Select some pages only with BENCH_PAGES=home,... (bare always runs).
"""

PAGES = [
    ("bare", "/bare/"),
    ("home", "/"),
    ("bodies", "/bodies/"),
    ("body", "/bodies/{body}/"),
    ("meeting", "/meetings/{meeting}/"),
    ("decisions", "/decisions/"),
    ("plan", "/plans/{plan}/"),
    ("priority", "/priorities/{priority}/"),
    ("outcome", "/outcomes/{outcome}/"),
    # The log's list (issue 15 §4): 10,000 entries at factor 10, unfiltered and with two filters.
    ("log", "/log/"),
    ("log-filtered", "/log/?open=1&kind=challenge"),
    # Issue 16: a sub group's action plan (50 actions), an outcome with its actions rolled up, the action list.
    ("action-plan", "/action-plans/{action_plan}/"),
    ("action-outcome", "/outcomes/{action_outcome}/"),
    ("actions", "/actions/"),
    # The log at a glance over 10,000 entries (issue 15): the seed raises them, answers and reviews them today,
    # so the current quarter (the plain address) is the one with the activity.
    ("log-heat-map", "/log/heat-map/"),
    ("log-quarter", "/log/quarters/"),
    # Issue 17: a meeting's papers (40 at factor 10) and its pack's page. The pack as one PDF is timed apart
    # (bench/pack.py): a download its reader waits for, which wrk's 16 connections would only queue.
    ("papers", "/meetings/{pack_meeting}/papers/"),
    ("pack", "/meetings/{pack_meeting}/pack/"),
    # Issue 17: the quarterly outcome reports and a report's page (drawn from its snapshot, whatever the data).
    ("outcome-reports", "/outcome-reports/"),
    ("outcome-report", "/outcome-reports/{outcome_report}/"),
    # Issue 18: the dashboards and the home page, read by the bench user seated in the business unit (reporting/
    # seed.py), the reader who counts the most; a seeded body's and a seeded agency's.
    ("dashboard-board", "/dashboards/board/"),
    ("dashboard-business-unit", "/dashboards/business-unit/"),
    ("dashboard-body", "/dashboards/bodies/{body}/"),
    ("dashboard-agency", "/dashboards/agencies/{agency}/"),
    # Issue 18 §3: each role's home page, and the body's and agency's dashboards, as the person they are for
    # (readers(), below); the pages above are read by the bench user.
    ("home-chair", "/", "chair"),
    ("home-agency-lead", "/", "agency_lead"),
    ("home-member", "/", "member"),
    ("dashboard-body-chair", "/dashboards/bodies/{body}/", "chair"),
    ("dashboard-agency-lead", "/dashboards/agencies/{agency}/", "agency_lead"),
    # Issue 16 §7: the BPG's approval and sign-off queue, as a member of a body that signs off actions.
    ("action-queue", "/actions/queue/", "signer"),
]


def readers() -> dict[str, str]:
    """Who reads the pages that name a reader, by e-mail, from the seeded database: chair, the chair of the
    seeded body {body}; member, one of its members who chairs nothing; agency_lead, the first lead of the
    seeded agency {agency}; signer, a member of a body that signs off actions (the bench user, a business unit
    officer, where the seed has no such body). Imports Django lazily, as placeholders() does."""
    from django.utils import timezone

    from accountability.models import Body, Function, User
    from accountability.people import chairs_of, leads_of, member_ids

    today = timezone.localdate()
    found = placeholders()
    body = Body.objects.get(pk=found["body"])
    chair = chairs_of([body], today)[body.pk].person
    members = [pk for pk in member_ids(body, today) if pk != chair.pk]
    lead = leads_of([found["agency"]], today)[found["agency"]][0]
    signers = Body.objects.filter(functions__function=Function.SIGNS_OFF_ACTIONS).order_by("pk").first()
    signer = member_ids(signers, today)[:1] if signers else []
    emails = dict(User.objects.filter(pk__in=[chair.pk, members[0], lead, *signer]).values_list("pk", "email"))
    return {"chair": emails[chair.pk], "member": emails[members[0]], "agency_lead": emails[lead],
            "signer": emails[signer[0]] if signer else "bench@bench.example.org"}


def placeholders() -> dict[str, int]:
    """The records the paths name, looked up in the seeded bench database. Imports Django lazily:
    bench/run.py imports PAGES without it.

    body: the first seeded body with members and meetings (13 members, 50 meetings at any factor);
    meeting: that body's latest held meeting with attendance and decisions;
    plan: Bradford's plan if it is loaded, else the first plan whose priorities have outcomes;
    priority: that plan's first priority with outcomes; outcome: its first outcome, one with targets
    and evidence where there is one."""
    from accountability.models import Body, Meeting, MeetingStatus

    body = (
        Body.objects.filter(name__startswith="Seeded group ", memberships__isnull=False, meetings__isnull=False)
        .order_by("pk").values_list("pk", flat=True).first()
    )
    meeting = (
        Meeting.objects.filter(body_id=body, status=MeetingStatus.HELD, attendances__isnull=False,
                               decisions__isnull=False)
        .order_by("-starts_at").values_list("pk", flat=True).first()
    )
    if body is None or meeting is None:
        raise LookupError("No seeded body with members and a held meeting: did seed_scale run?")
    return {"body": body, "meeting": meeting, **_plan_placeholders(), **_action_placeholders(),
            **_pack_placeholders(), **_outcome_report_placeholders(), "agency": _agency_placeholder()}


def _pack_placeholders() -> dict[str, int]:
    """pack_meeting: the meeting reporting/papers_seed.py gave its papers."""
    from reporting.papers_seed import bench_meeting

    meeting = bench_meeting()
    if meeting is None:
        raise LookupError("No seeded meeting for the pack: did seed_scale run?")
    return {"pack_meeting": meeting.pk}



def _outcome_report_placeholders() -> dict[str, int]:
    """outcome_report: an issued report, which the bench user (no seat) may read. The seed makes none, so the
    current quarter's is built here once (as the command would) and marked issued directly (the seed has no
    BPG and Board meetings to agree and issue it at): its page reads the snapshot alone, whatever the data."""
    from challenge_log.overview import code_of, current_quarter
    from reporting.outcome_models import OutcomeReport
    from reporting.outcome_services import document_html, outcome_report_build_now

    report = OutcomeReport.objects.filter(state="issued").order_by("-pk").first()
    if report is None:
        report = outcome_report_build_now(quarter_code=code_of(current_quarter()))
        report.state = "issued"
        OutcomeReport.objects.filter(pk=report.pk).update(state="issued", html=document_html(report))
    return {"outcome_report": report.pk}



def _agency_placeholder() -> int:
    """agency: the first seeded agency (accountability/seed.py), addressed by the seeded log's entries."""
    from accountability.models import Organisation

    agency = Organisation.objects.filter(name__startswith="Seeded agency ").order_by("pk").values_list(
        "pk", flat=True).first()
    if agency is None:
        raise LookupError("No seeded agency: did seed_scale run?")
    return agency


def _action_placeholders() -> dict[str, int]:
    """action_plan: the first seeded action plan (plan/action_seed.py); action_outcome: the first outcome that
    one of its actions serves."""
    from plan.action_models import ActionPlan
    from plan.models import Outcome

    action_plan = ActionPlan.objects.order_by("pk").values_list("pk", flat=True).first()
    outcome = (Outcome.objects.filter(actions__action_plan_id=action_plan).order_by("pk")
               .values_list("pk", flat=True).first())
    if action_plan is None or outcome is None:
        raise LookupError("No action plan with actions on an outcome: did seed_scale run?")
    return {"action_plan": action_plan, "action_outcome": outcome}


def _plan_placeholders() -> dict[str, int]:
    from django.db.models import Q

    from plan.models import Outcome, Plan, Priority

    with_outcomes = Plan.objects.filter(priorities__outcomes__isnull=False)
    plan = (
        with_outcomes.filter(title__icontains="Bradford").order_by("pk").values_list("pk", flat=True).first()
        or with_outcomes.order_by("pk").values_list("pk", flat=True).first()
    )
    priority = (
        Priority.objects.filter(plan_id=plan, outcomes__isnull=False).order_by("number")
        .values_list("pk", flat=True).first()
    )
    outcomes = Outcome.objects.filter(priority_id=priority).order_by("order", "code")
    outcome = (
        outcomes.filter(Q(targets__isnull=False) & Q(evidence__isnull=False)).values_list("pk", flat=True).first()
        or outcomes.values_list("pk", flat=True).first()
    )
    if plan is None or priority is None or outcome is None:
        raise LookupError("No plan with priorities and outcomes: did seed_scale (or load_bradford_plan) run?")
    return {"plan": plan, "priority": priority, "outcome": outcome}
