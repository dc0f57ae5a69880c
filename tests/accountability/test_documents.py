"""Minutes documents are judged by their content, not their name, and limited in size."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accountability import documents, services
from bscb import uploads
from tests.factories import MeetingFactory, business_unit

MB = 1024 * 1024
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{WORD_NS}"/>')
    return buffer.getvalue()


def zip_bytes(**files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(upload_):
    with pytest.raises(ValidationError) as refused:
        documents.validate_minutes_document(upload_)
    return refused.value.message_dict


def test_a_pdf_is_accepted_by_its_content():
    assert documents.validate_minutes_document(upload("minutes.pdf", PDF_BYTES)) == documents.PDF


def test_a_pdf_with_a_misleading_name_is_still_a_pdf():
    assert documents.validate_minutes_document(upload("minutes", PDF_BYTES, "text/plain")) == documents.PDF


def test_a_word_document_is_accepted_by_its_content():
    assert documents.validate_minutes_document(upload("minutes.docx", docx_bytes())) == documents.DOCX


def test_the_file_can_be_read_again_after_the_check():
    document = upload("minutes.docx", docx_bytes())
    documents.validate_minutes_document(document)
    assert document.read() == docx_bytes()


@pytest.mark.parametrize("name, content", [
    ("minutes.pdf", b"Minutes of the meeting held on 3 March.\n"),  # a text file renamed
    ("minutes.docx", b"Minutes of the meeting held on 3 March.\n"),
    ("minutes.docx", zip_bytes(**{"notes.txt": "not a word document"})),  # a zip, but not Word
    ("minutes.xlsx", zip_bytes(**{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})),
    ("minutes.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("minutes.html", b"<html><script>alert(1)</script></html>"),
])
def test_anything_but_a_pdf_or_word_document_is_refused(name, content):
    assert refusal(upload(name, content, "application/pdf")) == {"minutes_document": [documents.DOCUMENT_WRONG_TYPE]}


def test_a_file_that_claims_to_be_a_zip_and_is_not_is_refused_as_damaged():
    # Was "must be a PDF or a Word document": a Word document cut short is told what is wrong with it.
    assert refusal(upload("minutes.docx", b"PK\x03\x04 truncated and broken")) == {
        "minutes_document": [uploads.DAMAGED]}


def test_an_empty_file_is_refused():
    assert refusal(upload("minutes.pdf", b"")) == {"minutes_document": [documents.DOCUMENT_EMPTY]}


def test_a_file_over_the_limit_is_refused(settings):
    settings.MINUTES_MAX_BYTES = 1 * MB
    too_big = upload("minutes.pdf", PDF_BYTES + b"0" * (MB + 1 - len(PDF_BYTES)))
    assert refusal(too_big) == {"minutes_document": ["The document must be smaller than 1.0\xa0MB."]}


def test_a_small_limit_is_stated_in_a_unit_that_makes_sense(settings):
    settings.MINUTES_MAX_BYTES = 500 * 1024
    message = refusal(upload("minutes.pdf", PDF_BYTES + b"0" * (500 * 1024)))["minutes_document"][0]
    assert message == "The document must be smaller than 500.0\xa0KB."


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.MINUTES_MAX_BYTES = 1 * MB
    at_limit = upload("minutes.pdf", PDF_BYTES + b"0" * (MB - len(PDF_BYTES)))
    assert documents.validate_minutes_document(at_limit) == documents.PDF


@pytest.mark.django_db
class TestMinutesSave:
    @pytest.fixture(autouse=True)
    def _private_storage(self, settings, tmp_path):
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
        return tmp_path

    def test_the_minutes_and_their_document_are_kept(self, _private_storage):
        bu = business_unit()
        meeting = MeetingFactory()
        services.meeting_minutes_save(meeting=meeting, minutes="Agreed the plan.",
                                      document=upload("minutes.pdf", PDF_BYTES), by=bu)
        meeting.refresh_from_db()
        assert meeting.minutes == "Agreed the plan." and meeting.modified_by == bu
        assert meeting.minutes_document.name.startswith("minutes/")
        with meeting.minutes_document.open("rb") as stored:
            assert stored.read() == PDF_BYTES
        assert str(_private_storage) in meeting.minutes_document.path

    def test_a_refused_document_changes_nothing(self):
        bu = business_unit()
        meeting = MeetingFactory(minutes="The first draft.")
        with pytest.raises(ValidationError) as refused:
            services.meeting_minutes_save(meeting=meeting, minutes="A new draft.",
                                          document=upload("minutes.pdf", b"plain text"), by=bu)
        assert refused.value.message_dict == {"minutes_document": [documents.DOCUMENT_WRONG_TYPE]}
        meeting.refresh_from_db()
        assert (meeting.minutes, meeting.minutes_document.name) == ("The first draft.", "")
