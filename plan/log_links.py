"""The plan's outcomes, linked to the log's entries: registered with challenge_log.links (from
PlanConfig.ready), so that the log's form, entry page and list offer them without importing the plan."""

from collections import defaultdict

from challenge_log.links import EntryLink, register

from .models import Outcome, OutcomeLogEntry
from .selectors import plan_current


def _choices():
    plan = plan_current()
    return (Outcome.objects.filter(priority__plan=plan).select_related("priority")
            .order_by("priority__number", "order", "code"))


def _linked(entry_ids) -> dict[int, list[Outcome]]:
    linked = defaultdict(list)
    for link in (OutcomeLogEntry.objects.filter(entry_id__in=[pk for pk in entry_ids if pk])
                 .select_related("outcome").order_by("outcome__priority__number", "outcome__order", "outcome__code")):
        linked[link.entry_id].append(link.outcome)
    return dict(linked)


def _save(entry, outcomes) -> bool:
    """Link exactly `outcomes` to the entry; links to other outcomes (a plan no longer in force's
    included) are dropped, as the form offered and showed only what it lists."""
    wanted = {o.pk for o in outcomes}
    have = set(OutcomeLogEntry.objects.filter(entry=entry).values_list("outcome_id", flat=True))
    if wanted == have:
        return False
    OutcomeLogEntry.objects.filter(entry=entry, outcome_id__in=have - wanted).delete()
    OutcomeLogEntry.objects.bulk_create([OutcomeLogEntry(entry=entry, outcome_id=pk) for pk in wanted - have])
    return True


def _entries(outcome_pk):
    return OutcomeLogEntry.objects.filter(outcome_id=outcome_pk).values("entry_id")


def log_links_register() -> None:
    register(EntryLink(
        name="outcomes", label="Outcomes of the plan",
        help_text="Optional. The outcomes of the plan in force that this entry bears on.",
        choices=_choices, linked=_linked, save=_save, entries=_entries))
