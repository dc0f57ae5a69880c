"""Scaled papers for the benchmark (`manage.py seed_scale --factor N`): the latest meeting of the first seeded body
with meetings gets, per factor, two papers in PDF (three pages each, one of them restricted) and two linked
records, so that at factor 10 its pack merges 20 PDFs and lists 40 papers. Written with bulk_create, as the other
seeds are (no history); the PDFs share one stored file. Idempotent: topped up to what the factor asks for."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accountability.models import Meeting
from bscb import documents

from .papers_models import MeetingPaper

SEEDED_TITLE = "Seeded paper "
SEEDED_BODY = "Seeded group "  # accountability/seed.py's bodies
PER_FACTOR = 4
STORED = "papers/seeded-paper.pdf"


def bench_meeting() -> Meeting | None:
    return (Meeting.objects.filter(body__name__startswith=SEEDED_BODY).order_by("body_id", "-starts_at")
            .select_related("body").first())


def _stored_pdf() -> str:
    if not default_storage.exists(STORED):
        from bscb.pdf import render_pdf

        text = "<p>" + "A seeded paper's text, long enough to fill its pages. " * 80 + "</p>"
        return default_storage.save(STORED, ContentFile(render_pdf(f"<h1>Seeded paper</h1>{text * 3}",
                                                                   title="Seeded paper")))
    return STORED


@transaction.atomic
def seed(factor: int) -> dict[str, int]:
    meeting = bench_meeting()
    if meeting is None:
        return {"papers": 0}
    have = MeetingPaper.objects.filter(meeting=meeting, title__startswith=SEEDED_TITLE).count()
    wanted = PER_FACTOR * factor
    stored = _stored_pdf()
    new = []
    for number in range(have + 1, wanted + 1):
        pdf = number % 2 == 1
        new.append(MeetingPaper(meeting=meeting, title=f"{SEEDED_TITLE}{number}", order=number,
                                restricted=number % 4 == 1, document=stored if pdf else "",
                                document_kind=documents.PDF if pdf else "", url="" if pdf else "/yearly/"))
    MeetingPaper.objects.bulk_create(new)
    return {"papers": wanted}
