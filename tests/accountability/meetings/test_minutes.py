"""Minutes: the text, and a document judged by its content, stored outside any public path and sent
only after a permission check."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accountability import documents
from tests.factories import UserFactory
from tests.helpers.forms import post_form

from .helpers import PDF_BYTES, Page, docx_bytes

pytestmark = pytest.mark.django_db


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def minutes_url(past_meeting):
    return reverse("meeting-minutes", args=[past_meeting.pk])


def test_the_business_unit_saves_the_minutes_text(bu_client, past_meeting, minutes_url, media):
    page = Page(bu_client.get(minutes_url))
    assert "Do not write anything that could identify a child or family" in page.text()
    response = post_form(bu_client, minutes_url, {"minutes": "The group agreed its plan."})
    assert response.status_code == 302
    past_meeting.refresh_from_db()
    assert past_meeting.minutes == "The group agreed its plan." and not past_meeting.minutes_document


def test_a_pdf_is_stored_under_a_name_of_our_own_outside_any_public_path(bu_client, past_meeting, minutes_url,
                                                                         media):
    response = post_form(bu_client, minutes_url, {"minutes": "Agreed.",
                                            "minutes_document": upload("Child A case notes.pdf", PDF_BYTES)})
    assert response.status_code == 302
    past_meeting.refresh_from_db()
    stored = Path(past_meeting.minutes_document.path).resolve()
    assert stored.read_bytes() == PDF_BYTES
    assert "Child A" not in past_meeting.minutes_document.name
    assert past_meeting.minutes_document.name.endswith(".pdf")
    assert stored.is_relative_to(media.resolve())
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    for folder in getattr(settings, "STATICFILES_DIRS", []):
        folder = folder[1] if isinstance(folder, tuple) else folder
        assert not stored.is_relative_to(Path(folder).resolve())


def test_a_word_document_is_accepted(bu_client, past_meeting, minutes_url, media):
    post_form(bu_client, minutes_url, {"minutes": "", "minutes_document": upload("minutes.docx", docx_bytes(),
                                                                           documents.DOCX)})
    past_meeting.refresh_from_db()
    assert past_meeting.minutes_document.name.endswith(".docx")


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused_beside_the_field(bu_client, past_meeting, minutes_url,
                                                                        media):
    response = post_form(bu_client, minutes_url, {
        "minutes": "Typed minutes", "minutes_document": upload("minutes.pdf", b"<html>not a pdf</html>"),
    })
    page = Page(response)
    assert response.status_code == 200
    assert page.error("minutes_document") == documents.DOCUMENT_WRONG_TYPE
    assert page.summary_links() == {documents.DOCUMENT_WRONG_TYPE: "#id_minutes_document"}
    assert page.value("minutes") == "Typed minutes"
    past_meeting.refresh_from_db()
    assert not past_meeting.minutes_document and past_meeting.minutes == ""
    assert not any(media.rglob("*.pdf")) if media.exists() else True


def test_an_oversized_file_is_refused_beside_the_field(bu_client, past_meeting, minutes_url, media, settings):
    settings.MINUTES_MAX_BYTES = 64
    response = post_form(bu_client, minutes_url, {
        "minutes": "Typed minutes", "minutes_document": upload("minutes.pdf", PDF_BYTES + b"x" * 100),
    })
    page = Page(response)
    assert page.error("minutes_document").startswith("The document must be smaller than")
    assert page.value("minutes") == "Typed minutes"
    past_meeting.refresh_from_db()
    assert not past_meeting.minutes_document


def test_an_empty_file_is_refused(bu_client, minutes_url, media):
    page = Page(post_form(bu_client, minutes_url, {"minutes": "", "minutes_document": upload("minutes.pdf", b"")}))
    # Django's own FileField refuses an empty upload before the service sees it.
    assert page.error("minutes_document")


# Sending the document ----------------------------------------------------------------------------------


@pytest.fixture
def stored(bu_client, past_meeting, minutes_url, media):
    post_form(bu_client, minutes_url, {"minutes": "", "minutes_document": upload("minutes.pdf", PDF_BYTES)})
    past_meeting.refresh_from_db()
    assert past_meeting.minutes_document
    return past_meeting


def test_a_signed_in_member_downloads_the_document_as_an_attachment(client_for, stored):
    response = client_for(UserFactory()).get(reverse("meeting-minutes-document", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == documents.PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-store" in response["Cache-Control"]


def test_a_word_document_is_sent_as_one(client_for, bu_client, past_meeting, minutes_url, media):
    post_form(bu_client, minutes_url,
              {"minutes": "", "minutes_document": upload("m.docx", docx_bytes(), documents.DOCX)})
    response = client_for(UserFactory()).get(reverse("meeting-minutes-document", args=[past_meeting.pk]))
    assert response["Content-Type"] == documents.DOCX


def test_an_anonymous_request_is_sent_to_sign_in(stored):
    url = reverse("meeting-minutes-document", args=[stored.pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_no_url_serves_the_file_without_the_check(client_for, stored):
    """Neither the media URL nor the static URL reaches the stored file, signed in or not."""
    name = stored.minutes_document.name
    for client in (Client(), client_for(UserFactory())):
        for url in (settings.MEDIA_URL + name, settings.STATIC_URL + name, "/" + name,
                    settings.MEDIA_URL + Path(name).name):
            response = client.get(url)
            assert response.status_code in (302, 404), url
            if response.status_code == 302:  # the anonymous are sent to sign in, not to the file
                assert response["Location"].startswith(reverse("sign-in"))
            else:
                assert PDF_BYTES not in response.content


def test_a_meeting_without_a_document_has_none_to_send(client_for, past_meeting):
    response = client_for(UserFactory()).get(reverse("meeting-minutes-document", args=[past_meeting.pk]))
    assert response.status_code == 404


def test_a_lost_file_is_not_found_rather_than_an_error(client_for, stored):
    Path(stored.minutes_document.path).unlink()
    response = client_for(UserFactory()).get(reverse("meeting-minutes-document", args=[stored.pk]))
    assert response.status_code == 404


# Earlier versions of the document --------------------------------------------------------------------
def versions_of(n):
    """n minutes documents, each different (a corrected version after another)."""
    return [PDF_BYTES.replace(b"%%EOF", f"% version {i + 1}\n%%EOF".encode()) for i in range(n)]


def history_links(client, meeting):
    """The links to a version of the minutes document on the meeting's history page, newest first."""
    from tests.forms.html_tree import parse

    page = client.get(reverse("record-history", args=["accountability", "meeting", meeting.pk]))
    return [a.attrs["href"] for a in parse(page.content.decode()).find_all("a")
            if "/versions/" in a.attrs.get("href", "")]


def test_each_superseded_document_is_kept_and_the_business_unit_opens_it_from_the_history(
        bu_client, past_meeting, minutes_url, media):
    """Issue 12 §4: every re-upload left the earlier file on disk where nothing in the app could reach it.
    Each version stays a version of the record, opened from its history by the business unit."""
    contents = versions_of(3)
    for content in contents:
        response = post_form(bu_client, minutes_url, {"minutes": "", "minutes_document": upload("m.pdf", content)})
        assert response.status_code == 302
    stored = sorted(path for path in media.rglob("*") if path.is_file())
    assert len(stored) == 3
    links = history_links(bu_client, past_meeting)
    assert len(links) == 3
    for link, content in zip(links, reversed(contents), strict=True):
        response = bu_client.get(link)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;") and ".pdf" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == content
    # The meeting's page still sends the current one to every member.
    current = bu_client.get(reverse("meeting-minutes-document", args=[past_meeting.pk]))
    assert b"".join(current.streaming_content) == contents[-1]


def test_only_the_business_unit_opens_an_earlier_version(client_for, bu_client, chair, outsider, past_meeting,
                                                          minutes_url, media):
    for content in versions_of(2):
        post_form(bu_client, minutes_url, {"minutes": "", "minutes_document": upload("m.pdf", content)})
    links = history_links(bu_client, past_meeting)
    for person in (chair, outsider):
        for link in links:
            assert client_for(person).get(link).status_code == 403
    assert Client().get(links[0])["Location"].startswith(reverse("sign-in"))


def test_a_version_is_found_only_under_its_own_record(bu_client, past_meeting, minutes_url, media):
    from tests.factories import MeetingFactory

    post_form(bu_client, minutes_url, {"minutes": "", "minutes_document": upload("m.pdf", PDF_BYTES)})
    link = history_links(bu_client, past_meeting)[0]
    other = MeetingFactory()
    assert bu_client.get(link.replace(f"/meeting/{past_meeting.pk}/", f"/meeting/{other.pk}/")).status_code == 404
    assert bu_client.get(link.replace("/minutes_document/", "/minutes/")).status_code == 404
    assert bu_client.get(link.replace("/minutes_document/", "/place/")).status_code == 404


def test_removing_the_document_removes_every_version_from_the_disk(bu_client, past_meeting, minutes_url, media,
                                                                   django_capture_on_commit_callbacks):
    from bscb.models import Redaction

    for content in versions_of(3):
        post_form(bu_client, minutes_url, {"minutes": "Agreed.", "minutes_document": upload("m.pdf", content)})
    history = reverse("record-history", args=["accountability", "meeting", past_meeting.pk])
    remove = reverse("record-redact-file", args=["accountability", "meeting", past_meeting.pk, "minutes_document"])
    assert f'href="{remove}"' in bu_client.get(history).content.decode()
    page = Page(bu_client.get(remove))
    assert "all 3 files stored" in page.text()
    with django_capture_on_commit_callbacks(execute=True):
        response = bu_client.post(remove, {"reason": "A child's name in the minutes", "confirm": "on"})
    done = Redaction.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("record-redaction", args=["accountability", "meeting", past_meeting.pk, done.pk])
    assert not [path for path in media.rglob("*") if path.is_file()]
    past_meeting.refresh_from_db()
    assert not past_meeting.minutes_document and past_meeting.minutes == "Agreed."
    assert not past_meeting.history.exclude(minutes_document="").exists()
    confirmation = Page(bu_client.get(response.url)).text()
    assert "Document removed" in confirmation
    assert "“Minutes document”: 3 files removed (the current one and 2 earlier versions)" in confirmation
    assert history_links(bu_client, past_meeting) == []
    assert f'href="{remove}"' not in bu_client.get(history).content.decode()
