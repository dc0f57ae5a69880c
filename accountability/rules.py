"""Permissions, decided per record from current memberships (accountability.roles)."""

import rules

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


@rules.predicate
def is_business_unit(user):
    return roles_for(user).is_business_unit


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
