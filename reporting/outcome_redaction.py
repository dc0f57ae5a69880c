"""A redaction reaches the quarterly outcome reports (DESIGN.md: nothing is deleted but by an audited redaction,
which replaces the text wherever the app stored it). A report copies the text of decisions, progress updates,
evidence and summaries into its snapshot when it is built, and an issued one froze its page, PDF and Word
document, and became a meeting paper with that PDF. The text is replaced in every snapshot that holds it, an
issued report's page is drawn again from its snapshot, and its PDF and Word document (and the meeting paper's
copy of the PDF, with every earlier version of it) are removed from the disk and rendered again by the job.
A redaction is the one change an issued paper allows: it takes out what should never have been typed."""

from django.db import transaction

from bscb.redaction import file_versions, register_frozen_copies, scrub

from .outcome_models import OutcomeReport, ReportState
from .papers_models import MeetingPaper


def _scrubbed(value, text: str):
    if isinstance(value, str):
        return scrub(value, text, cut=True)  # a copy may be shortened (bscb.text.shorten) in the middle of it
    if isinstance(value, list):
        return [_scrubbed(item, text) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, text) for key, item in value.items()}
    return value


def _remove_files(record, fields) -> None:
    """Every stored version of the record's files, off the disk once the redaction commits; the record and its
    history no longer name them."""
    model = type(record)
    for field in fields:
        names = file_versions(record, field) if hasattr(model, "history") and field in {
            f.name for f in model.history.model._meta.concrete_fields} else [getattr(record, field).name]
        names = [name for name in names if name]
        if not names:
            continue
        model._default_manager.filter(pk=record.pk).update(**{field: ""})
        history = getattr(model, "history", None)
        if history is not None and field in {f.name for f in history.model._meta.concrete_fields}:
            history.model._default_manager.filter(id=record.pk).update(**{field: ""})
        storage = model._meta.get_field(field).storage
        transaction.on_commit(lambda storage=storage, names=names: [storage.delete(name) for name in names])


@register_frozen_copies
def outcome_reports_redact(text: str) -> list[str]:
    from .outcome_services import document_html
    from .outcome_tasks import render_outcome_documents

    places = []
    # A few reports a quarter: read them all, and let Python find the text (the JSON escapes some characters).
    for report in OutcomeReport.objects.select_for_update().order_by("pk"):
        snapshot = _scrubbed(report.snapshot, text)
        if snapshot == report.snapshot:
            continue
        report.snapshot = snapshot
        OutcomeReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
        if report.state != ReportState.ISSUED:
            places.append(f"{report}: its snapshot")
            continue
        report.html = document_html(report)
        OutcomeReport.objects.filter(pk=report.pk).update(html=report.html)
        _remove_files(report, ["pdf", "docx"])
        for paper in MeetingPaper.objects.filter(url=report.get_absolute_url()).exclude(document=""):
            _remove_files(paper, ["document"])
        transaction.on_commit(lambda pk=report.pk: render_outcome_documents.delay(pk))
        places.append(f"{report}: its snapshot and page; its PDF and Word document, and the meeting paper's copy, "
                      "rendered again")
    return places
