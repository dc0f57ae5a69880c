"""Who reads and writes summaries (autodiscovered by django-rules).

A draft is a body record: the body's members, the business unit and the members of the bodies that
receive that kind (the function held over it: a body receiving yearly reports does not read a
quarterly summary's draft) read it. A submitted summary is a partnership record. The chair, the member the
chair nominates and the business unit write it; the chair or the BU nominates."""

import rules

from accountability.roles import roles_for
from accountability.rules import is_business_unit, not_own_work

from .models import RECEIVED_BY

# The bodies that receive summaries, quarterly summaries or yearly reports hold a function over them.
RECEIVING = set(RECEIVED_BY.values())


def _summary(obj):
    return getattr(obj, "summary", obj)


@rules.predicate
def receives_any(user):
    return user.is_authenticated and bool(roles_for(user).functions_held & RECEIVING)


@rules.predicate
def receives_this_kind(user, obj):
    return (obj is not None and user.is_authenticated
            and RECEIVED_BY[_summary(obj).kind] in roles_for(user).functions_held)


@rules.predicate
def summary_is_submitted(user, obj):
    return obj is not None and _summary(obj).status == "submitted"


@rules.predicate
def member_of_summary_body(user, obj):
    return obj is not None and user.is_authenticated and roles_for(user).member_of(_summary(obj).body_id)


@rules.predicate
def chairs_summary_body(user, obj):
    return obj is not None and user.is_authenticated and roles_for(user).chairs(_summary(obj).body_id)


@rules.predicate
def nominated_drafter(user, obj):
    return obj is not None and user.is_authenticated and _summary(obj).nominated_drafter_id == user.pk


rules.add_perm(
    "reporting.view_summary",
    (rules.is_authenticated & summary_is_submitted) | member_of_summary_body | is_business_unit | receives_this_kind,
)
rules.add_perm("reporting.write_summary", chairs_summary_body | nominated_drafter | is_business_unit)
rules.add_perm("reporting.nominate_drafter", chairs_summary_body | is_business_unit)
# Receipt is acknowledgement: the business unit marks it, never for its own body's summary.
rules.add_perm("reporting.mark_received", is_business_unit & not_own_work)
rules.add_perm("reporting.view_received", receives_any | is_business_unit)
rules.add_perm("reporting.view_due", is_business_unit)
rules.add_perm("reporting.remind", is_business_unit)
