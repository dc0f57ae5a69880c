"""bscb.pdf, the one way the service prints: static files read from disk, nothing fetched from anywhere else;
the pack's yearly reports part; a stored PDF that cannot be read is listed with its link, not merged."""

import datetime
from io import BytesIO

import pytest
from django.conf import settings
from pypdf import PdfReader

from bscb import pdf
from reporting.pack import DAMAGED, pack_for, pack_pdf
from tests.reporting import pack_data as data


def test_static_files_are_read_from_disk():
    found = pdf.local_file(pdf.BASE_URL + settings.STATIC_URL.lstrip("/") + "build/app.css")
    assert found is not None and found.endswith("app.css")


@pytest.mark.parametrize("url", [
    "https://example.org/static/build/app.css",  # another site
    "http://document.invalid/static/build/app.css",  # another scheme
    pdf.BASE_URL + "static/../../etc/passwd",  # out of the folder
    pdf.BASE_URL + "media/../../etc/passwd",
    pdf.BASE_URL + "admin/",  # a page of the service
    "file:///etc/passwd",
])
def test_anything_else_is_refused(url):
    assert pdf.local_file(url) is None


def test_a_document_that_names_another_site_is_drawn_without_it():
    """WeasyPrint asks the fetcher, which refuses: the document is drawn without the stylesheet, nothing fetched."""
    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>T</title>'
            '<link rel="stylesheet" href="https://example.org/evil.css"></head><body><p>Still drawn</p></body></html>')
    reader = PdfReader(BytesIO(pdf.render_pdf(html, title="T")))
    assert "Still drawn" in reader.pages[0].extract_text()
    assert reader.metadata.title == "T"


def test_a_fragment_gets_a_whole_tagged_document():
    reader = PdfReader(BytesIO(pdf.render_pdf("<h1>A fragment</h1>", title="Fragment", lang="cy")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "cy" and "/StructTreeRoot" in root


@pytest.mark.django_db
def test_the_yearly_reports_due_to_the_last_meeting_of_the_year_are_in_its_pack():
    from accountability.models import BodyFunction, Function, Meeting
    from reporting import services
    from reporting.models import Summary, SummaryKind
    from tests.factories import BodyFactory, member_of

    known = data.known_pack()
    BodyFunction.objects.get_or_create(body=known["board"], function=Function.RECEIVES_YEARLY)
    meeting = Meeting.objects.get(pk=known["meeting"].pk)
    meeting.is_final_of_year = True
    meeting.save()
    for name in ("PMAE", "CSE"):
        body = BodyFactory(name=f"{name} sub group", short_name=name, owes_yearly_assurance=True,
                           active_from=datetime.date(2000, 1, 1))
        member_of(body, role="chair")
    services.summaries_expect()
    reports = Summary.objects.filter(kind=SummaryKind.YEARLY, for_meeting=meeting).order_by("body__name")
    assert [r.body.short_name for r in reports] == ["CSE", "PMAE"]
    pmae = reports.get(body__short_name="PMAE")
    services.summary_submit(summary=pmae, sections={"progress": "A year of audits.", "assurance": "Good",
                                                    "risks": "", "issues": ""},
                            by=pmae.body.memberships.get(role="chair").person)
    part = pack_for(meeting, known["outsider"]).parts[0]
    assert (part.title, part.note) == ("Yearly assurance reports", "2 reports due")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pack_pdf(
        pack_for(meeting, known["outsider"])))).pages).split())
    assert "A year of audits." in text
    assert "CSE sub group: Yearly assurance report" in text and "Not yet received" in text


@pytest.mark.django_db
def test_a_stored_pdf_that_cannot_be_read_is_listed_with_its_link():
    from reporting.models import MeetingPaper

    known = data.known_pack()
    paper = MeetingPaper.objects.get(title=data.NEGLECT)
    with open(paper.document.path, "wb") as handle:
        handle.write(b"%PDF-1.7 damaged since")
    pack = pack_for(known["meeting"], known["bu"])
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pack_pdf(pack))).pages).split())
    part = next(p for p in pack.parts if p.title == data.NEGLECT)
    assert part.is_link and part.note == DAMAGED
    assert f"{data.NEGLECT} Not printed in the pack (The stored PDF could not be read" in text
