"""A meeting's pack, built for one reader (what she may read), on request: a page that lists its contents,
and one PDF of the same contents.

The PDF: a cover, a contents page giving each part's page (or, for a paper in another format, its link), the
agenda, the sections the pack prints (bscb.pdf: WeasyPrint, tagged PDF/UA), then the stored PDFs of the
papers merged after them with pypdf, each with a bookmark. The contents' page numbers of the printed sections
come from WeasyPrint (target-counter); those of the merged PDFs follow from the printed pages' count, so the
printed part is laid out twice when the pack merges any PDF (the second time with those numbers in)."""

import logging
from dataclasses import dataclass, field
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone

from accountability.models import AgendaItem, Meeting
from bscb import pdf
from bscb.mail import absolute_url
from bscb.partnership import partnership_get

from .pack_parts import PARTS, Part

log = logging.getLogger(__name__)

# The merged papers keep their own pages, unnumbered by the pack: its printed pages say their number alone.
PAGE_NUMBERS = ('@page { @bottom-right { content: "Page " counter(page); } } '
                '@page :first { @bottom-right { content: none; } }')
DAMAGED = "The stored PDF could not be read, so it is not merged: follow its link."


@dataclass
class Pack:
    meeting: Meeting
    reader: object
    agenda: list
    parts: list[Part] = field(default_factory=list)

    @property
    def printed(self) -> list[Part]:
        return [part for part in self.parts if part.html]

    @property
    def merged(self) -> list[Part]:
        return [part for part in self.parts if part.pdf is not None]

    @property
    def title(self) -> str:
        day = timezone.localtime(self.meeting.starts_at)
        return f"Papers for the {self.meeting.body.name} meeting, {day:%-d %B %Y}"


def pack_for(meeting: Meeting, user) -> Pack:
    """The pack as `user` may read it: every registered part's entries, in order. A fixed number of queries."""
    agenda = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk").only("title", "order"))
    pack = Pack(meeting=meeting, reader=user, agenda=agenda)
    for part_function in PARTS:
        pack.parts += part_function(meeting, user)
    return pack


def _print_html(pack: Pack, pages: dict[str, int]) -> str:
    return render_to_string("reporting/pack/print.html", {
        "pack": pack, "meeting": pack.meeting, "partnership": partnership_get(),
        "entries": [{"part": part, "page": pages.get(part.key), "link": absolute_url(part.url) if part.url else ""}
                    for part in pack.parts],
        "made_on": timezone.localtime(),
    })


def _readers(pack: Pack) -> dict[str, object]:
    """Each merged part's PDF, read; one that cannot be read is listed with its link instead."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    readers = {}
    for part in pack.merged:
        try:
            with part.pdf.open("rb") as handle:
                readers[part.key] = PdfReader(BytesIO(handle.read()))
            len(readers[part.key].pages)
        except (OSError, PyPdfError, ValueError) as error:
            log.warning("Pack of meeting %s: paper %s not merged: %s", pack.meeting.pk, part.key, error)
            readers.pop(part.key, None)
            part.pdf, part.note = None, DAMAGED
    return readers


def pack_pdf(pack: Pack) -> bytes:
    """The pack as one PDF (see the module's note)."""
    from pypdf import PdfReader, PdfWriter

    readers = _readers(pack)
    printed = pdf.render_pdf(_print_html(pack, {}), title=pack.title, stylesheets=(PAGE_NUMBERS,))
    if readers:
        start = len(PdfReader(BytesIO(printed)).pages) + 1
        pages = {}
        for part in pack.merged:
            pages[part.key] = start
            start += len(readers[part.key].pages)
        printed = pdf.render_pdf(_print_html(pack, pages), title=pack.title, stylesheets=(PAGE_NUMBERS,))
    writer = PdfWriter(clone_from=BytesIO(printed))
    for part in pack.merged:
        first = len(writer.pages)
        writer.append(readers[part.key], import_outline=False)
        writer.add_outline_item(title=part.title + (" (restricted)" if part.restricted else ""), page_number=first)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
