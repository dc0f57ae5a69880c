"""Minutes documents: checked by their content, not their name, and never served from a public path
(the default storage's folder has no URL; views send a file only after a permission check). What the
content check refuses, and why, is bscb.uploads."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from bscb import uploads

DOCUMENT_TOO_LARGE = "The document must be smaller than {size}."
DOCUMENT_WRONG_TYPE = (
    "The document must be a PDF, a Word document (.docx) or an OpenDocument text document (.odt)."
)
DOCUMENT_EMPTY = "The document is empty."

PDF = uploads.PDF
DOCX = uploads.DOCX
ODT = uploads.ODT
EXTENSIONS = uploads.EXTENSIONS


def document_kind(upload) -> str | None:
    """A stored document's type from its first bytes (and, for a zip, its directory), or None. Its
    content was checked when it came in (validate_minutes_document)."""
    return uploads.sniff_kind(upload)


def validate_minutes_document(upload) -> str:
    limit = settings.MINUTES_MAX_BYTES
    if upload.size == 0:
        raise ValidationError({"minutes_document": DOCUMENT_EMPTY})
    if upload.size > limit:
        raise ValidationError({"minutes_document": DOCUMENT_TOO_LARGE.format(size=filesizeformat(limit))})
    try:
        kind = uploads.inspect(upload)
    except uploads.DocumentRefused as refused:
        raise ValidationError({"minutes_document": refused.message}) from refused
    if kind is None:
        raise ValidationError({"minutes_document": DOCUMENT_WRONG_TYPE})
    return kind


def minutes_document_named(meeting, upload):
    """A new minutes document, checked by its content and renamed: it is stored under a name of our own,
    since the sender's file name may say more than it should."""
    kind = validate_minutes_document(upload)
    upload.name = f"meeting-{meeting.pk}-minutes{EXTENSIONS[kind]}"
    return upload
