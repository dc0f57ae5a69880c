"""Who may see and do what in the log (DESIGN.md), decided per record from the person's seats and agency
leads (accountability.roles, loaded once per request) and the body that holds the log.

An unrestricted entry and its responses are partnership records. A restricted one is seen by the business
unit, the chair of the body that holds the log, the Independent Chair, the chair of the body that raised it,
those it is addressed to (the agency's leads and deputies, or the body's chair) and, once escalated, the
members of the body it went to."""

import rules
from django.utils import timezone

from accountability.models import Function
from accountability.people import body_with_function
from accountability.roles import roles_for
from accountability.rules import is_business_unit, not_own_work


def entry_of(obj):
    """The entry a log record belongs to: an entry, a request, a response, a judgement, an escalation..."""
    for name in ("entry", "request", "response"):
        if hasattr(obj, f"{name}_id") and not hasattr(obj, "reference"):
            return entry_of(getattr(obj, name))
    return obj


def log_holder():
    """The body that holds the log today (the BPG in Bradford), or None; once per request."""
    return body_with_function(Function.HOLDS_LOG, timezone.localdate())


def _holds_log_seat(user, chair=False) -> bool:
    roles = roles_for(user)
    holding = roles.bodies_holding({Function.HOLDS_LOG})
    return bool(holding & roles.chaired_body_ids) if chair else bool(holding)


def reads_whole_log(user) -> bool:
    """Reads every entry, restricted ones included: the business unit, the chair of the body that holds the
    log, the Independent Chair."""
    roles = roles_for(user)
    return bool(roles.is_business_unit or roles.bodies_holding({Function.HOLDS_LOG}) & roles.chaired_body_ids
                or roles.is_independent_chair)


@rules.predicate
def sits_on_log_holder(user):
    return user.is_authenticated and _holds_log_seat(user)


@rules.predicate
def chairs_log_holder(user):
    return user.is_authenticated and _holds_log_seat(user, chair=True)


@rules.predicate
def is_independent_chair(user):
    return user.is_authenticated and roles_for(user).is_independent_chair


@rules.predicate
def chairs_raising_body(user, obj):
    return obj is not None and user.is_authenticated and roles_for(user).chairs(entry_of(obj).raised_by_body_id)


@rules.predicate
def sits_on_raising_body(user, obj):
    return obj is not None and user.is_authenticated and roles_for(user).member_of(entry_of(obj).raised_by_body_id)


def _answers_for(user, organisation_id, body_id) -> bool:
    roles = roles_for(user)
    return (organisation_id is not None and organisation_id in roles.lead_organisation_ids) or (
        body_id is not None and roles.chairs(body_id))


@rules.predicate
def is_addressed(user, obj):
    """Leads or deputises for the agency the entry (or one of its requests) is addressed to, or chairs the body."""
    if obj is None or not user.is_authenticated:
        return False
    entry = entry_of(obj)
    if _answers_for(user, entry.organisation_id, entry.body_id):
        return True
    return any(_answers_for(user, r.organisation_id, r.body_id) for r in entry.requests.all())


@rules.predicate
def answers_request(user, request):
    return request is not None and user.is_authenticated and _answers_for(user, request.organisation_id,
                                                                            request.body_id)


@rules.predicate
def sits_where_escalated(user, obj):
    if obj is None or not user.is_authenticated:
        return False
    roles = roles_for(user)
    return any(roles.member_of(e.to_body_id) for e in entry_of(obj).escalations.all())


@rules.predicate
def is_unrestricted(user, obj):
    return obj is not None and user.is_authenticated and not entry_of(obj).restricted


@rules.predicate
def is_judge(user, obj):
    """The raising body's chair, or the member she nominated."""
    entry = entry_of(obj) if obj is not None else None
    return entry is not None and user.is_authenticated and (
        roles_for(user).chairs(entry.raised_by_body_id) or entry.judge_nominee_id == user.pk)


@rules.predicate
def owns_entry(user, obj):
    entry = entry_of(obj) if obj is not None else None
    return entry is not None and user.is_authenticated and _answers_for(user, entry.owner_organisation_id,
                                                                        entry.owner_body_id)


@rules.predicate
def member_of_escalation_body(user, escalation):
    return escalation is not None and user.is_authenticated and roles_for(user).member_of(escalation.to_body_id)


can_see_restricted = (is_business_unit | chairs_log_holder | is_independent_chair | chairs_raising_body
                      | is_addressed | sits_where_escalated)

rules.add_perm("challenge_log.view_entry", is_unrestricted | can_see_restricted)
rules.add_perm("challenge_log.view_log", rules.is_authenticated)
# A saved view of the list is its person's own: nobody else opens, renames or deletes it.
rules.add_perm("challenge_log.change_saved_view", rules.predicate(
    lambda user, view: view is not None and user.is_authenticated and view.owner_id == user.pk))
# Raising: a member of the raising body (the object is the body), or the business unit.
rules.add_perm("challenge_log.raise_entry", is_business_unit | rules.predicate(
    lambda user, body: body is not None and roles_for(user).member_of(body.pk)))
# Keeping an entry: the business unit (who keeps the log) or the raising body's chair.
rules.add_perm("challenge_log.change_entry", is_business_unit | chairs_raising_body)
rules.add_perm("challenge_log.request_assurance", is_business_unit | chairs_raising_body | sits_on_log_holder)
rules.add_perm("challenge_log.nominate_judge", chairs_raising_body)
rules.add_perm("challenge_log.answer", answers_request)
# Judging: the raising body's chair or her nominee, never of a response by one's own agency or body.
rules.add_perm("challenge_log.judge", is_judge & not_own_work)
# Escalating to the Board is the log holder's decision: its members, or the business unit recording it.
rules.add_perm("challenge_log.escalate", is_business_unit | sits_on_log_holder)
rules.add_perm("challenge_log.record_outcome", is_business_unit | member_of_escalation_body)
rules.add_perm("challenge_log.review_risk", is_business_unit | sits_on_log_holder | owns_entry)
rules.add_perm("challenge_log.decide_tolerance", sits_on_log_holder)
rules.add_perm("challenge_log.manage_log", is_business_unit)
# The plan's escalation policy: a body that has not submitted what it owes is challenged, from the page of
# what is due, by the business unit or the body that holds the log.
rules.add_perm("challenge_log.raise_noncompliance", is_business_unit | sits_on_log_holder)
