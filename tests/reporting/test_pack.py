"""The Board pack: its contents for each reader, and the one PDF, read back with pypdf."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from reporting.pack import pack_for, pack_pdf
from tests.reporting import pack_data as data

pytestmark = pytest.mark.django_db

EVERY_PART = ["Yearly assurance reports", "Summaries received since the last meeting", "Actions for ratification",
              "Escalated from the challenge and risk log", data.NEGLECT, data.BUDGET, data.RESTRICTED, data.OUTCOME]


@pytest.fixture
def known(db):
    return data.known_pack()


def _titles(pack):
    return [part.title for part in pack.parts]


def test_the_business_unit_gets_every_part_in_order(known):
    titles = _titles(pack_for(known["meeting"], known["bu"]))
    # No yearly report is due to this meeting (it is not the last of the year): that part is left out.
    assert titles == EVERY_PART[1:]


def test_a_board_member_reads_the_restricted_paper_and_entry(known):
    pack = pack_for(known["meeting"], known["board_member"])
    assert data.RESTRICTED in _titles(pack)
    escalated = next(p for p in pack.parts if p.key == "escalations")
    assert [e.entry.title for e in escalated.items] == [data.ENTRY_OPEN, data.ENTRY_RESTRICTED]
    assert escalated.restricted


def test_a_member_without_the_right_gets_the_pack_without_the_restricted_paper(known):
    pack = pack_for(known["meeting"], known["outsider"])
    assert _titles(pack) == [t for t in EVERY_PART[1:] if t != data.RESTRICTED]
    escalated = next(p for p in pack.parts if p.key == "escalations")
    assert [e.entry.title for e in escalated.items] == [data.ENTRY_OPEN]


def test_what_each_paper_is_in_the_pack(known):
    parts = {p.title: p for p in pack_for(known["meeting"], known["bu"]).parts}
    assert parts[data.NEGLECT].is_pdf and parts[data.OUTCOME].is_pdf and parts[data.RESTRICTED].is_pdf
    assert parts[data.BUDGET].is_link and parts[data.BUDGET].url.endswith("/document/")
    assert parts[data.RESTRICTED].restricted and not parts[data.NEGLECT].restricted


def _pdf_text(body: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(body))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_holds_every_part_and_the_merged_papers(known):
    reader, text = _pdf_text(pack_pdf(pack_for(known["meeting"], known["board_member"])))
    for title in ["Contents", "Agenda", *EVERY_PART[1:]]:
        assert title in text, title
    assert data.SUMMARY_TEXT in text
    assert data.ACTION in text
    assert data.ENTRY_RESTRICTED in text
    assert "Minutes of the meeting held on 3 March" in text  # the uploaded PDFs' own page, merged
    assert data.OUTCOME_TEXT in text  # the record's stored PDF, merged
    assert "Not printed in the pack" in text  # the Word paper: listed with its link
    # The cover names the partnership, the meeting and its reader; the contents give each merged paper's page.
    cover = " ".join(reader.pages[0].extract_text().split())
    assert cover.startswith(f"{data.PARTNERSHIP} Papers for the Safeguarding Children Board meeting")
    assert "Prepared for Bob Board" in cover
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert data.NEGLECT in outline and f"{data.RESTRICTED} (restricted)" in outline


def test_the_contents_give_the_page_each_merged_paper_starts_on(known):
    reader, _ = _pdf_text(pack_pdf(pack_for(known["meeting"], known["bu"])))
    contents = reader.pages[1].extract_text()
    pages = {item.title.removesuffix(" (restricted)"): reader.get_destination_page_number(item) + 1
             for item in reader.outline if not isinstance(item, list)}
    for title in (data.NEGLECT, data.RESTRICTED, data.OUTCOME):
        assert f"page {pages[title]}" in contents, (title, pages[title], contents)
    assert data.OUTCOME_TEXT in reader.pages[pages[data.OUTCOME] - 1].extract_text()


def test_the_restricted_paper_is_absent_from_the_pdf_of_a_reader_without_the_right(known):
    _, text = _pdf_text(pack_pdf(pack_for(known["meeting"], known["outsider"])))
    assert data.RESTRICTED not in text
    assert data.ENTRY_RESTRICTED not in text
    assert data.NEGLECT in text


def test_the_pdf_is_tagged_for_accessibility(known):
    reader = PdfReader(BytesIO(pack_pdf(pack_for(known["meeting"], known["bu"]))))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Papers for the Safeguarding Children Board meeting")


def test_the_pack_downloads_as_one_pdf(known):
    client = Client()
    client.force_login(known["outsider"])
    response = client.get(reverse("pack-download", args=[known["meeting"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Board pack ')
    _, text = _pdf_text(response.content)
    assert data.NEGLECT in text and data.RESTRICTED not in text


def test_the_pack_page_lists_the_contents_for_its_reader(known):
    client = Client()
    client.force_login(known["outsider"])
    page = client.get(reverse("pack-page", args=[known["meeting"].pk])).content.decode()
    assert data.NEGLECT in page and data.BUDGET in page and data.OUTCOME in page
    assert data.RESTRICTED not in page
    assert "1 restricted paper is left out of your pack" in page
    assert "Download the pack (PDF)" in page
    client.force_login(known["bu"])
    page = client.get(reverse("pack-page", args=[known["meeting"].pk])).content.decode()
    assert data.RESTRICTED in page and "Restricted" in page
