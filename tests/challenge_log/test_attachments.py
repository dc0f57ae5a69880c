"""Issue 14 §5: an assurance report's attachments. Files given with the answer are checked by their content
(bscb.documents.ATTACHMENTS), stored outside any public path under a name of our own, listed on the entry's page
and sent only to someone who may read the entry, checked on each download; a refused file says why beside the
field and keeps the typed answer; the business unit's redaction removes one, and the page says so."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bscb import documents, redaction, uploads
from challenge_log import services
from challenge_log.models import Attachment, Response
from tests.accountability.meetings.helpers import Page
from tests.helpers import documents as d
from tests.helpers.forms import error_summary, post_form

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def media(settings, tmp_path):
    location = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}}}
    return location


def _requested(log, **more):
    entry = services.entry_raise(data={
        "kind": "challenge", "title": "Return interviews", "description": "Not offered within 72 hours.",
        "raised_by_body": log["sapp"], "organisation": log["police"], **more}, by=log["chair"])
    return entry, services.assurance_request(entry=entry, asks="How many in time?", due_on=SOON, by=log["chair"])


def _files(media):
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_the_answer_carries_files_stored_under_names_of_our_own_and_listed_on_the_entry(client_for, log, media):
    entry, request = _requested(log)
    lead = client_for(log["lead"])
    form = lead.get(reverse("request-answer", args=[request.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'type="file" name="files" multiple' in form
    response = post_form(lead, reverse("request-answer", args=[request.pk]), {
        "text": "82% in time.", "files": [upload("Jayden Smith return interviews.pdf", d.clean_pdf()),
                                          upload("chart.png", d.png()), upload("figures.xlsx", d.workbook())]})
    assert response.status_code == 302, error_summary(response.content.decode())
    attachments = list(Attachment.objects.order_by("pk"))
    assert [a.kind for a in attachments] == [uploads.PDF, uploads.PNG, uploads.XLSX]
    assert all(a.entry == entry and a.response == request.response and a.created_by == log["lead"]
               for a in attachments)
    names = [a.file.name for a in attachments]
    assert all(name.startswith(f"log/{timezone.now():%Y}/{entry.reference}-") for name in names)
    assert not any("Jayden" in name or "chart" in name for name in names)  # the sender's names are not kept
    stored = _files(media)
    assert len(stored) == 3 and all(media in path.parents for path in stored)  # the storage's folder: no URL
    assert not settings.STATIC_ROOT or all(str(settings.STATIC_ROOT) not in str(path) for path in stored)
    assert "With 3 attached files." in entry.steps.last().comment

    page = client_for(log["chair"]).get(entry.get_absolute_url()).content.decode()
    for attachment in attachments:
        assert reverse("attachment-download", args=[attachment.pk]) in page
    assert "Attachment 2 (PNG)" in page and "with the answer of West Yorkshire Police" in page


def test_a_download_is_sent_after_the_check_as_an_attachment_never_cached(client_for, log, media):
    entry, request = _requested(log)
    services.assurance_answer(request=request, text="Most.", files=[upload("x.jpeg", d.jpeg())], by=log["lead"])
    attachment = Attachment.objects.get()
    response = client_for(log["member"]).get(reverse("attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == d.jpeg()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'attachment; filename="{entry.reference} attachment {attachment.pk}.jpg"'
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    assert client_for(log["member"]).get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404


def test_a_restricted_entrys_attachment_is_refused_to_those_who_may_not_read_it(client_for, log, media):
    _, request = _requested(log, restricted=True)
    services.assurance_answer(request=request, text="Most.", files=[upload("a.pdf", d.clean_pdf())], by=log["lead"])
    url = reverse("attachment-download", args=[Attachment.objects.get().pk])
    assert client_for(log["member"]).get(url).status_code == 403
    assert client_for(log["stranger"]).get(url).status_code == 403
    assert client_for(log["bu"]).get(url).status_code == 200
    assert client_for(log["lead"]).get(url).status_code == 200  # those it is addressed to
    assert client_for(log["bu"]).get(reverse("attachment-download", args=[999999])).status_code == 404


@pytest.mark.parametrize("name, data, reason", [
    ("report.docx", d.renamed_docm(), uploads.MACROS),
    ("figures.xlsx", d.renamed_xlsm(), uploads.MACROS),
    ("figures.xlsx", d.workbook_with_dde_link(), uploads.DDE_FIELD),
    ("report.pdf", d.pdf_with_action(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"), uploads.PDF_SCRIPT),
    ("photo.png", d.png(after=b"<script>alert(1)</script>"), uploads.DAMAGED),
    ("photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", documents.WRONG_TYPE.format(
        kinds=documents.kinds_named(documents.ATTACHMENTS))),
], ids=["docm", "xlsm", "dde", "pdf-script", "png-polyglot", "gif"])
def test_a_refused_file_says_why_beside_the_field_and_keeps_the_typed_answer(client_for, log, media, name, data,
                                                                             reason):
    entry, request = _requested(log)
    response = post_form(client_for(log["lead"]), reverse("request-answer", args=[request.pk]), {
        "text": "82% in time.", "files": [upload("fine.pdf", d.clean_pdf()), upload(name, data)]})
    page = Page(response)
    assert response.status_code == 200
    assert page.error("files") == f"{name}: {reason}"
    assert page.value("text") == "82% in time."
    assert "choose the files again" in page.text()
    assert not Response.objects.exists() and not Attachment.objects.exists() and _files(media) == []
    entry.refresh_from_db()
    assert entry.status == "requested"


def test_too_large_empty_or_too_many_files_are_refused(log, media, settings):
    _, request = _requested(log)
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        services.assurance_answer(request=request, text="Most.", files=[upload("big.pdf", d.clean_pdf()),
                                                                         upload("empty.png", b"")], by=log["lead"])
    assert refused.value.message_dict == {"files": [
        "big.pdf: " + documents.TOO_LARGE.format(size="100\xa0bytes"), "empty.png: " + documents.EMPTY]}
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        services.assurance_answer(request=request, text="Most.", by=log["lead"],
                                  files=[upload(f"{n}.png", d.png()) for n in range(services.ATTACHMENTS_AT_ONCE + 1)])
    assert refused.value.message_dict == {"files": [services.TOO_MANY_FILES.format(count=services.ATTACHMENTS_AT_ONCE)]}
    assert not Response.objects.exists() and _files(media) == []


def test_the_answer_without_files_is_as_before(log, media):
    _, request = _requested(log)
    services.assurance_answer(request=request, text="Most.", by=log["lead"])
    assert not Attachment.objects.exists() and request.entry.steps.last().comment == ""


def test_redaction_removes_an_attachment_and_the_page_says_so(client_for, log, media,
                                                               django_capture_on_commit_callbacks):
    entry, request = _requested(log)
    services.assurance_answer(request=request, text="Most.", by=log["lead"],
                              files=[upload("a.pdf", d.clean_pdf()), upload("b.png", d.png())])
    first, second = Attachment.objects.order_by("pk")
    bu = client_for(log["bu"])
    page = bu.get(entry.get_absolute_url()).content.decode()
    remove = reverse("record-redact-file", args=["challenge_log", "attachment", first.pk, "file"])
    assert remove in page
    assert remove not in client_for(log["chair"]).get(entry.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = redaction.record_file_redact(record=first, field="file", reason="A child's name", by=log["bu"])
    assert done.places == [f"An attachment to {entry.reference}, \u201cFile\u201d: 1 file removed (the current one)"]
    first.refresh_from_db()
    assert first.file.name == "" and not Attachment.history.filter(id=first.pk).exclude(file="").exists()
    assert len(_files(media)) == 1 and second.file.name in str(_files(media)[0])
    assert bu.get(reverse("attachment-download", args=[first.pk])).status_code == 404
    page = bu.get(entry.get_absolute_url()).content.decode()
    assert "Attachment 1: removed by the business unit" in page
    assert reverse("attachment-download", args=[second.pk]) in page


def test_redaction_through_its_page_reaches_an_attachment(client_for, log, media, django_capture_on_commit_callbacks):
    _, request = _requested(log)
    services.assurance_answer(request=request, text="Most.", by=log["lead"], files=[upload("a.pdf", d.clean_pdf())])
    attachment = Attachment.objects.get()
    url = reverse("record-redact-file", args=["challenge_log", "attachment", attachment.pk, "file"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(log["bu"]).post(url, {"reason": "A child's name", "confirm": "on"})
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert not attachment.file and _files(media) == []


def test_the_minutes_and_the_log_take_files_through_the_one_module():
    from accountability import documents as minutes

    assert minutes.KINDS == documents.DOCUMENTS and set(documents.DOCUMENTS) < set(documents.ATTACHMENTS)
    assert minutes.DOCUMENT_WRONG_TYPE == (
        "The document must be a PDF, a Word document (.docx) or an OpenDocument text document (.odt).")
    with pytest.raises(ValidationError) as refused:
        minutes.validate_minutes_document(upload("photo.png", d.png()))
    assert refused.value.message_dict == {"minutes_document": [minutes.DOCUMENT_WRONG_TYPE]}
