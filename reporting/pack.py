"""A meeting's pack, built for one reader (what she may read), on request: a page that lists its contents,
and one PDF of the same contents.

The PDF: a cover, a contents page giving each part's page (or, for a paper in another format, its link), the
agenda, the sections the pack prints (bscb.pdf: WeasyPrint, tagged PDF/UA), then each stored PDF paper after a
cover sheet of its own, merged with pypdf. The printed part is laid out once: WeasyPrint numbers its pages and
the contents (target-counter), the page counter stepping over the merged papers' pages at each cover sheet.
The merged papers keep their own content and tags; the pack's structure tree is the printed part's."""

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


def _print_html(pack: Pack, extra_pages: dict[str, int]) -> str:
    return render_to_string("reporting/pack/print.html", {
        "pack": pack, "meeting": pack.meeting, "partnership": partnership_get(),
        "entries": [{"part": part, "link": absolute_url(part.url) if part.url else ""} for part in pack.parts],
        "extra_pages": extra_pages, "made_on": timezone.localtime(),
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


def _page_counter_steps(pack: Pack, readers: dict) -> dict[str, int]:
    """How far the page counter steps at each merged paper's cover sheet: one page, and the pages of the paper
    merged before it (which will sit between the two sheets)."""
    steps, before = {}, 0
    for part in pack.merged:
        steps[part.key] = 1 + before
        before = len(readers[part.key].pages)
    return steps


def pack_pdf(pack: Pack) -> bytes:
    """The pack as one PDF, laid out once: the printed part ends with a cover sheet for each merged paper, whose
    page number (and the contents' entry for it) counts the pages of the papers merged before it; each paper's
    pages are then put after its sheet."""
    from pypdf import PdfWriter

    readers = _readers(pack)
    printed = pdf.render_pdf(_print_html(pack, _page_counter_steps(pack, readers)), title=pack.title,
                             stylesheets=(PAGE_NUMBERS,))
    writer = PdfWriter(clone_from=BytesIO(printed))
    sheets_from = len(writer.pages) - len(pack.merged)  # the cover sheets are the printed part's last pages
    for index, part in reversed(list(enumerate(pack.merged))):  # from the last: earlier positions hold
        writer.merge(sheets_from + index + 1, readers[part.key], import_outline=False)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
