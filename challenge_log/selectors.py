"""Reads for the log's pages: a fixed number of queries per page, however long an entry's timeline or the log."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from accountability.models import Body, User
from accountability.people import active_bodies, member_ids
from accountability.roles import roles_for

from .filters import EntryFilter
from .models import (
    ENDED,
    AssuranceRequest,
    Attachment,
    Entry,
    Escalation,
    LogSettings,
    SavedView,
    Status,
    Step,
    Treatment,
    TreatmentDecision,
)
from .rules import reads_whole_log


def entry_detail(pk: int) -> Entry:
    """The entry with everything its page shows: its timeline, requests with their answers and judgements,
    escalations, treatments and themes."""
    return (Entry.objects.select_related("raised_by_body", "raised_by", "organisation", "body", "owner_body",
                                         "owner_organisation", "judge_nominee")
            .prefetch_related(
                "themes",
                Prefetch("steps", queryset=Step.objects.select_related("by").order_by("on", "pk")),
                Prefetch("requests", queryset=AssuranceRequest.objects.select_related(
                    "organisation", "body", "created_by", "response__created_by", "response__judgement__created_by",
                    "response__organisation", "response__body")
                    .order_by("created_on", "pk")),
                Prefetch("treatments", queryset=TreatmentDecision.objects.select_related("created_by")),
                Prefetch("escalations", queryset=Escalation.objects.select_related("to_body", "meeting")),
                Prefetch("attachments", queryset=Attachment.objects.select_related(
                    "created_by", "response__request__organisation", "response__request__body")))
            .get(pk=pk))


def entry_for_edit(pk: int) -> Entry:
    return Entry.objects.get(pk=pk)


def scale() -> LogSettings:
    return LogSettings.current()


def visible_to(user) -> Q:
    """The entries `user` may see, as a filter: the rule challenge_log.view_entry, for a list."""
    if reads_whole_log(user):
        return Q()
    roles = roles_for(user)
    chaired, leads = roles.chaired_body_ids, roles.lead_organisation_ids
    addressed = AssuranceRequest.objects.filter(entry=OuterRef("pk")).filter(
        Q(organisation__in=leads) | Q(body__in=chaired))
    escalated = Escalation.objects.filter(entry=OuterRef("pk"), to_body__in=roles.member_body_ids)
    return (Q(restricted=False) | Q(raised_by_body__in=chaired) | Q(organisation__in=leads) | Q(body__in=chaired)
            | Q(Exists(addressed)) | Q(Exists(escalated)))


def entry_list(user, *, filters=None, today=None):
    """The log as `user` may see it, narrowed and sorted by an EntryFilter's data (the address's), newest
    first unless it names a sort; each row with its `current_score`. The list page, its count and its exports
    all read these rows."""
    rows = (Entry.objects.filter(visible_to(user)).annotate(current_score=F("likelihood") * F("impact"))
            .select_related("raised_by_body", "organisation", "body"))
    return EntryFilter(filters or {}, queryset=rows, user=user, today=today).qs


def entry_export(user, *, filters=None):
    """entry_list's rows, each with its latest step's kind and time (`latest_kind`, `latest_on`): one query."""
    latest = Step.objects.filter(entry=OuterRef("pk")).order_by("-on", "-pk")
    return entry_list(user, filters=filters).annotate(latest_kind=Subquery(latest.values("kind")[:1]),
                                                      latest_on=Subquery(latest.values("on")[:1]))


def saved_views(user):
    return list(SavedView.objects.filter(owner=user).order_by("name", "pk"))


def bodies_raising_for(user):
    """The bodies the person may raise an entry for: those she sits on; the business unit, any active body."""
    roles = roles_for(user)
    bodies = Body.objects.filter(active_bodies(timezone.localdate())).order_by("name")
    return bodies if roles.is_business_unit else bodies.filter(pk__in=roles.member_body_ids)


def members_of(body: Body):
    """The body's current members (a derived seat included), for the chair's nomination."""
    return User.objects.filter(pk__in=member_ids(body, timezone.localdate())).order_by("full_name")


def requests_to(organisation_ids, body_ids):
    """Assurance requests to these agencies or bodies, newest first, with their entries and answers."""
    return list(AssuranceRequest.objects.filter(Q(organisation__in=organisation_ids) | Q(body__in=body_ids))
                .select_related("entry", "organisation", "body", "response__created_by")
                .order_by("-created_on", "-pk"))


def to_judge(user, chaired_body_ids) -> list[AssuranceRequest]:
    """Answers awaiting the judgement of `user`: to challenges raised by a body she chairs, or whose answers she
    was nominated to judge; only those she may judge (never her own agency's or body's work), oldest first."""
    mine = Q(entry__raised_by_body__in=chaired_body_ids) | Q(entry__judge_nominee=user)
    waiting = (AssuranceRequest.objects.filter(mine, response__isnull=False, response__judgement__isnull=True)
               .exclude(entry__status__in=ENDED)
               .select_related("entry", "organisation", "body", "response").order_by("due_on", "pk"))
    return [r for r in waiting if user.has_perm("challenge_log.judge", r.response)]


def queue(user) -> dict:
    """What waits on the body that holds the log, of the entries `user` may see: a restricted entry is listed
    (and linked) only for those who may read it, as in the log's list."""
    from .alerts import persisting

    rule = visible_to(user)  # an empty Q: the reader sees every entry
    seen = Entry.objects.filter(rule)
    open_entries = Q(entry__in=seen) & ~Q(entry__status__in=ENDED)
    answers = list(AssuranceRequest.objects.filter(open_entries, response__isnull=False,
                                                   response__judgement__isnull=True)
                   .select_related("entry", "organisation", "body", "response").order_by("due_on", "pk"))
    not_assured = list(seen.filter(status=Status.NOT_ASSURED).select_related("raised_by_body")
                       .order_by("-year", "-number"))
    proposals = list(TreatmentDecision.objects.filter(open_entries, treatment=Treatment.TOLERATE,
                                                      decided_on__isnull=True)
                     .select_related("entry", "created_by").order_by("created_on"))
    waiting = list(Escalation.objects.filter(entry__in=seen, outcome_on__isnull=True)
                   .select_related("entry", "to_body").order_by("created_on"))
    alerts = persisting(timezone.localdate())
    if rule:
        visible = set(seen.filter(pk__in=[a.entry.pk for a in alerts]).values_list("pk", flat=True))
        alerts = [a for a in alerts if a.entry.pk in visible]
    return {"answers": answers, "not_assured": not_assured, "proposals": proposals, "escalations": waiting,
            "alerts": alerts}


def escalations(user):
    """Escalations of the entries `user` may see, newest first."""
    return list(Escalation.objects.filter(entry__in=Entry.objects.filter(visible_to(user)))
                .select_related("entry", "to_body", "meeting").order_by("-created_on", "-pk"))
