"""Issue 12 §4, as the tester checked it: after the business unit's redactions, no text column of any
table (every table of the database, found by introspection, every char, text and JSON column) and no file
in the media folder holds the child's name.

Before the fix the search found it in django_admin_log.object_repr (the first 80 characters of a decision,
cut off in the middle of the name), in a quarterly summary's prefilled copy of a summary after a meeting
(reporting_summaryversion and its history), and in every earlier minutes document left on disk."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accountability.models import ChildrensVoice, Decision, Meeting
from bscb.models import Redaction
from reporting.models import Summary, SummaryKind
from reporting.services import current_version
from tests.factories import BodyFactory, MeetingFactory, UserFactory, business_unit, member_of
from tests.forms.html_tree import parse
from tests.helpers.forms import post_form

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NAME = "Jayden Smith"
FIRST_NAME = "Jayden"  # a name cut off in the middle still starts with it
DECISION = "Agreed that the multi-agency audit of neglect cases should begin with Jayden Smith and his family."


def columns_holding(text: str) -> dict[str, int]:
    """Every text-like column of every table in the database that holds `text` (any case), with how many
    rows: the tester's search."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            ORDER BY 1, 2""")
        columns = cursor.fetchall()
        assert len(columns) > 100  # every table of every app, history and the admin's log included
        for table, column in columns:
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s', [f"%{text}%"])
            count = cursor.fetchone()[0]
            if count:
                found[f"{table}.{column}"] = count
    return found


def files_holding(folder, text: str) -> list[str]:
    return [str(path) for path in folder.rglob("*") if path.is_file()
            and (text.encode() in path.read_bytes() or text in path.name)]


def pdf(version: int) -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nBT (Minutes: " + NAME.encode()
            + f" was discussed, version {version}) Tj ET\n%%EOF\n".encode())


def textareas(html: str) -> dict[str, str]:
    return {t.attrs["name"]: t.raw_text.lstrip("\n") for t in parse(html).find_all("textarea")}


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    return tmp_path


@pytest.fixture
def recorded(client_for, media):
    """A child's name typed where the tester typed it: a decision recorded and corrected in the admin,
    minutes and three versions of the minutes document, a summary after the meeting (submitted, amended),
    and the quarterly summary the chair saved from its prefilled first draft."""
    bu, staff = business_unit(), UserFactory(is_staff=True, is_superuser=True)
    pmae = BodyFactory(name="Performance Management, Audit and Evaluation", short_name="PMAE", owes_summaries=True)
    chair = member_of(pmae, role="chair")
    meeting = MeetingFactory(body=pmae, status="held",
                             starts_at=dt.datetime(2017, 5, 10, 10, tzinfo=ZoneInfo("Europe/London")))
    admin, officer, writer = client_for(staff), client_for(bu), client_for(chair)

    decision_form = {"meeting": meeting.pk, "text": DECISION, "childrens_voice": ChildrensVoice.NOT_APPLICABLE,
                     "childrens_voice_detail": "", "not_applicable_reason": "An audit."}
    assert admin.post(reverse("admin:accountability_decision_add"), decision_form).status_code == 302
    decision = Decision.objects.get()
    assert admin.post(reverse("admin:accountability_decision_change", args=[decision.pk]),
                      {**decision_form, "text": DECISION + " By June."}).status_code == 302

    for version in range(3):
        response = post_form(officer, reverse("meeting-minutes", args=[meeting.pk]), {
            "minutes": f"{NAME} was discussed.", "minutes_document": SimpleUploadedFile("m.pdf", pdf(version))})
        assert response.status_code == 302

    summary = Summary.objects.get(meeting=meeting)
    sections = {name: "" for name in ("progress", "risks", "issues", "learning", "changes", "other")}
    assert post_form(writer, reverse("summary-edit", args=[summary.pk]), {
        **sections, "risks": f"Concerns about {NAME}.", "save_submit": ""}).status_code == 302
    assert post_form(writer, reverse("summary-amend", args=[summary.pk]), {
        **sections, "risks": f"Concerns about {NAME} and his sister.",
        "amendment_reason": "His sister was named in error."}).status_code == 302

    quarterly = Summary.objects.create(body=pmae, kind=SummaryKind.QUARTERLY, period_start=dt.date(2017, 4, 1),
                                       period_end=dt.date(2017, 6, 30), due_date=dt.date(2017, 7, 21))
    drafted = textareas(writer.get(reverse("summary-edit", args=[quarterly.pk])).content.decode())
    assert NAME in drafted["risks"]  # the prefilled copy
    assert post_form(writer, reverse("summary-edit", args=[quarterly.pk]), {**drafted, "save": ""}).status_code == 302
    return {"officer": officer, "decision": decision, "meeting": meeting, "summary": summary,
            "quarterly": quarterly}


def redact(client, record, **data):
    url = reverse("record-redact", args=[record._meta.app_label, record._meta.model_name, record.pk])
    response = client.post(url, {"text": NAME, "reason": "A child's name", "confirm": "on", **data})
    assert response.status_code == 302, response.content.decode()
    return response.url


def test_after_the_redactions_no_table_and_no_file_holds_the_name(recorded, media,
                                                                  django_capture_on_commit_callbacks):
    before = columns_holding(FIRST_NAME)
    # The search finds what the tester found, so that finding nothing afterwards means something.
    assert {"accountability_decision.text", "accountability_historicaldecision.text", "django_admin_log.object_repr",
            "accountability_meeting.minutes", "accountability_historicalmeeting.minutes",
            "reporting_summaryversion.risks", "reporting_historicalsummaryversion.risks"} <= set(before)
    assert before["reporting_summaryversion.risks"] == 3  # two versions of the summary, the quarterly copy
    assert len(files_holding(media, NAME)) == 3
    assert not LogEntry.objects.filter(object_repr__contains=NAME).exists()  # only a cut-off name: "Jayden Smi"

    officer, meeting = recorded["officer"], recorded["meeting"]
    redact(officer, recorded["decision"], field="text")
    redact(officer, meeting, field="minutes")
    done = redact(officer, current_version(recorded["summary"]), field="risks")
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(reverse("record-redact-file", args=["accountability", "meeting", meeting.pk,
                                                                    "minutes_document"]),
                                {"reason": "A child's name in the minutes", "confirm": "on"})
    assert response.status_code == 302

    assert columns_holding(FIRST_NAME) == {}
    assert files_holding(media, FIRST_NAME) == []
    assert not Meeting.history.exclude(minutes_document="").exists()

    # The confirmation says where it found the text, the copy in another record included.
    page = re.sub(r"\s+", " ", parse(officer.get(done).content.decode()).find("main").text)
    assert ("PMAE: Quarterly summary, April to June 2017, version 1, “Risks and challenges identified”: "
            "the record and 1 version in its history") in page
    decision_places = Redaction.objects.get(field="text").places
    assert "The admin's log: 2 entries" in decision_places
