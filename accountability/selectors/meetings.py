"""Reads of meetings, attendance and decisions, with their joins applied."""

from collections import defaultdict
from datetime import date

from django.db.models import Count

from ..models import Attendance, AttendanceStatus, Body, Decision, Meeting, MeetingStatus

# A body's long texts, left out where a list shows only its name.
BODY_LONG_TEXT = ("purpose", "terms_of_reference", "membership_rule")


def body_meetings(body: Body):
    return Meeting.objects.filter(body=body).select_related("body").order_by("-starts_at")


def meeting_detail(pk: int) -> Meeting:
    return Meeting.objects.select_related("body", "body__kind").get(pk=pk)


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendances.select_related("person", "organisation", "delegate_organisation")
        .order_by("person__full_name")
    )


def meeting_decisions(meeting: Meeting):
    return meeting.decisions.prefetch_related("themes").select_related("created_by").order_by("pk")


def decision_log(filters=None):
    from ..filters import DecisionFilter

    queryset = (
        Decision.objects.select_related("meeting", "meeting__body")
        .defer("meeting__minutes", *(f"meeting__body__{name}" for name in BODY_LONG_TEXT))
        .prefetch_related("themes")
    )
    return DecisionFilter(filters, queryset=queryset).qs if filters is not None else queryset


def attendance_rates(start: date, end: date, by: str = "organisation") -> list[dict]:
    """Attendance at held meetings between two dates, per agency (or per person): how many
    meetings expected, attended in person, by a delegate, with apologies, absent, and the rate.
    A delegate counts as attendance only when recorded as sufficiently senior."""
    # Grouped by id as well as name, so that two people (or agencies) of one name stay apart.
    if by == "organisation":
        key, label = "organisation_id", "organisation__name"
    else:
        key, label = "person_id", "person__full_name"
    rows = (
        Attendance.objects.filter(
            meeting__status=MeetingStatus.HELD,
            meeting__starts_at__date__gte=start, meeting__starts_at__date__lte=end,
        )
        .values(key, label, "status", "delegate_sufficiently_senior")
        .annotate(n=Count("pk"))
    )
    table = defaultdict(lambda: {"expected": 0, "present": 0, "delegate": 0, "apologies": 0, "absent": 0,
                                 "delegate_not_senior": 0})
    for row in rows:
        entry = table[(row[label] or "No agency recorded", row[key] or 0)]
        entry["expected"] += row["n"]
        if row["status"] == AttendanceStatus.DELEGATE and row["delegate_sufficiently_senior"] is not True:
            entry["delegate_not_senior"] += row["n"]
        entry[row["status"]] += row["n"]
    result = []
    for (name, _pk), entry in sorted(table.items()):
        attended = entry["present"] + entry["delegate"] - entry["delegate_not_senior"]
        entry["name"] = name
        entry["rate"] = round(100 * attended / entry["expected"]) if entry["expected"] else None
        result.append(entry)
    return result


def meeting_list(filters=None):
    """Meetings with their bodies, newest first, narrowed by `filters` (a MeetingFilter's data: with no
    `when`, the upcoming ones, soonest first)."""
    from ..filters import MeetingFilter

    queryset = (
        Meeting.objects.select_related("body").defer("minutes", *(f"body__{name}" for name in BODY_LONG_TEXT))
        .order_by("-starts_at", "-pk")
    )
    return MeetingFilter(filters, queryset=queryset).qs if filters is not None else queryset
