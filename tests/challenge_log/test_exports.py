"""Issue 15 §1 and §5: the log taken away as CSV and XLSX is the filtered list, read back (the csv module,
openpyxl's load_workbook); a title cannot run as a formula; a restricted entry reaches only a reader who
may read it."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bscb.spreadsheets import safe_cell
from challenge_log import services
from tests.challenge_log.known_log import known_log

pytestmark = pytest.mark.django_db

HEADER = ["Reference", "Title", "Kind", "Raised by", "Directed to", "Likelihood", "Impact", "Score",
          "Target score", "Status", "Raised on", "Next review", "Latest step", "Latest step on"]


@pytest.fixture
def known(log):
    return known_log(log)


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _get(client, name, query=""):
    return client.get(f"{reverse(name)}?{query}")


def test_both_exports_hold_the_filtered_sorted_list_with_the_officers_columns(client_for, log, known):
    entries = known["entries"]
    ri, mash, thresholds = entries["Return interviews"], entries["MASH capacity"], entries["Thresholds"]
    today = timezone.localdate()
    bu = client_for(log["bu"])
    query = "open=1&sort=-score"
    rows = read_csv(_get(bu, "entry-export-csv", query))
    requested_on = ri.steps.get(kind="requested").on
    assert rows == [
        HEADER,
        [mash.reference, "MASH capacity", "Risk", "Business Planning Group", "", "5", "5", "25", "9", "Open",
         today.isoformat(), (today - timedelta(days=1)).isoformat(), "Raised",
         timezone.localtime(mash.steps.get().on).strftime("%Y-%m-%d %H:%M")],
        [ri.reference, "Return interviews", "Challenge", "SAPP sub group", "West Yorkshire Police", "3", "4", "12",
         "4", "Assurance requested", today.isoformat(), "", "Assurance requested",
         timezone.localtime(requested_on).strftime("%Y-%m-%d %H:%M")],
        [thresholds.reference, "Thresholds", "Risk", "Business Planning Group", "", "2", "3", "6", "",
         "Tolerated", today.isoformat(), (today + timedelta(days=10)).isoformat(), "Raised",
         timezone.localtime(thresholds.steps.get().on).strftime("%Y-%m-%d %H:%M")],
    ]
    book = read_xlsx(_get(bu, "entry-export-xlsx", query))
    assert book[0] == HEADER
    assert [row[:10] for row in book[1:]] == [
        [mash.reference, "MASH capacity", "Risk", "Business Planning Group", None, 5, 5, 25, 9, "Open"],
        [ri.reference, "Return interviews", "Challenge", "SAPP sub group", "West Yorkshire Police", 3, 4, 12, 4,
         "Assurance requested"],
        [thresholds.reference, "Thresholds", "Risk", "Business Planning Group", None, 2, 3, 6, None, "Tolerated"],
    ]
    # Dates are dates in the spreadsheet, not text.
    assert book[1][10].date() == today and book[1][11].date() == today - timedelta(days=1)
    assert book[2][12] == "Assurance requested"
    assert book[2][13].strftime("%Y-%m-%d %H:%M") == timezone.localtime(requested_on).strftime("%Y-%m-%d %H:%M")


def test_the_export_equals_the_list_page_for_any_filter(client_for, log, known):
    """The page and its exports read one selector: the same references, in the same order."""
    import re

    bu = client_for(log["bu"])
    for query in ("", "kind=challenge", "open=0", "band=high&overdue=yes", f"raised_by_body={log['bpg'].pk}",
                  "sort=title", "restricted=yes"):
        page = bu.get(f"{reverse('entry-list')}?{query}").content.decode()
        listed = re.findall(r">(CRL-\d{4}-\d{3})<span", page)
        assert [row[0] for row in read_csv(_get(bu, "entry-export-csv", query))[1:]] == listed, query
        assert [row[0] for row in read_xlsx(_get(bu, "entry-export-xlsx", query))[1:]] == listed, query


def test_the_list_links_its_exports_with_its_filters(client_for, log, known):
    html = client_for(log["bu"]).get(f"{reverse('entry-list')}?kind=risk&sort=title&page=1").content.decode()
    assert 'href="/log/export.xlsx?kind=risk&amp;sort=title"' in html
    assert 'href="/log/export.csv?kind=risk&amp;sort=title"' in html


def test_a_download_is_named_for_the_log_and_the_day(client_for, log, known):
    response = _get(client_for(log["bu"]), "entry-export-xlsx")
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="challenge-and-risk-log-{day}.xlsx"'


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "+44 1274 000000", "-1+2", "@SUM(A1:A2)"]


def test_a_cell_that_starts_like_a_formula_cannot_run(client_for, log):
    for title in FORMULAS:
        services.entry_raise(data={"kind": "concern", "title": title, "description": "D",
                                   "raised_by_body": log["sapp"]}, by=log["chair"])
    bu = client_for(log["bu"])
    expected = sorted("'" + title for title in FORMULAS)
    assert sorted(row[1] for row in read_csv(_get(bu, "entry-export-csv"))[1:]) == expected
    sheet = load_workbook(io.BytesIO(_get(bu, "entry-export-xlsx").content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == expected
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula ("f")


@pytest.mark.parametrize(("value", "written"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Plain = text", "Plain = text"), ("", ""), (None, ""), (-3, -3), (12, 12),
])
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def test_a_restricted_entry_reaches_no_export_of_a_reader_who_may_not_read_it(client_for, log, known):
    member, chair = client_for(log["member"]), client_for(log["chair"])
    for query in ("", "restricted=yes", "kind=concern", "status=withdrawn", "open=0"):
        for name in ("entry-export-csv", "entry-export-xlsx"):
            response = _get(member, name, query)
            assert b"Private concern" not in response.content
            titles = [row[1] for row in (read_csv(response) if name.endswith("csv") else read_xlsx(response))[1:]]
            assert "Private concern" not in titles
    assert len(read_csv(_get(member, "entry-export-csv"))) == 1 + 4
    # The chair of the sub group that raised it may read it: her exports hold it.
    assert [row[1] for row in read_csv(_get(chair, "entry-export-csv", "kind=concern"))[1:]] == ["Private concern"]


def test_the_exports_queries_do_not_grow(client_for, log, known):
    from tests.challenge_log.bulk import add_entries
    from tests.helpers.queries import assert_queries_do_not_grow

    query = "?open=1&kind=challenge&sort=-score"
    assert_queries_do_not_grow(client_for(log["member"]), reverse("entry-export-csv") + query, add_entries(log),
                               n=10)
    assert_queries_do_not_grow(client_for(log["bu"]), reverse("entry-export-xlsx") + query,
                               add_entries(log, year=1991), n=10)
