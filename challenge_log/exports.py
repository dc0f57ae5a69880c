"""The log as a business unit officer keeps it in Excel: the columns of its CSV and XLSX exports, one row an
entry of the filtered list (selectors.entry_export, which reads the list's own rows). Read as plain values, not
model instances: an export of thousands of rows spent most of its time building instances."""

from django.utils import timezone

from .models import Kind, Status, StepKind

HEADER = ["Reference", "Title", "Kind", "Raised by", "Directed to", "Likelihood", "Impact", "Score",
          "Target score", "Status", "Raised on", "Next review", "Latest step", "Latest step on"]
WIDTHS = [14, 50, 10, 30, 30, 10, 8, 8, 12, 26, 12, 12, 30, 16]
FIELDS = ("reference", "title", "kind", "raised_by_body__name", "organisation__name", "body__name", "likelihood",
          "impact", "current_score", "target_likelihood", "target_impact", "status", "raised_on", "next_review_on",
          "latest_kind", "latest_on")
KINDS, STATUSES, STEPS = dict(Kind.choices), dict(Status.choices), dict(StepKind.choices)


def row(values: tuple) -> list:
    """One of entry_export's rows (FIELDS) as its line in the spreadsheet."""
    (reference, title, kind, raised_by, agency, body, likelihood, impact, score, target_likelihood,
     target_impact, status, raised_on, next_review_on, latest_kind, latest_on) = values
    target = target_likelihood * target_impact if target_likelihood and target_impact else None
    return [reference, title, KINDS.get(kind, kind), raised_by, agency or body or "", likelihood, impact, score,
            target, STATUSES.get(status, status), timezone.localdate(raised_on), next_review_on,
            STEPS.get(latest_kind, ""), latest_on]


def table(entries) -> tuple[list[str], object]:
    """The header, and the rows as they are read (the query runs once, in chunks)."""
    return HEADER, (row(values) for values in entries.values_list(*FIELDS).iterator(chunk_size=2000))
