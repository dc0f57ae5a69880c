"""A list taken away as a spreadsheet: CSV or XLSX, its rows as the page's selector gave them.

A cell a person typed can reach Excel, which runs a text that starts with =, +, - or @ as a formula (and
one that starts with a tab or a carriage return, which some readers strip first): such a text is written
with a leading single quote, as OWASP advises for CSV injection, in both formats. Numbers and dates are
written as they are."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value as a cell that cannot run: text starting like a formula gets a leading quote; an aware date
    and time is written in local time without its zone (a spreadsheet has none); None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | date):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def filename(stem: str, extension: str) -> str:
    """A download's name: the stem's letters, digits, dots and dashes (others become dashes), and the day."""
    clean = re.sub(r"[^A-Za-z0-9.-]+", "-", stem).strip("-.") or "export"
    return f"{clean}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_text(value) -> str:
    value = safe_cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_response(stem: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """The rows as a CSV download, UTF-8 with a byte-order mark so that Excel reads its accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(cell) for cell in header])
    for row in rows:
        writer.writerow([_csv_text(cell) for cell in row])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type=CSV_TYPE)
    return _attachment(response, filename(stem, "csv"))


def xlsx_response(stem: str, header: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Sheet1",
                  widths: Sequence[int] = ()) -> HttpResponse:
    """The rows as an XLSX download (openpyxl, write-only: it keeps no cell objects), the header in bold and
    frozen, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(title=sheet[:31])
    worksheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = WriteOnlyCell(worksheet, value=safe_cell(title))
        cell.font = bold
        titles.append(cell)
    worksheet.append(titles)
    # Plain values, not a cell object each: openpyxl formats a date or a date and time as one by itself. An
    # empty text is an empty cell.
    for row in rows:
        worksheet.append([None if value is None or value == "" else safe_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename(stem, "xlsx"))
