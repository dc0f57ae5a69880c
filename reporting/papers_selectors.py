"""Reads of a meeting's papers, as their reader may read them: one query, whatever the number of papers."""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from accountability.models import Meeting

from .papers_models import MeetingPaper
from .papers_rules import reads_restricted_papers_of


@dataclass
class Papers:
    visible: list = field(default_factory=list)  # in agenda order, withdrawn ones left out
    withheld: int = 0  # restricted papers the reader may not read: counted, never named
    withdrawn: list = field(default_factory=list)  # for those who manage the papers


def meeting_for_papers(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def papers_for(meeting: Meeting, user) -> Papers:
    """The meeting's papers `user` may read (reporting.view_paper, for a list: the reader's seats, read once)."""
    rows = list(MeetingPaper.objects.filter(meeting=meeting).select_related("withdrawn_by").order_by("order", "pk"))
    reads_restricted = reads_restricted_papers_of(user, meeting.body_id)
    found = Papers()
    for paper in rows:
        paper.meeting = meeting  # no query a row for the rules that read its body
        if paper.restricted and not reads_restricted:
            found.withheld += not paper.is_withdrawn
        elif paper.is_withdrawn:
            found.withdrawn.append(paper)
        else:
            found.visible.append(paper)
    return found


def paper_detail(pk: int) -> MeetingPaper:
    return get_object_or_404(MeetingPaper.objects.select_related("meeting", "meeting__body"), pk=pk)
