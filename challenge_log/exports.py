"""The log as a business unit officer keeps it in Excel: the columns of its CSV and XLSX exports, one row an
entry of the filtered list (selectors.entry_export, which reads the list's own rows)."""

from django.utils import timezone

from .models import StepKind

HEADER = ["Reference", "Title", "Kind", "Raised by", "Directed to", "Likelihood", "Impact", "Score",
          "Target score", "Status", "Raised on", "Next review", "Latest step", "Latest step on"]
WIDTHS = [14, 50, 10, 30, 30, 10, 8, 8, 12, 26, 12, 12, 30, 16]
STEP_LABELS = dict(StepKind.choices)


def row(entry) -> list:
    """An entry of entry_export's rows as its line in the spreadsheet."""
    return [
        entry.reference, entry.title, entry.get_kind_display(), entry.raised_by_body.name,
        str(entry.directed_to or ""), entry.likelihood, entry.impact, entry.current_score, entry.target_score,
        entry.get_status_display(), timezone.localdate(entry.raised_on), entry.next_review_on,
        STEP_LABELS.get(entry.latest_kind, ""), entry.latest_on,
    ]


def table(entries) -> tuple[list[str], object]:
    """The header, and the rows as they are read (the query runs once, in chunks)."""
    return HEADER, (row(entry) for entry in entries.iterator(chunk_size=2000))
