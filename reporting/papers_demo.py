"""The demo's papers: the Board's next meeting has three (a strategy for agreement in PDF, a restricted briefing,
and a link to the yearly assurance reports), so that after `make run` every role has a pack to open, and a Board
member and a sub group member see it differ by the restricted paper. Added by the business unit officer through
the services; idempotent: a meeting that has papers is left as it is."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from accountability.demo import history_names, recorder
from accountability.models import Function, Meeting, MeetingStatus
from bscb.pdf import render_pdf

from . import papers_services as services
from .papers_models import MeetingPaper

PAPERS = [
    ("Neglect strategy 2027 for agreement", False,
     ["The partnership's neglect strategy sets out how agencies will recognise and respond to neglect earlier.",
      "The Board is asked to agree the strategy and the measures the PMAE sub group will report against."]),
    ("Serious case review: early findings", True,
     ["Early findings of a serious case review, for the Board's members only until the review is published.",
      "The child is referred to as Child A throughout."]),
]


def _document(title: str, paragraphs: list[str]) -> SimpleUploadedFile:
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return SimpleUploadedFile("paper.pdf", render_pdf(f"<h1>{escape(title)}</h1>{body}", title=title))


def next_board_meeting() -> Meeting | None:
    return (Meeting.objects.filter(body__functions__function=Function.RATIFIES, status=MeetingStatus.SCHEDULED,
                                   starts_at__gte=timezone.now()).select_related("body").order_by("starts_at").first())


def demo_papers_load(data: dict) -> None:
    meeting = next_board_meeting()
    if meeting is None or MeetingPaper.objects.filter(meeting=meeting).exists():
        return
    by = recorder(data)
    with history_names(by):
        for title, restricted, paragraphs in PAPERS:
            services.paper_add(meeting=meeting, title=title, restricted=restricted,
                               upload=_document(title, paragraphs), by=by)
        services.paper_link_record(meeting, title="Yearly assurance reports received", url="/yearly/",
                                   record_kind="Yearly assurance reports", by=by)
