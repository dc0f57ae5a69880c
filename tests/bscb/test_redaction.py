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
