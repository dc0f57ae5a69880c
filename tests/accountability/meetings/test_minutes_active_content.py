"""Minutes documents with active content (issue 12, item 6): refused through the form with the reason
beside the field, nothing typed lost and nothing stored; clean PDF, Word and OpenDocument files kept and
sent as their kind. The corpus is tests/helpers/documents.py; the reasons, bscb.uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accountability import documents
from bscb import uploads
from tests.factories import UserFactory
from tests.helpers import documents as doc
from tests.helpers.forms import post_form

from .helpers import Page

pytestmark = pytest.mark.django_db


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def minutes_url(past_meeting):
    return reverse("meeting-minutes", args=[past_meeting.pk])



@pytest.mark.parametrize("name, content, reason", [
    # The tester's three files.
    ("minutes.pdf", doc.pdf_with_action(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"), uploads.PDF_SCRIPT),
    ("minutes.pdf", doc.pdf_with_html(), uploads.PDF_HTML),
    ("minutes.docx", doc.docx(extra={"word/vbaProject.bin": doc.CFB}), uploads.MACROS),
    # And their disguises: an escaped name, a packed object stream, renamed macro-enabled files.
    ("minutes.pdf", doc.pdf_with_action(b"<< /S /J#61vaScript /JS (x) >>"), uploads.PDF_SCRIPT),
    ("minutes.pdf", doc.pdf_with_packed_javascript(), uploads.PDF_SCRIPT),
    ("minutes.docx", doc.renamed_docm(), uploads.MACROS),
    ("minutes.docx", doc.renamed_xlsm(), uploads.MACROS),
    ("minutes.odt", doc.odt_with_basic(), uploads.MACROS),
    ("minutes.docx", doc.docx()[:-40], uploads.DAMAGED),
], ids=["pdf-open-action-js", "html-after-pdf-header", "docx-vbaproject", "pdf-escaped-name",
        "pdf-object-stream", "renamed-docm", "renamed-xlsm", "odt-basic", "damaged-zip"])
def test_active_content_is_refused_beside_the_field(bu_client, past_meeting, minutes_url, media, name, content,
                                                    reason):
    response = post_form(bu_client, minutes_url, {"minutes": "Typed minutes",
                                            "minutes_document": upload(name, content, "application/octet-stream")})
    page = Page(response)
    assert response.status_code == 200
    assert page.error("minutes_document") == reason
    assert page.summary_links() == {reason: "#id_minutes_document"}
    assert page.value("minutes") == "Typed minutes"  # nothing typed is lost
    past_meeting.refresh_from_db()
    assert not past_meeting.minutes_document and past_meeting.minutes == ""
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.parametrize("name, content, kind, extension", [
    ("Minutes.odt", doc.odt(), documents.ODT, ".odt"),
    ("minutes.pdf", doc.clean_pdf_with_object_stream(), documents.PDF, ".pdf"),
    ("minutes.docx", doc.clean_docx_with_chart(), documents.DOCX, ".docx"),
], ids=["odt", "pdf-object-streams", "docx-with-chart"])
def test_clean_documents_are_stored_and_sent_as_their_kind(client_for, bu_client, past_meeting, minutes_url, media,
                                                           name, content, kind, extension):
    response = post_form(bu_client, minutes_url, {"minutes": "", "minutes_document": upload(name, content, kind)})
    assert response.status_code == 302
    past_meeting.refresh_from_db()
    assert past_meeting.minutes_document.name.endswith(extension)
    sent = client_for(UserFactory()).get(reverse("meeting-minutes-document", args=[past_meeting.pk]))
    assert sent["Content-Type"] == kind and extension in sent["Content-Disposition"]
    assert b"".join(sent.streaming_content) == content


def test_the_field_says_what_is_taken(bu_client, minutes_url):
    page = Page(bu_client.get(minutes_url))
    assert "OpenDocument text document (.odt)" in page.text()
    assert "without macros, scripts or embedded files" in page.text()
    accept = page.doc.find("input", name="minutes_document").attrs["accept"].split(",")
    assert {".pdf", ".docx", ".odt", documents.PDF, documents.DOCX, documents.ODT} == set(accept)
