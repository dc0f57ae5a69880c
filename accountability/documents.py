"""Minutes documents: checked by their content, not their name, and never served from a public path
(the default storage's folder has no URL; views send a file only after a permission check)."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

DOCUMENT_TOO_LARGE = "The document must be smaller than {size}."
DOCUMENT_WRONG_TYPE = "The document must be a PDF or a Word document (.docx)."
DOCUMENT_EMPTY = "The document is empty."

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}


def document_kind(upload) -> str | None:
    """The document's type from its first bytes (and, for .docx, its zip directory), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def validate_minutes_document(upload) -> str:
    limit = settings.MINUTES_MAX_BYTES
    if upload.size == 0:
        raise ValidationError({"minutes_document": DOCUMENT_EMPTY})
    if upload.size > limit:
        raise ValidationError({"minutes_document": DOCUMENT_TOO_LARGE.format(size=filesizeformat(limit))})
    kind = document_kind(upload)
    if kind is None:
        raise ValidationError({"minutes_document": DOCUMENT_WRONG_TYPE})
    return kind


def minutes_document_named(meeting, upload):
    """A new minutes document, checked by its content and renamed: it is stored under a name of our own,
    since the sender's file name may say more than it should."""
    kind = validate_minutes_document(upload)
    upload.name = f"meeting-{meeting.pk}-minutes{EXTENSIONS[kind]}"
    return upload
