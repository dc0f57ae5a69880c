"""The business unit's audited redaction: the text goes from the record and all its history, and
what is kept about it (who, why, how many copies) never includes the text."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from accountability.models import ChildrensVoice, Decision, Meeting, User
from bscb import redaction
from bscb.models import Redaction, Theme
from bscb.services import NotAllowed
from tests.factories import MeetingFactory, UserFactory, business_unit

pytestmark = pytest.mark.django_db

NAME = "Jayden Smith"


@pytest.fixture
def bu(db):
    return business_unit()


@pytest.fixture
def decision(db):
    """A decision whose text named a child, edited twice since: three versions, all naming him."""
    decision = Decision.objects.create(
        meeting=MeetingFactory(), text=f"Agreed to review the case of {NAME}.",
        childrens_voice=ChildrensVoice.INFORMED, childrens_voice_detail=f"{NAME} was asked.",
    )
    decision.text = f"Agreed to review the case of {NAME} by March."
    decision.save()
    decision.text = f"Agreed to review the case of {NAME} by April."
    decision.save()
    return decision


def stored_copies(model, pk, field):
    return [getattr(model.objects.get(pk=pk), field),
            *model.history.filter(id=pk).order_by("history_date", "pk").values_list(field, flat=True)]


def test_the_text_is_replaced_in_the_record_and_in_every_version(bu, decision):
    history_before = Decision.history.filter(id=decision.pk).count()
    done = redaction.record_redact(record=decision, field="text", text=NAME, reason="A child's name", by=bu)
    assert stored_copies(Decision, decision.pk, "text") == [
        "Agreed to review the case of [redacted] by April.",
        "Agreed to review the case of [redacted].",
        "Agreed to review the case of [redacted] by March.",
        "Agreed to review the case of [redacted] by April.",
    ]
    # The object passed in is refreshed too, so a page rendered after it shows no name.
    assert NAME not in decision.text
    # No new version was written (it would have been another copy of the text, or an empty change).
    assert Decision.history.filter(id=decision.pk).count() == history_before
    assert not Decision.history.filter(text__contains=NAME).exists()
    assert done.occurrences == 1 + history_before == 4


def test_the_redaction_records_who_why_and_how_many_but_never_the_text(bu, decision):
    done = redaction.record_redact(record=decision, field="text", text=NAME, reason=" A child's name ", by=bu)
    done.refresh_from_db()
    assert (done.content_type, done.object_id, done.field, done.replacement, done.reason, done.redacted_by) == (
        ContentType.objects.get_for_model(Decision), decision.pk, "text", "[redacted]", "A child's name", bu)
    assert done.occurrences == 4
    kept = [str(value) for value in Redaction.objects.filter(pk=done.pk).values().get().values()]
    assert not any(NAME in value or "Jayden" in value for value in kept)
    assert list(redaction.redactions_of(decision)) == [done]


def test_only_the_chosen_field_of_the_chosen_record_is_changed(bu, decision):
    other = Decision.objects.create(meeting=decision.meeting, text=f"{NAME} again.",
                                    childrens_voice=ChildrensVoice.NOT_APPLICABLE, not_applicable_reason="None.")
    redaction.record_redact(record=decision, field="text", text=NAME, reason="A child's name", by=bu)
    decision.refresh_from_db()
    assert decision.childrens_voice_detail == f"{NAME} was asked."  # the BU redacts it separately
    assert Decision.objects.get(pk=other.pk).text == f"{NAME} again."
    redaction.record_redact(record=decision, field="childrens_voice_detail", text=NAME, reason="A child's name",
                            by=bu)
    assert not Decision.history.filter(id=decision.pk, childrens_voice_detail__contains=NAME).exists()
    assert Redaction.objects.count() == 2


def test_every_occurrence_in_a_copy_is_replaced(bu, db):
    theme = Theme.objects.create(name="Neglect", description=f"{NAME}; and again {NAME}.")
    redaction.record_redact(record=theme, field="description", text=NAME, reason="A child's name", by=bu)
    assert stored_copies(Theme, theme.pk, "description") == ["[redacted]; and again [redacted]."] * 2


def test_versions_kept_in_other_records_are_redacted_too(bu, decision):
    """A model whose versions live in other records names them with redaction_related_records()."""
    version = Decision.objects.create(meeting=decision.meeting, text=f"Draft: {NAME}.",
                                      childrens_voice=ChildrensVoice.NOT_APPLICABLE, not_applicable_reason="None.")
    decision.redaction_related_records = lambda: [version]
    done = redaction.record_redact(record=decision, field="text", text=NAME, reason="A child's name", by=bu)
    assert Decision.objects.get(pk=version.pk).text == "Draft: [redacted]."
    assert not Decision.history.filter(text__contains=NAME).exists()
    assert done.occurrences == 4 + 2


def test_text_that_is_not_in_the_field_is_refused(bu, decision):
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=decision, field="text", text="jayden smith", reason="A name", by=bu)
    assert refused.value.message_dict == {"text": [redaction.TEXT_NOT_FOUND]}
    assert not Redaction.objects.exists()


@pytest.mark.parametrize("text", ["", "J", "  J  "])
def test_text_too_short_is_refused(bu, decision, text):
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=decision, field="text", text=text, reason="A name", by=bu)
    assert refused.value.message_dict == {"text": [redaction.TEXT_TOO_SHORT]}
    assert Decision.objects.get(pk=decision.pk).text == f"Agreed to review the case of {NAME} by April."


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_redaction_without_a_reason_is_refused(bu, decision, reason):
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=decision, field="text", text=NAME, reason=reason, by=bu)
    assert refused.value.message_dict == {"reason": [redaction.REASON_REQUIRED]}
    assert Decision.history.filter(text__contains=NAME).exists()
    assert not Redaction.objects.exists()


def test_both_missing_answers_are_reported_together(bu, decision):
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=decision, field="text", text="", reason="", by=bu)
    assert refused.value.message_dict == {"text": [redaction.TEXT_TOO_SHORT], "reason": [redaction.REASON_REQUIRED]}


@pytest.mark.parametrize("model, field", [
    (Decision, "childrens_voice"),  # a choice, not free text
    (Decision, "meeting"),
    (Decision, "created_on"),
    (Decision, "no_such_field"),
    (Meeting, "starts_at"),
    (Meeting, "status"),
    (User, "password"),
    (User, "email"),
])
def test_only_free_text_fields_can_be_redacted(bu, model, field):
    record = MeetingFactory() if model is Meeting else bu if model is User else Decision.objects.create(
        meeting=MeetingFactory(), text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
        not_applicable_reason="None.")
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=record, field=field, text="Agreed", reason="A name", by=bu)
    assert refused.value.message_dict == {"field": [redaction.NOT_A_TEXT_FIELD]}


def test_the_redactable_fields_are_the_free_text_ones():
    assert [f.name for f in redaction.redactable_fields(Decision)] == [
        "text", "childrens_voice_detail", "not_applicable_reason"]
    assert {f.name for f in redaction.redactable_fields(Meeting)} == {"place", "minutes"}
    assert {f.name for f in redaction.redactable_fields(User)} == {"full_name", "job_title"}


def test_text_left_only_in_the_history_can_be_redacted(bu, decision):
    decision.text = "Agreed to review the case of Child A by April."
    decision.save()
    done = redaction.record_redact(record=decision, field="text", text=NAME, reason="A child's name", by=bu)
    assert not Decision.history.filter(text__contains=NAME).exists()
    assert done.occurrences == 3  # the three earlier versions; the record itself no longer held it


def test_a_reason_repeating_the_text_is_refused(bu, decision):
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=decision, field="text", text=NAME, reason=f"Named {NAME}", by=bu)
    assert refused.value.message_dict == {"reason": [redaction.REASON_REPEATS_TEXT]}
    assert not Redaction.objects.exists()
    assert Decision.history.filter(text__contains=NAME).exists()


def test_a_redaction_that_would_overflow_a_short_field_is_refused_clearly(bu, db):
    place = "Room " + "x" * 192 + " JS"  # 200 characters, the field's limit
    meeting = MeetingFactory(place=place)
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=meeting, field="place", text="JS", reason="Initials", by=bu)
    assert refused.value.message_dict == {"text": [redaction.TOO_LONG_AFTER]}
    assert Meeting.objects.get(pk=meeting.pk).place == place
    # Selecting more of the text makes room for the replacement.
    redaction.record_redact(record=meeting, field="place", text="xxxxxxxx JS", reason="Initials", by=bu)
    assert Meeting.objects.get(pk=meeting.pk).place.endswith("[redacted]")


def test_a_history_version_that_would_overflow_is_refused_too(bu, db):
    meeting = MeetingFactory(place="Room " + "x" * 192 + " JS")
    meeting.place = "Room JS"
    meeting.save()
    with pytest.raises(ValidationError) as refused:
        redaction.record_redact(record=meeting, field="place", text="JS", reason="Initials", by=bu)
    assert refused.value.message_dict == {"text": [redaction.TOO_LONG_AFTER]}
    assert Meeting.objects.get(pk=meeting.pk).place == "Room JS"


def test_the_service_checks_the_right_and_records_who(decision):
    """The service checks "bscb.redact" itself, whoever calls it (the view checks it too, to show the page)."""
    with pytest.raises(NotAllowed):
        redaction.record_redact(record=decision, field="text", text=NAME, reason="A child's name", by=UserFactory())
    assert NAME in Decision.objects.get(pk=decision.pk).text and not Redaction.objects.exists()
    officer = business_unit()
    done = redaction.record_redact(record=decision, field="text", text=NAME, reason="A child's name", by=officer)
    assert done.redacted_by == officer


# Issue 12 §4: the admin's log, copies in other records, stored documents; and where it was found.
def log_entry(record, message="[]", *, object_repr=None, flag=2):
    from django.contrib.admin.models import LogEntry

    return LogEntry.objects.create(
        user=UserFactory(is_staff=True), content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk), object_repr=(object_repr if object_repr is not None else str(record))[:200],
        action_flag=flag, change_message=message)


class TestTheAdminsLog:
    TEXT = "Agreed that the multi-agency audit of neglect cases should begin with Jayden Smith and his family."

    @pytest.fixture
    def logged(self, db):
        decision = Decision.objects.create(meeting=MeetingFactory(), text=self.TEXT,
                                           childrens_voice=ChildrensVoice.NOT_APPLICABLE, not_applicable_reason="-")
        assert "Jayden" in str(decision) and NAME not in str(decision)  # a decision's str: its first 80 characters
        other = Decision.objects.create(meeting=decision.meeting, text=f"{NAME} again.",
                                        childrens_voice=ChildrensVoice.NOT_APPLICABLE, not_applicable_reason="-")
        return {
            "decision": decision, "other": other, "other_entry": log_entry(other, flag=1),
            "entries": [log_entry(decision, '[{"added": {}}]', flag=1),
                        log_entry(decision, '[{"changed": {"fields": ["Decision"]}}]')],
        }

    def test_the_records_entries_lose_the_text_even_cut_off_in_the_middle(self, bu, logged):
        from django.contrib.admin.models import LogEntry

        done = redaction.record_redact(record=logged["decision"], field="text", text=NAME, reason="A name", by=bu)
        for entry in LogEntry.objects.filter(pk__in=[e.pk for e in logged["entries"]]):
            # The decision's name is shortened (bscb.text.shorten): its ellipsis stays after the replacement.
            assert "Jayden" not in entry.object_repr and entry.object_repr.endswith("[redacted]\u2026")
        assert LogEntry.objects.get(pk=logged["other_entry"].pk).object_repr == f"{NAME} again."  # not this record
        assert "The admin's log: 2 entries" in done.places
        assert done.occurrences == 1 + 1 + 2  # the record, its one history row, two log entries

    def test_text_left_only_in_the_log_can_still_be_redacted(self, bu, logged):
        """A redaction made before the log was reached left the text there: the BU can take it out now."""
        decision = logged["decision"]
        Decision.objects.filter(pk=decision.pk).update(text="Agreed to audit neglect cases.")
        Decision.history.filter(id=decision.pk).update(text="Agreed to audit neglect cases.")
        done = redaction.record_redact(record=decision, field="text", text="Jayden", reason="A name", by=bu)
        assert done.places == ["The admin's log: 2 entries"]

    def test_an_inline_logged_in_its_parents_entry_is_redacted_there_non_ascii_included(self, bu, db):
        """The admin logs an agenda item added on the meeting's page in the meeting's entry (JSON, with
        non-ASCII characters escaped); another kind of record named there is left alone."""
        import json

        from django.contrib.admin.models import LogEntry

        from accountability.models import AgendaItem

        name = "Zoë Brontë"
        item = AgendaItem.objects.create(meeting=MeetingFactory(), title=f"Review of {name}'s case")
        entry = log_entry(item.meeting, json.dumps([
            {"added": {"name": "agenda item", "object": item.title}},
            {"added": {"name": "attendance", "object": f"{name}: Present"}},
        ]))
        assert "Zo\\u00eb" in entry.change_message
        done = redaction.record_redact(record=item, field="title", text=name, reason="A child's name", by=bu)
        assert json.loads(LogEntry.objects.get(pk=entry.pk).change_message) == [
            {"added": {"name": "agenda item", "object": "Review of [redacted]'s case"}},
            {"added": {"name": "attendance", "object": f"{name}: Present"}},
        ]
        assert "The admin's log: 1 entry" in done.places


@pytest.fixture
def quarter(db):
    """PMAE's summary after its meeting of 10 May 2017 named a child (and was amended, still naming him);
    the chair's quarterly summary for April to June started from it, and the chair moved part of it to
    another section. Another body's quarterly summary names him too."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from reporting import services as reporting
    from reporting.models import Summary, SummaryKind
    from reporting.selectors import quarterly_prefill
    from tests.factories import BodyFactory, member_of
    from tests.reporting.helpers import held_meeting

    pmae = BodyFactory(name="Performance Management, Audit and Evaluation", short_name="PMAE", owes_summaries=True)
    chair = member_of(pmae, role="chair")
    meeting = held_meeting(body=pmae, when=dt.datetime(2017, 5, 10, 10, tzinfo=ZoneInfo("Europe/London")))
    summary = reporting.summary_expect(meeting)
    reporting.summary_save_draft(summary=summary, sections={"risks": f"Concerns about {NAME}."}, by=chair)
    reporting.summary_submit(summary=summary, by=chair)
    reporting.summary_amend(summary=summary, sections={"risks": f"Concerns about {NAME} and his sister."},
                            reason="Added his sister", by=chair)

    def quarterly(body, start=dt.date(2017, 4, 1), end=dt.date(2017, 6, 30)):
        return Summary.objects.create(body=body, kind=SummaryKind.QUARTERLY, period_start=start, period_end=end,
                                      due_date=end + dt.timedelta(days=21))

    q1 = quarterly(pmae)
    prefill = quarterly_prefill(q1)
    assert NAME in prefill["risks"]
    reporting.summary_save_draft(summary=q1, sections=prefill, by=chair)
    reporting.summary_save_draft(summary=q1, sections={**prefill, "issues": f"Escalate the case of {NAME}."},
                                 by=chair)
    q2 = quarterly(pmae, dt.date(2017, 7, 1), dt.date(2017, 9, 30))
    reporting.summary_save_draft(summary=q2, sections={"risks": f"{NAME} moved away."}, by=chair)
    elsewhere = quarterly(BodyFactory(short_name="L&D"))
    reporting.summary_save_draft(summary=elsewhere, sections={"risks": f"Training after {NAME}."},
                                 by=member_of(elsewhere.body, role="chair"))
    return {"summary": summary, "q1": q1, "q2": q2, "elsewhere": elsewhere}


def naming(summary):
    from reporting.models import SummaryVersion

    rows = [*SummaryVersion.objects.filter(summary=summary).values(), *SummaryVersion.history.filter(
        summary_id=summary.pk).values()]
    return [row["id"] for row in rows if any(isinstance(v, str) and NAME in v for v in row.values())]


def test_a_quarterly_summarys_prefilled_copy_is_redacted_and_named_in_the_places(bu, quarter):
    from reporting.services import current_version

    version = current_version(quarter["summary"])
    done = redaction.record_redact(record=version, field="risks", text=NAME, reason="A child's name", by=bu)
    assert naming(quarter["summary"]) == [] and naming(quarter["q1"]) == []
    # Not a copy of it: another quarter, another body.
    assert naming(quarter["q2"]) and naming(quarter["elsewhere"])
    risks, issues = "“Risks and challenges identified”", "“Issues for the attention of the bodies it goes to”"
    assert done.places == [
        f"PMAE: Summary after the meeting of 10 May 2017, version 2, {risks}: the record and 1 version in its history",
        f"PMAE: Summary after the meeting of 10 May 2017, version 1, {risks}: the record and 1 version in its history",
        f"PMAE: Quarterly summary, April to June 2017, version 1, {risks}: the record and 2 versions in its history",
        f"PMAE: Quarterly summary, April to June 2017, version 1, {issues}: the record and 1 version in its history",
    ]
    assert done.occurrences == 2 + 2 + 3 + 2


def test_redacting_the_quarterly_summary_finds_the_text_in_what_it_was_copied_from(bu, quarter):
    from reporting.models import SummaryVersion
    from reporting.services import current_version

    done = redaction.record_redact(record=current_version(quarter["q1"]), field="risks", text=NAME,
                                   reason="A child's name", by=bu)
    assert naming(quarter["summary"]) == []
    assert any(place.startswith("PMAE: Summary after the meeting of 10 May 2017") for place in done.places)
    # In the record chosen, only the field chosen (the BU redacts the issues section in turn).
    assert SummaryVersion.objects.get(summary=quarter["q1"]).issues == f"Escalate the case of {NAME}."


@pytest.mark.django_db
class TestStoredDocuments:
    PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n(Minutes: Jayden Smith was discussed) Tj\n%%EOF\n"

    @pytest.fixture
    def media(self, settings, tmp_path):
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
        return tmp_path

    @pytest.fixture
    def meeting(self, bu, media):
        """A meeting whose minutes document was uploaded three times."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from accountability.services import meeting_minutes_save

        meeting = MeetingFactory()
        for version in range(3):
            meeting_minutes_save(meeting=meeting, minutes="Agreed.", by=bu, document=SimpleUploadedFile(
                "m.pdf", self.PDF.replace(b"%%EOF", f"% {version}\n%%EOF".encode())))
        return meeting

    def files(self, media):
        return [path for path in media.rglob("*") if path.is_file()]

    def test_every_version_is_kept_and_named_by_the_history(self, meeting, media):
        assert len(redaction.file_versions(meeting, "minutes_document")) == len(self.files(media)) == 3

    def test_removing_the_document_removes_every_version_once_it_commits(self, bu, meeting, media,
                                                                        django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            done = redaction.record_file_redact(record=meeting, field="minutes_document", reason="A child's name",
                                                by=bu)
        assert len(self.files(media)) == 3  # until the transaction commits
        for callback in callbacks:
            callback()
        assert self.files(media) == []
        meeting.refresh_from_db()
        assert meeting.minutes_document.name == "" and meeting.minutes == "Agreed."
        assert not Meeting.history.filter(id=meeting.pk).exclude(minutes_document="").exists()
        assert done.field == "minutes_document" and done.reason == "A child's name" and done.replacement == ""
        assert done.places == [f"Meeting “{meeting}”, “Minutes document”: 3 files removed (the current one and "
                               "2 earlier versions)"]
        with pytest.raises(ValidationError) as refused:
            redaction.record_file_redact(record=meeting, field="minutes_document", reason="Again", by=bu)
        assert refused.value.message_dict == {"field": [redaction.NO_FILE]}

    def test_a_removal_is_refused_without_a_reason_or_the_right_or_a_file_field(self, bu, meeting, media):
        with pytest.raises(ValidationError) as refused:
            redaction.record_file_redact(record=meeting, field="minutes_document", reason=" ", by=bu)
        assert refused.value.message_dict == {"reason": [redaction.REASON_REQUIRED]}
        with pytest.raises(ValidationError) as refused:
            redaction.record_file_redact(record=meeting, field="minutes", reason="A name", by=bu)
        assert refused.value.message_dict == {"field": [redaction.NOT_A_FILE_FIELD]}
        with pytest.raises(NotAllowed):
            redaction.record_file_redact(record=meeting, field="minutes_document", reason="A name",
                                         by=UserFactory())
        assert len(self.files(media)) == 3 and not Redaction.objects.exists()


def test_a_name_cut_off_in_the_middle_is_scrubbed_only_where_a_str_may_cut_it():
    assert redaction.scrub("Review of Jayden Sm", NAME, cut=True) == "Review of [redacted]"
    assert redaction.scrub("Review of Jayden Sm", NAME) == "Review of Jayden Sm"
    assert redaction.scrub(f"{NAME} and {NAME}", NAME, cut=True) == "[redacted] and [redacted]"
    assert redaction.scrub("Minutes of J", NAME, cut=True) == "Minutes of J"  # one letter: no name cut off
    # A name shortened at a word boundary (bscb.text.shorten) ends with an ellipsis after the last word.
    assert redaction.scrub("Review of Jayden\u2026", NAME, cut=True) == "Review of [redacted]\u2026"
    assert redaction.scrub("Review of neglect\u2026", NAME, cut=True) == "Review of neglect\u2026"
