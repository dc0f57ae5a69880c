"""Permissions, decided per record from the person's seats and agency leads (accountability.roles).

The predicates every app composes its rules from: `is_business_unit`, `is_member_of_body`,
`chairs_body`, and `not_own_work`, which every approval, sign-off, ratification, judgement and
receipt adds (DESIGN.md: nobody acts on their own body's work)."""

import rules

from .models import Body, Organisation
from .roles import roles_for


def body_of(obj):
    """The body a record belongs to: a body, a meeting, or anything with a meeting."""
    if obj is None:
        return None
    if hasattr(obj, "kind_id") and hasattr(obj, "memberships"):
        return obj
    if hasattr(obj, "body_id"):
        return obj.body
    if hasattr(obj, "meeting_id"):
        return obj.meeting.body
    raise TypeError(f"No body for {obj!r}")


def work_of(record) -> tuple[int | None, int | None]:
    """Whose work a record is, as (body id, organisation id). A body or an organisation is its own; a
    body's record names the body by `body_id`; an agency's response names the agency by
    `organisation_id`; a record about another record's work (the receipt of a summary, the judgement
    of a response) names that work by a `work` attribute."""
    if isinstance(record, Body):
        return record.pk, None
    if isinstance(record, Organisation):
        return None, record.pk
    if hasattr(record, "work"):
        return work_of(record.work)
    body_id, organisation_id = getattr(record, "body_id", None), getattr(record, "organisation_id", None)
    if body_id is None and organisation_id is None:
        raise TypeError(f"Whose work is {record!r}? It names no body and no organisation.")
    return body_id, organisation_id


def is_own_work(user, work) -> bool:
    """Whether `work` is the person's own body's or agency's: they sit on the body (by their own
    membership or a derived seat), or lead or deputise for the agency. Such a person never approves,
    signs off, ratifies, judges or acknowledges it (DESIGN.md)."""
    if not user.is_authenticated:
        return False
    body_id, organisation_id = work_of(work)
    return roles_for(user).own_work(body_id=body_id, organisation_id=organisation_id)


@rules.predicate
def not_own_work(user, obj):
    """The rule every approval, sign-off, ratification, judgement and receipt adds: the work is not the
    person's own body's or agency's (and there is a record to judge)."""
    return obj is not None and user.is_authenticated and not is_own_work(user, obj)


@rules.predicate
def is_business_unit(user):
    """The person sits on the body that holds the business-unit function (the one test of it)."""
    return user.is_authenticated and roles_for(user).is_business_unit


@rules.predicate
def is_member_of_body(user, obj):
    body = body_of(obj)
    return body is not None and roles_for(user).member_of(body.pk)


@rules.predicate
def chairs_body(user, obj):
    body = body_of(obj)
    return body is not None and roles_for(user).chairs(body.pk)


# Partnership records: every signed-in member reads them.
rules.add_perm("accountability.view_partnership", rules.is_authenticated)
# The business unit keeps the structure: organisations, bodies, memberships, meetings, people.
rules.add_perm("accountability.manage_structure", is_business_unit)
rules.add_perm("accountability.view_people", is_business_unit)
rules.add_perm("accountability.view_history", is_business_unit)
# Attendance: the business unit or the body's chair; decisions: the BU or a member of that body,
# as the minutes record them (DESIGN.md).
rules.add_perm("accountability.record_attendance", is_business_unit | chairs_body)
rules.add_perm("accountability.record_decision", is_business_unit | is_member_of_body)
rules.add_perm("bscb.redact", is_business_unit)
# Themes are shared tags; the business unit adds to the plan's list.
rules.add_perm("bscb.manage_themes", is_business_unit)
