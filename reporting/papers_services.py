"""Writes for a meeting's papers: add (an upload, or a link to a record), change, withdraw. Nothing is deleted:
a withdrawn paper keeps its row, its file and its history, with who withdrew it, when and why."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accountability.models import Meeting, MeetingStatus
from bscb import documents
from bscb.services import model_update, require, save_stamped

from .papers_models import MeetingPaper

# An uploaded paper: a document a Board member reads (an image is evidence, not a paper).
PAPER_KINDS = (documents.PDF, documents.DOCX, documents.ODT, documents.XLSX)

NOT_ALLOWED = "Only the business unit, or the chair of the body for its own meeting, may add or change its papers."
CANCELLED = "This meeting was cancelled: its papers can no longer be added or changed."
ONE_SOURCE = "Upload the paper's document, or give the link to the record it is, not both."
NO_SOURCE = "Upload the paper's document, or give the link to the record it is."
LINK_NOT_OURS = "Give a link to a record of this service: an address starting with /, such as /reporting/..."
ALREADY_WITHDRAWN = "This paper has already been withdrawn."
REASON_REQUIRED = "Give the reason for withdrawing the paper"
PDF_NOT_PDF = "The record's stored document must be a PDF."


def _check(meeting: Meeting, by) -> None:
    require(by, "reporting.manage_papers", meeting, message=NOT_ALLOWED)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(CANCELLED)


def _check_link(url: str) -> str:
    """A link to a record of this service: a path of ours, never another site (a paper's link is followed from
    the pack by people who trust it)."""
    url = (url or "").strip()
    if url and (not url.startswith("/") or url.startswith("//") or "\\" in url):
        raise ValidationError({"url": LINK_NOT_OURS})
    return url


def _next_order(meeting: Meeting) -> int:
    last = MeetingPaper.objects.filter(meeting=meeting).aggregate(last=Max("order"))["last"]
    return (last or 0) + 1


def _named(meeting_id: int, upload, kind: str):
    return documents.named(upload, stem=f"paper-{meeting_id}-{uuid.uuid4().hex[:16]}", kind=kind)


def _store(paper: MeetingPaper, upload, kind: str) -> None:
    paper.document, paper.document_kind = _named(paper.meeting_id, upload, kind), kind


@transaction.atomic
def paper_add(*, meeting: Meeting, title: str, by, order: int | None = None, restricted: bool = False,
              upload=None, url: str = "", record_kind: str = "") -> MeetingPaper:
    """A paper for the meeting: an uploaded document (checked by its content: PAPER_KINDS) or a link to a record
    of the service; last on the agenda unless `order` is given."""
    _check(meeting, by)
    url = _check_link(url)
    if upload and url:
        raise ValidationError({"document": ONE_SOURCE})
    if not upload and not url:
        raise ValidationError({"document": NO_SOURCE})
    paper = MeetingPaper(meeting=meeting, title=(title or "").strip(), restricted=restricted, url=url,
                         record_kind=(record_kind or "").strip(),
                         order=order if order is not None else _next_order(meeting))
    if upload:
        _store(paper, upload, documents.validate(upload, field="document", kinds=PAPER_KINDS))
    return save_stamped(paper, by)


@transaction.atomic
def paper_link_record(meeting: Meeting, *, title: str, url: str, pdf: bytes | None = None, restricted: bool = False,
                      record_kind: str = "", by) -> MeetingPaper:
    """A record of the service made one of the meeting's papers (the issued quarterly outcome report becomes a
    paper of the Board's meeting), with its stored PDF if it has one, which the pack then merges. Called again
    for the same record (a report issued again), the paper it made is brought up to date, not added twice."""
    _check(meeting, by)
    url = _check_link(url)
    if not url:
        raise ValidationError({"url": LINK_NOT_OURS})
    if pdf is not None and not bytes(pdf[:5]) == b"%PDF-":
        raise ValidationError({"document": PDF_NOT_PDF})
    paper = (MeetingPaper.objects.select_for_update().filter(meeting=meeting, url=url, withdrawn_on__isnull=True)
             .first())
    data = {"title": title.strip(), "restricted": restricted, "record_kind": record_kind.strip()}
    if paper is None:
        paper = MeetingPaper(meeting=meeting, url=url, order=_next_order(meeting), **data)
        if pdf is not None:
            _store(paper, ContentFile(pdf), documents.PDF)
        return save_stamped(paper, by)
    if pdf is not None:
        data.update(document=_named(meeting.pk, ContentFile(pdf), documents.PDF), document_kind=documents.PDF)
    model_update(paper, data, by=by)
    return paper


@transaction.atomic
def paper_update(*, paper: MeetingPaper, by, data: dict, upload=None, version: int | None = None) -> MeetingPaper:
    """Change a paper's title, place on the agenda, restriction or link; a new document (`upload`) replaces its
    document (the one before stays in its history). `version`: the one the edit form was opened at."""
    paper = MeetingPaper.objects.select_related("meeting").get(pk=paper.pk)
    _check(paper.meeting, by)
    if paper.is_withdrawn:
        raise ValidationError(ALREADY_WITHDRAWN)
    data = dict(data)
    if "url" in data:
        data["url"] = _check_link(data["url"])
    if upload:
        if data.get("url", paper.url) and not paper.document:
            raise ValidationError({"document": ONE_SOURCE})
        kind = documents.validate(upload, field="document", kinds=PAPER_KINDS)
        data.update(document=_named(paper.meeting_id, upload, kind), document_kind=kind)
    elif not paper.document and not data.get("url", paper.url):
        raise ValidationError({"url": NO_SOURCE})
    model_update(paper, data, by=by, version=version)
    return paper


@transaction.atomic
def paper_withdraw(*, paper: MeetingPaper, reason: str, by, now=None) -> MeetingPaper:
    """Take a paper off the meeting's papers and out of its pack, with who, when and why; kept, with its history."""
    paper = MeetingPaper.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=paper.pk)
    require(by, "reporting.manage_papers", paper.meeting, message=NOT_ALLOWED)
    if paper.is_withdrawn:
        raise ValidationError(ALREADY_WITHDRAWN)
    if not (reason or "").strip():
        raise ValidationError({"withdrawal_reason": REASON_REQUIRED})
    model_update(paper, {"withdrawn_on": now or timezone.now(), "withdrawn_by": by,
                         "withdrawal_reason": reason.strip()}, by=by)
    return paper


AT_TOP = "This paper is already first on the agenda."
AT_BOTTOM = "This paper is already last on the agenda."
MOVED_MEANWHILE = "The papers' order changed after you opened the page: check it, then move the paper again."


@transaction.atomic
def paper_move(*, paper: MeetingPaper, up: bool, by, opened_at: int | None = None) -> MeetingPaper:
    """Swap a paper with the one before (`up`) or after it on the agenda; the meeting's papers are numbered
    1, 2, 3... as they then stand. `opened_at`: the place the page showed it at; a paper that has moved since
    is refused, so that a second press of the same button does not move it twice."""
    meeting = Meeting.objects.get(pk=paper.meeting_id)
    _check(meeting, by)
    papers = list(MeetingPaper.objects.select_for_update().filter(meeting=meeting, withdrawn_on__isnull=True)
                  .order_by("order", "pk"))
    current = next((p for p in papers if p.pk == paper.pk), None)
    if current is None:
        raise ValidationError(ALREADY_WITHDRAWN)
    if opened_at is not None and current.order != opened_at:
        raise ValidationError(MOVED_MEANWHILE)
    index = papers.index(current)
    other = index - 1 if up else index + 1
    if other < 0:
        raise ValidationError(AT_TOP)
    if other >= len(papers):
        raise ValidationError(AT_BOTTOM)
    papers[index], papers[other] = papers[other], papers[index]
    for place, each in enumerate(papers, start=1):
        model_update(each, {"order": place}, by=by)
    return current
