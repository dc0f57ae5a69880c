"""Minutes documents: a PDF, a Word or an OpenDocument text document, taken the one way every app takes a
stored file (bscb.documents: checked by content, renamed, never served from a public path), within the
minutes' size limit (MINUTES_MAX_BYTES)."""

from django.conf import settings

from bscb import documents

PDF, DOCX, ODT = documents.PDF, documents.DOCX, documents.ODT
KINDS = documents.DOCUMENTS
EXTENSIONS = {kind: documents.EXTENSIONS[kind] for kind in KINDS}
DOCUMENT_TOO_LARGE = documents.TOO_LARGE
DOCUMENT_WRONG_TYPE = documents.WRONG_TYPE.format(kinds=documents.kinds_named(KINDS))
DOCUMENT_EMPTY = documents.EMPTY
FIELD = "minutes_document"


def document_kind(upload) -> str | None:
    """A stored document's type from its first bytes (and, for a zip, its directory), or None."""
    return documents.kind_of(upload)


def validate_minutes_document(upload) -> str:
    return documents.validate(upload, field=FIELD, kinds=KINDS, limit=settings.MINUTES_MAX_BYTES)


def minutes_document_named(meeting, upload):
    """A new minutes document, checked by its content and renamed: it is stored under a name of our own,
    since the sender's file name may say more than it should."""
    kind = validate_minutes_document(upload)
    return documents.named(upload, stem=f"meeting-{meeting.pk}-minutes", kind=kind)
