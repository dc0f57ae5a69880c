"""Stored documents, the one way every app takes them (a meeting's minutes document, an attachment to the log):
checked by their content (bscb.uploads) against the kinds the caller accepts and a size limit, refused with a
message for the field it came in (a ValidationError keyed by that field, which add_service_errors puts beside
it), stored under a name of our own (the sender's file name may say more than it should), and never served from
a public path: the default storage's folder has no URL, and `download` sends a file only from a view that has
checked the reader's right to its record first, on every download.

A file that replaces another keeps or deletes the one it replaces as its model says (the minutes keep their
earlier documents in the meeting's history); a file is removed for good by redaction (bscb.redaction)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat

from . import uploads

PDF, DOCX, XLSX, ODT, PNG, JPEG = uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.ODT, uploads.PNG, uploads.JPEG
EXTENSIONS = uploads.EXTENSIONS
# What the messages call each kind.
KIND_NAMES = {
    PDF: "a PDF", DOCX: "a Word document (.docx)", XLSX: "an Excel workbook (.xlsx)",
    ODT: "an OpenDocument text document (.odt)", PNG: "a PNG image", JPEG: "a JPEG image",
}
DOCUMENTS = (PDF, DOCX, ODT)  # text: a meeting's minutes
ATTACHMENTS = (PDF, DOCX, XLSX, ODT, PNG, JPEG)  # evidence: an assurance report's attachments

TOO_LARGE = "The document must be smaller than {size}."
WRONG_TYPE = "The document must be {kinds}."
EMPTY = "The document is empty."


def kinds_named(kinds) -> str:
    """'a PDF, a Word document (.docx) or an OpenDocument text document (.odt)'."""
    names = [KIND_NAMES[kind] for kind in kinds]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def accept(kinds) -> str:
    """A file input's accept attribute: a hint for the browser's picker; the content decides."""
    return ",".join([*(EXTENSIONS[kind] for kind in kinds), *kinds])


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def validate(upload, *, field: str, kinds, limit: int | None = None, wrong_type: str | None = None) -> str:
    """The kind of a new upload, one of `kinds`, found by its content; else a ValidationError for `field` that
    says why (too large, empty, of another kind, or what in it is refused). The file is left at its start."""
    limit = max_bytes() if limit is None else limit
    if upload.size == 0:
        raise ValidationError({field: EMPTY})
    if upload.size > limit:
        raise ValidationError({field: TOO_LARGE.format(size=filesizeformat(limit))})
    try:
        kind = uploads.inspect(upload)
    except uploads.DocumentRefused as refused:
        raise ValidationError({field: refused.message}) from refused
    if kind not in kinds:
        raise ValidationError({field: wrong_type or WRONG_TYPE.format(kinds=kinds_named(kinds))})
    return kind


TOO_MANY_FILES = "Attach at most {count} files at once."
FILE_REFUSED = "{name}: {reason}"
FILES_AT_ONCE = 10


def validate_all(files, *, field: str, kinds, most: int = FILES_AT_ONCE) -> list[tuple[object, str]]:
    """Each of several uploads with its kind, every one checked before any is stored: a refused file is named
    with its reason, all for `field`, and nothing is kept (the log's answers, an action's evidence)."""
    if len(files) > most:
        raise ValidationError({field: TOO_MANY_FILES.format(count=most)})
    checked, refused = [], []
    for upload in files:
        try:
            checked.append((upload, validate(upload, field=field, kinds=kinds)))
        except ValidationError as error:
            refused += [FILE_REFUSED.format(name=upload.name, reason=message) for message in error.message_dict[field]]
    if refused:
        raise ValidationError({field: refused})
    return checked


def named(upload, *, stem: str, kind: str):
    """The upload, to be stored under a name of our own (`stem` and the kind's extension)."""
    upload.name = f"{stem}{EXTENSIONS[kind]}"
    return upload


def kind_of(stored) -> str | None:
    """A stored file's kind from its first bytes (its content was checked when it came in)."""
    return uploads.sniff_kind(stored)


def download(file_field, *, filename: str) -> FileResponse:
    """A stored file sent as an attachment, never cached, named `filename` and the extension of its kind.
    Call it only after checking the reader's right to the record that holds it."""
    if not file_field:
        raise Http404("There is no file: it may have been removed.")
    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The file is missing.") from error
    kind = kind_of(handle)
    extension = EXTENSIONS.get(kind) or os.path.splitext(file_field.name)[1]
    response = FileResponse(handle, as_attachment=True, filename=f"{filename}{extension}",
                            content_type=kind or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
