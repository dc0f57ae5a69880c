"""Scaled plans for query-count checks and the benchmark: `manage.py seed_scale --factor N`.

Per factor: one plan ("Seeded plan N") with 3 priorities of 10 outcomes each; every outcome with 3
targets and 3 evidence items, each item the responsibility of 2 seeded bodies ("Seeded group N",
made by accountability/seed.py, which seed_scale runs first); priorities and outcomes tagged with
the seeded themes. At factor 10: 10 plans, 30 priorities, 300 outcomes, 900 targets, 900 evidence
items and 1,800 links to bodies.

Written with bulk_create, NOT through plan.services, for the reason accountability/seed.py gives
(the services save one row at a time with its history). No history is written.

Idempotent: plans are numbered and topped up to what the factor asks for. A seeded plan is made
together with everything under it, inside one transaction, so a plan that exists is complete: a
second run at the same factor adds nothing, a run at a higher factor adds the plans that are missing.
The first seeded plan is put in force when no plan is (so that a database holding only seeded data,
the benchmark's, has a plan in force); the others are drafts, and Bradford's plan, when loaded,
stays the plan in force.
"""

from datetime import date

from django.db import transaction

from accountability.models import Body
from bscb.models import Theme

from .models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target

PRIORITIES_PER_PLAN = 3
OUTCOMES_PER_PRIORITY = 10
TARGETS_PER_OUTCOME = 3
EVIDENCE_PER_OUTCOME = 3
BODIES_PER_EVIDENCE = 2
PLAN_YEARS = 3
FIRST_YEAR = 2020  # seeded plan n runs from FIRST_YEAR + n for PLAN_YEARS years
SEEDED_TITLE = "Seeded plan "
SEEDED_BODY_KIND = "Seeded group"  # accountability/seed.py's
BATCH = 2000


def _lines(*lines: str) -> str:
    return "\n".join(lines)


@transaction.atomic
def seed(factor: int) -> dict[str, int]:
    counts = {"plans": 0, "priorities": 0, "outcomes": 0, "targets": 0, "evidence items": 0}
    start = Plan.objects.filter(title__startswith=SEEDED_TITLE).count()
    numbers = range(start, factor)
    if not numbers:
        return counts
    bodies = list(Body.objects.filter(kind__name=SEEDED_BODY_KIND).order_by("pk").values_list("pk", flat=True))
    themes = list(Theme.objects.filter(name__startswith="Seeded theme ").order_by("pk").values_list("pk", flat=True))
    in_force = start == 0 and not Plan.objects.filter(status=PlanStatus.ACTIVE).exists()

    plans = Plan.objects.bulk_create([
        Plan(title=f"{SEEDED_TITLE}{n}", first_year=FIRST_YEAR + n, last_year=FIRST_YEAR + n + PLAN_YEARS - 1,
             status=PlanStatus.ACTIVE if in_force and n == 0 else PlanStatus.DRAFT,
             vision="The partnership is committed to improving the welfare and protection of all children.",
             introduction=_lines("This seeded plan sets out the partnership's improvement priorities.",
                                 "The partnership will monitor the progress of the actions set out in the plan."),
             outstanding_traits=_lines("Highly influential", "Evaluating its performance", "Developing its workforce"))
        for n in numbers
    ], batch_size=BATCH)
    priorities = Priority.objects.bulk_create([
        Priority(plan=plan, number=p, statement=f"Seeded priority {p} of {plan.title}: keep children safe.",
                 focus_areas=_lines(*(f"Focus area {p}.{k}" for k in range(1, 5))))
        for plan in plans for p in range(1, PRIORITIES_PER_PLAN + 1)
    ], batch_size=BATCH)
    plan_of = {plan.pk: plan for plan in plans}
    outcomes = Outcome.objects.bulk_create([
        Outcome(priority=priority, code=f"{priority.number}.{k}", order=k,
                statement=f"Seeded outcome {priority.number}.{k}: the partnership is assured of its practice.",
                years=list(range(plan_of[priority.plan_id].first_year + k % PLAN_YEARS,
                                 plan_of[priority.plan_id].last_year + 1)),
                responsibility="The seeded groups named with each item")
        for priority in priorities for k in range(1, OUTCOMES_PER_PRIORITY + 1)
    ], batch_size=BATCH)
    priority_year = {priority.pk: plan_of[priority.plan_id].first_year for priority in priorities}
    targets = Target.objects.bulk_create([
        Target(outcome=outcome, order=t, text=f"Seeded target {outcome.code}.{t}",  # the last without a date
               due_date=date(priority_year[outcome.priority_id] + t - 1, 3 * t, 28) if t < TARGETS_PER_OUTCOME
               else None)
        for outcome in outcomes for t in range(1, TARGETS_PER_OUTCOME + 1)
    ], batch_size=BATCH)
    evidence = EvidenceItem.objects.bulk_create([
        EvidenceItem(outcome=outcome, order=e, text=f"Seeded evidence {outcome.code}.{e}: an audit report.",
                     responsibility="Seeded groups")
        for outcome in outcomes for e in range(1, EVIDENCE_PER_OUTCOME + 1)
    ], batch_size=BATCH)

    if bodies:
        Through = EvidenceItem.responsible_bodies.through
        Through.objects.bulk_create([
            Through(evidenceitem_id=item.pk, body_id=bodies[(i + j) % len(bodies)])
            for i, item in enumerate(evidence) for j in range(min(BODIES_PER_EVIDENCE, len(bodies)))
        ], batch_size=BATCH)
    if themes:
        Through = Outcome.themes.through
        Through.objects.bulk_create([Through(outcome_id=o.pk, theme_id=themes[i % len(themes)])
                                     for i, o in enumerate(outcomes)], batch_size=BATCH)
        Through = Priority.themes.through
        Through.objects.bulk_create([Through(priority_id=p.pk, theme_id=themes[i % len(themes)])
                                     for i, p in enumerate(priorities)], batch_size=BATCH)

    counts.update(plans=len(plans), priorities=len(priorities), outcomes=len(outcomes), targets=len(targets))
    counts["evidence items"] = len(evidence)
    return counts
