"""Reads of the plan, with their joins applied."""

from django.db.models import Count, Prefetch

from challenge_log.models import Entry
from challenge_log.selectors import visible_to

from .models import EvidenceItem, Outcome, OutcomeLogEntry, Plan, PlanStatus, Priority


def plan_list():
    return Plan.objects.annotate(priority_count=Count("priorities")).order_by("-first_year", "-pk")


def plan_current() -> Plan | None:
    """The plan in force, or else the newest."""
    return Plan.objects.filter(status=PlanStatus.ACTIVE).first() or Plan.objects.order_by("-first_year", "-pk").first()


def plan_detail(pk: int) -> Plan:
    outcomes = Outcome.objects.order_by("order", "code")
    return Plan.objects.prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("number").prefetch_related(
            Prefetch("outcomes", queryset=outcomes)))
    ).get(pk=pk)


def priority_detail(pk: int) -> Priority:
    # The priority's page lists its outcomes' codes, statements, years and responsibility words only.
    outcomes = Outcome.objects.order_by("order", "code")
    return (
        Priority.objects.select_related("plan").prefetch_related(Prefetch("outcomes", queryset=outcomes), "themes")
        .get(pk=pk)
    )


def outcome_detail(pk: int) -> Outcome:
    evidence = EvidenceItem.objects.order_by("order", "pk").prefetch_related("responsible_bodies")
    return (
        Outcome.objects.select_related("priority", "priority__plan")
        .prefetch_related("targets", Prefetch("evidence", queryset=evidence), "themes")
        .get(pk=pk)
    )


def outcomes_for_theme(theme):
    return (
        Outcome.objects.filter(themes=theme).select_related("priority", "priority__plan")
        .order_by("-priority__plan__first_year", "priority__number", "order")
    )


def priorities_for_theme(theme):
    return Priority.objects.filter(themes=theme).select_related("plan").order_by("-plan__first_year", "number")


def outcome_log_entries(outcome, user) -> list[Entry]:
    """The log's entries linked to the outcome that `user` may see (a restricted one only for those the log's
    rule allows), newest first. One query."""
    return list(Entry.objects.filter(visible_to(user), pk__in=OutcomeLogEntry.objects.filter(outcome=outcome)
                                     .values("entry_id")).order_by("-year", "-number"))
