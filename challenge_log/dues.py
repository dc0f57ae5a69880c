"""What the log declares to the chase (notifications): assurance reports owed. Who owes one is worked out
when the chase runs, from current leads and chairs, never stored: a lead who changes takes the obligation
along, and a request to a body with no chair goes to the business unit. The ladder climbs to the business
unit and then to the chair of the body that holds the log. The sources only read."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from accountability.models import Function
from accountability.people import body_with_function, chairs_of, leads_of, owners_of
from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER, Due

from .models import ENDED, AssuranceRequest, Entry, Kind, Status

ASSURANCE = "assurance"


def assurance_key(request_pk: int) -> str:
    return f"{ASSURANCE}:{request_pk}"


def _open_requests():
    return (AssuranceRequest.objects.filter(response__isnull=True).exclude(entry__status__in=ENDED)
            .select_related("entry", "organisation", "body").order_by("due_on", "pk"))


def assurance_dues_for(requests: list[AssuranceRequest], as_of: date) -> list[Due]:
    """A fixed number of queries however many requests."""
    if not requests:
        return []
    leads = leads_of({r.organisation_id for r in requests if r.organisation_id}, as_of)
    owners = owners_of({r.body_id for r in requests if r.body_id}, as_of)
    unit = list(owners.business_unit)
    holder = body_with_function(Function.HOLDS_LOG, as_of)
    holder_chair = chairs_of([holder], as_of).get(holder.pk) if holder else None
    dues = []
    for request in requests:
        owner = (leads.get(request.organisation_id) or unit) if request.organisation_id else owners.of(request.body_id)
        dues.append(Due(
            key=assurance_key(request.pk),
            # No record text: the reference and whom it is asked of.
            title=f"Assurance report for {request.entry.reference} from {request.addressee}",
            url=reverse("entry-detail", args=[request.entry_id]),
            due_date=request.due_on,
            rungs=[(OWNER, owner), (BUSINESS_UNIT, unit),
                   (MONITORING_CHAIR, [holder_chair.person_id] if holder_chair else [])],
        ))
    return dues


def assurance_dues(as_of: date) -> list[Due]:
    return assurance_dues_for(list(_open_requests()), as_of)


def assurance_due(key: str, as_of: date) -> Due | None:
    try:
        pk = int(key.removeprefix(f"{ASSURANCE}:"))
    except ValueError:
        return None
    dues = assurance_dues_for(list(_open_requests().filter(Q(pk=pk))), as_of)
    return dues[0] if dues else None


REVIEW, TOLERANCE, ALERT = "review", "tolerance", "alert"


def _owners(entries, as_of: date) -> dict[int, list[int]]:
    """Each entry's owner, resolved today: the owning agency's leads, else the owning body's chair, else (an empty
    post, or no owner named) the business unit."""
    leads = leads_of({e.owner_organisation_id for e in entries if e.owner_organisation_id}, as_of)
    owners = owners_of({e.owner_body_id for e in entries if e.owner_body_id}, as_of)
    return {e.pk: leads.get(e.owner_organisation_id) or (owners.of(e.owner_body_id) if e.owner_body_id
                                                         else list(owners.business_unit)) for e in entries}


def _ladder_rungs(as_of: date):
    holder = body_with_function(Function.HOLDS_LOG, as_of)
    chair = chairs_of([holder], as_of).get(holder.pk) if holder else None
    return [chair.person_id] if chair else []


def review_dues(as_of: date) -> list[Due]:
    """Each open risk's next review, and each tolerance's end, chased to the risk's owners. The date is in the
    key: a review recorded sets a new date, and the new date its own ladder."""
    entries = list(Entry.objects.filter(kind=Kind.RISK).exclude(status__in=ENDED).filter(
        Q(next_review_on__isnull=False) | Q(tolerated_until__isnull=False)).order_by("pk"))
    if not entries:
        return []
    owners = _owners(entries, as_of)
    unit = list(owners_of([], as_of).business_unit)
    holder_chair = _ladder_rungs(as_of)
    dues = []
    for entry in entries:
        rungs = [(OWNER, owners[entry.pk]), (BUSINESS_UNIT, unit), (MONITORING_CHAIR, holder_chair)]
        url = reverse("entry-detail", args=[entry.pk])
        if entry.status == Status.TOLERATED and entry.tolerated_until:
            dues.append(Due(key=f"{TOLERANCE}:{entry.pk}:{entry.tolerated_until.isoformat()}",
                            title=f"Tolerance of {entry.reference} ends: review it", url=url,
                            due_date=entry.tolerated_until, rungs=rungs))
        elif entry.next_review_on:
            dues.append(Due(key=f"{REVIEW}:{entry.pk}:{entry.next_review_on.isoformat()}",
                            title=f"Review of {entry.reference}", url=url, due_date=entry.next_review_on,
                            rungs=rungs))
    return dues


def alert_dues(as_of: date) -> list[Due]:
    """Persisting risks (challenge_log.alerts), to the chair of the body that holds the log and the business
    unit, from the day each arose until the entry is escalated, tolerated, ended or the rule no longer holds."""
    from .alerts import persisting

    alerts = persisting(as_of)
    if not alerts:
        return []
    unit = list(owners_of([], as_of).business_unit)
    holder_chair = _ladder_rungs(as_of)
    return [Due(key=alert.key, title=f"Persisting: {alert.entry.reference}, {alert.reason}",
                url=reverse("entry-detail", args=[alert.entry.pk]), due_date=alert.since,
                rungs=[(OWNER, list(dict.fromkeys(holder_chair + unit))), (BUSINESS_UNIT, unit)])
            for alert in alerts]
