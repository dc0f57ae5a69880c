"""Who reads and writes summaries (autodiscovered by django-rules).

A draft is a body record, work in progress (DESIGN.md): its body's members (a derived seat counts), the
member nominated to draft it and the business unit read it. The bodies it goes to see that it exists, its
state and when it is due (the lists and overviews show that without a link) and read it once it is
submitted: a submitted summary is a partnership record. Its versions are read as it is. The chair, the
member the chair nominates and the business unit write it; the chair or the BU nominates.

Pages draw each link to a summary from `reporting.view_summary` (`{% has_perm %}`), the rule its page
is opened by: a reader never meets a link to a summary that refuses them."""

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
    (rules.is_authenticated & summary_is_submitted) | member_of_summary_body | nominated_drafter | is_business_unit,
)
rules.add_perm("reporting.write_summary", chairs_summary_body | nominated_drafter | is_business_unit)
rules.add_perm("reporting.nominate_drafter", chairs_summary_body | is_business_unit)
# Receipt is acknowledgement: the business unit marks it, never for its own body's summary.
rules.add_perm("reporting.mark_received", is_business_unit & not_own_work)
rules.add_perm("reporting.view_received", receives_any | is_business_unit)
rules.add_perm("reporting.view_due", is_business_unit)
rules.add_perm("reporting.remind", is_business_unit)

# The quarterly outcome report's rules and a meeting's papers', registered with these.
from . import outcome_rules, papers_rules  # noqa: E402, F401
