"""What the meeting papers and the quarterly outcome report (issue 17) add to the dashboards (issue 18), through
the hooks those pages left for them: the next Board meeting's report and pack, and the papers of the meetings
coming up that have none yet. Registered when reporting.dashboards is imported."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from ..outcome_selectors import issued_report_for_meeting
from ..papers_models import MeetingPaper
from .board import NEXT_BOARD_ITEMS
from .business_unit import PAPERS_OUTSTANDING


def next_board_papers(user, meeting) -> list[tuple[str, str]]:
    """The quarterly outcome report issued to the meeting, and its pack (built for its reader)."""
    if meeting is None:
        return []
    found = []
    report = issued_report_for_meeting(meeting)
    if report is not None:
        found.append((f"{report}, issued to this meeting", report.get_absolute_url()))
    found.append(("The meeting's papers and its pack", reverse("pack-page", args=[meeting.pk])))
    return found


def meetings_without_papers(user, meetings) -> list[tuple[str, str]]:
    """The meetings coming up with no paper yet: one query for all of them."""
    meetings = list(meetings)
    counts = dict(MeetingPaper.objects.filter(meeting__in=meetings).values("meeting").annotate(
        n=Count("pk", filter=Q(withdrawn_on__isnull=True))).values_list("meeting", "n"))
    return [(f"{m.body.name}, {timezone.localtime(m.starts_at):%-d %B %Y}: no papers yet",
             reverse("paper-list", args=[m.pk]))
            for m in meetings if not counts.get(m.pk)]


NEXT_BOARD_ITEMS.append(next_board_papers)
PAPERS_OUTSTANDING.append(meetings_without_papers)
