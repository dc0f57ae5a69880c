"""What needs the person today (issue 18 §1): one list a source, whatever roles they hold (they combine).

Each source is a small function `(user, today) -> list[Item]` registered here with its heading and the
sentence its empty state says (what would appear there). A source answers in a fixed number of queries and
only with what the person may open. The home page shows every source that applies to the reader.

Hooks for parts built on other branches: the Board pack and the quarterly outcome report register their own
source with `register(...)` (for instance "papers" for the papers of the person's next meetings, replacing
the meetings listed by `next_meetings` below, and "outcome-report" for the report the BPG must agree); a source
registered under a name already taken replaces it, so the merger swaps one in without touching the page.

The home page caches the sources' items until the next write to any governance record (reporting/generation.py),
so a change made anyhow (a service, the admin, a QuerySet.update, the chase's own SQL) shows on the next request."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accountability.models import Function
from accountability.roles import roles_for


@dataclass(frozen=True)
class Item:
    title: str
    href: str
    due: date | None = None
    detail: str = ""  # a few words beside the title: "Assurance report to West Yorkshire Police"
    state: str = ""  # set by `needs_me` from the due date: overdue, due today, due soon


@dataclass(frozen=True)
class Source:
    name: str
    heading: str
    empty: str  # the empty state: what would appear here
    items: Callable[[object, date], list[Item]]
    applies: Callable[[object], bool] = lambda user: True
    more: tuple[str, str] | None = None  # (label, url name): the full list behind it
    order: int = 100


@dataclass
class Section:
    source: Source
    items: list[Item] = field(default_factory=list)


SOURCES: dict[str, Source] = {}
SHOWN = 10  # items a source shows; its full list is linked
SOON_DAYS = 21


def register(name: str, heading: str, empty: str, *, applies=None, more=None, order: int = 100):
    """Register `items(user, today)` as a source (a decorator). A name registered twice: the last wins."""
    def decorate(items):
        SOURCES[name] = Source(name, heading, empty, items, applies or (lambda user: True), more, order)
        return items

    return decorate


def _state(due: date | None, today: date) -> str:
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if due == today:
        return "due today"
    return "due soon" if due <= today + timedelta(days=SOON_DAYS) else ""


def needs_me(user, today: date) -> list[Section]:
    """Each applying source with its items, the soonest due first within a source."""
    sections = []
    for source in sorted(SOURCES.values(), key=lambda s: (s.order, s.name)):
        if not source.applies(user):
            continue
        found = [Item(i.title, i.href, i.due, i.detail, _state(i.due, today)) for i in source.items(user, today)]
        found.sort(key=lambda i: (i.due is None, i.due or today))
        sections.append(Section(source, found))
    return sections


# --- the sources ---------------------------------------------------------------------------------------


def _roles(user):
    return roles_for(user)


@register("summaries", "Summaries and reports you owe",
          "Summaries after meetings, quarterly summaries and yearly assurance reports you are to write (as a "
          "chair, or nominated to draft one) will appear here with their due dates.",
          more=("Your bodies' summaries", "summary-list"), order=10)
def summaries_owed(user, today):
    from .selectors import owed_by_person

    return [Item(f"{s.body.name}: {s.label}", s.get_absolute_url(), s.due_date, "Draft" if s.latest_number else
                 "Nothing written yet") for s in owed_by_person(user, limit=SHOWN)]


def _answering(user) -> tuple[set[int], set[int]]:
    roles = _roles(user)
    return roles.lead_organisation_ids, roles.chaired_body_ids


@register("responses", "Challenges your agency or body must answer",
          "Assurance requests addressed to an agency you lead or deputise for, or to a body you chair, will "
          "appear here until they are answered.",
          applies=lambda user: any(_answering(user)), more=("Your agency's challenges", "agency-challenges"),
          order=20)
def responses_owed(user, today):
    from challenge_log.models import ENDED, AssuranceRequest

    organisations, bodies = _answering(user)
    rows = (AssuranceRequest.objects.filter(Q(organisation__in=organisations) | Q(body__in=bodies),
                                            response__isnull=True).exclude(entry__status__in=ENDED)
            .select_related("entry", "organisation", "body").order_by("due_on", "pk")[:SHOWN])
    return [Item(f"{r.entry.reference}: {r.entry.title}", reverse("request-answer", args=[r.pk]), r.due_on,
                 f"Assurance report from {(r.organisation or r.body).name}") for r in rows]


@register("judgements", "Answers waiting for your judgement",
          "Answers to challenges raised by a body you chair, or that you were nominated to judge, will appear "
          "here until you judge them assured or not.",
          order=30)
def judgements_waiting(user, today):
    from challenge_log.selectors import to_judge

    return [Item(f"{r.entry.reference}: {r.entry.title}", reverse("response-judge", args=[r.response.pk]),
                 r.due_on, f"Answered by {(r.organisation or r.body).name}")
            for r in to_judge(user, _roles(user).chaired_body_ids)[:SHOWN]]


@register("actions", "Actions you own that need you",
          "Actions you own that are overdue, due in the next three weeks, or have had no progress update for "
          "a while will appear here.", more=("Your actions", "my-actions"), order=40)
def actions_owned(user, today):
    from plan.action_models import ActionSettings
    from plan.action_selectors import my_actions

    stale = today - timedelta(days=ActionSettings.current().stale_after_days)
    needing = Q(due_on__lte=today + timedelta(days=SOON_DAYS)) | Q(last_update_on__isnull=True) | Q(
        last_update_on__lt=stale)
    items = []
    for action in my_actions(user).filter(needing)[:SHOWN]:
        if action.last_update_on is None:
            detail = "No progress update yet"
        elif action.last_update_on < stale:
            detail = f"Last update {action.last_update_on:%-d %B %Y}"
        else:
            detail = action.get_progress_display() or ""
        items.append(Item(f"{action.body.name}: {action.description[:80]}", action.get_absolute_url(),
                          action.due_on, detail))
    return items


def _holds(user, *functions) -> bool:
    from plan.action_rules import holders

    roles = _roles(user)
    found = holders(user)
    return roles.is_business_unit or any(roles.member_body_ids & found[f] for f in functions)


@register("approvals", "Approvals and sign-offs waiting for your body",
          "Action plans submitted for approval and actions proposed complete, for the body that approves and "
          "signs them off, will appear here (never your own body's: another member decides those).",
          applies=lambda user: _holds(user, Function.APPROVES_PLANS, Function.SIGNS_OFF_ACTIONS),
          more=("The approval and sign-off queue", "action-queue"), order=50)
def approvals_waiting(user, today):
    """As plan.action_selectors.queue decides (submitted plans, actions proposed complete, none of the person's
    own bodies'), but only the first few read: the queue's page lists them all."""
    from plan.action_models import Action, ActionPlan, ActionPlanStatus, ActionStatus

    own = _roles(user).member_body_ids
    plans = (ActionPlan.objects.filter(status=ActionPlanStatus.SUBMITTED).exclude(body_id__in=own)
             .select_related("body").order_by("modified_on", "pk")[:SHOWN])
    actions = (Action.objects.filter(status=ActionStatus.PROPOSED).exclude(body_id__in=own).select_related("body")
               .only("pk", "description", "body__name").order_by("modified_on", "pk")[:SHOWN])
    return ([Item(f"{p.body.name}: action plan", p.get_absolute_url(), None, "Submitted for approval")
             for p in plans]
            + [Item(f"{a.body.name}: {a.description[:80]}", a.get_absolute_url(), None, "Proposed complete")
               for a in actions])[:SHOWN]


@register("ratifications", "Sign-offs waiting to be ratified",
          "Actions signed off and waiting for the body that ratifies them will appear here.",
          applies=lambda user: _holds(user, Function.RATIFIES),
          more=("Actions for ratification", "ratification-list"), order=60)
def ratifications_waiting(user, today):
    """As plan.action_selectors.ratification_list, the first few, none of the person's own bodies'."""
    from plan.action_models import Action, ActionStatus

    own = _roles(user).member_body_ids
    rows = (Action.objects.filter(status=ActionStatus.SIGNED_OFF).exclude(body_id__in=own).select_related("body")
            .only("pk", "description", "body__name").order_by("modified_on", "pk")[:SHOWN])
    return [Item(f"{a.body.name}: {a.description[:80]}", a.get_absolute_url(), None, "Signed off") for a in rows]


@register("escalations", "Escalations for your body to decide",
          "Log entries escalated to a body you sit on will appear here until it records its decision.",
          order=70)
def escalations_waiting(user, today):
    from challenge_log.models import Entry, Escalation
    from challenge_log.selectors import visible_to

    bodies = _roles(user).member_body_ids
    rows = (Escalation.objects.filter(to_body__in=bodies, outcome_on__isnull=True,
                                      entry__in=Entry.objects.filter(visible_to(user)))
            .select_related("entry", "to_body").order_by("created_on", "pk")[:SHOWN])
    return [Item(f"{e.entry.reference}: {e.entry.title}", e.entry.get_absolute_url(), None,
                 f"Escalated to the {e.to_body.name}") for e in rows]


@register("papers", "Your next meetings and their papers",
          "The meetings of the bodies you sit on in the next four weeks will appear here, with their papers.",
          order=80)
def next_meetings(user, today):
    """Each meeting in the next four weeks, linked to its papers (and from them its pack), with how many."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from accountability.selectors import my_next_meetings

    from .papers_models import MeetingPaper

    soon = today + timedelta(days=28)
    meetings = [m for m in my_next_meetings(user) if timezone.localtime(m.starts_at).date() <= soon]
    # Unrestricted papers only: the count must not tell a reader of papers she may not read.
    counts = dict(MeetingPaper.objects.filter(meeting__in=meetings).values("meeting").annotate(n=Count(
        "pk", filter=Q(withdrawn_on__isnull=True, restricted=False))).values_list("meeting", "n"))

    def papers(meeting) -> str:
        n = counts.get(meeting.pk, 0)
        return f"{n} paper{'' if n == 1 else 's'}"

    return [Item(f"{m.body.name}: meeting on {timezone.localtime(m.starts_at):%A %-d %B %Y, %H:%M}",
                 reverse("paper-list", args=[m.pk]), None, ", ".join(filter(None, [m.place, papers(m)])))
            for m in meetings]


@register("notices", "Unread notices",
          "Reminders the chase sends you, and notices of steps others took on your work, will appear here "
          "until you read them.", more=("All your notices", "notice-list"), order=90)
def unread_notices(user, today):
    from bscb.access import links_that_open
    from notifications.selectors import notices_for

    notices = list(notices_for(user, unread_only=True)[:SHOWN])
    opens = links_that_open(user, [n.url for n in notices])  # a notice's address may no longer open for her
    return [Item(n.title, n.url if n.url in opens else "", None, f"Sent {n.created:%-d %B %Y}") for n in notices]
