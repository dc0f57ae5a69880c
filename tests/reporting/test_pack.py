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
    outline = _titles_of(reader.outline)
    assert data.NEGLECT in outline and f"{data.RESTRICTED} (restricted)" in outline


def _titles_of(outline) -> list[str]:
    return [title for item in outline
            for title in (_titles_of(item) if isinstance(item, list) else [item.title])]


def test_the_contents_give_each_part_its_page_and_each_merged_paper_follows_its_sheet(known):
    reader, _ = _pdf_text(pack_pdf(pack_for(known["meeting"], known["bu"])))
    contents = " ".join(reader.pages[1].extract_text().split())
    # Cover 1, contents 2, agenda 3, summaries 4, ratification 5, escalations 6; then each merged paper's sheet
    # and its pages: the uploaded PDFs have one page each, the outcome report one.
    expected = {"Agenda": 3, "Summaries received since the last meeting": 4, "Actions for ratification": 5,
                data.NEGLECT: 7, data.RESTRICTED + " (restricted)": 9, data.OUTCOME: 11}
    for title, page in expected.items():
        assert f"{title} " in contents and f" page {page}" in contents.split(title, 1)[1][:400], (title, contents)
        assert title.removesuffix(" (restricted)") in reader.pages[page - 1].extract_text(), title
    assert "Minutes of the meeting held on 3 March" in reader.pages[7].extract_text()  # after the sheet of page 7
    assert data.OUTCOME_TEXT in reader.pages[11].extract_text()
    assert "Page 9" in reader.pages[8].extract_text()  # the sheets' own numbers count the merged pages
    assert len(reader.pages) == 12


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


def test_a_meeting_with_nothing_yet_has_a_pack_that_says_so(db):
    from tests.factories import MeetingFactory, UserFactory

    meeting, reader = MeetingFactory(), UserFactory()
    pack = pack_for(meeting, reader)
    assert pack.parts == []
    _, text = _pdf_text(pack_pdf(pack))
    assert "This meeting has no papers yet." in text and "No agenda items have been recorded" in text
    client = Client()
    client.force_login(reader)
    page = client.get(reverse("pack-page", args=[meeting.pk])).content.decode()
    assert "Nothing has been added to this pack yet." in page
