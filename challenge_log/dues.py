"""What the log declares to the chase (notifications): assurance reports owed. Who owes one is worked out
when the chase runs, from current leads and chairs, never stored: a lead who changes takes the obligation
along, and a request to a body with no chair goes to the business unit. The ladder climbs to the business
unit and then to the chair of the body that holds the log. The sources only read."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from accountability.models import Function, OrganisationLead
from accountability.people import body_with_function, chairs_of, current, owners_of
from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER, Due

from .models import ENDED, AssuranceRequest

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
    leads: dict[int, list[int]] = {}
    organisations = {r.organisation_id for r in requests if r.organisation_id}
    for organisation_id, person_id in (OrganisationLead.objects.filter(current(as_of), organisation__in=organisations)
                                       .order_by("role", "person__full_name")
                                       .values_list("organisation_id", "person_id")):
        leads.setdefault(organisation_id, []).append(person_id)
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
