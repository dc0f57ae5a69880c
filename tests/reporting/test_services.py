import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bscb.services import NotAllowed
from reporting import selectors, services
from reporting.models import Summary, SummaryVersion
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
from tests.reporting.helpers import SECTIONS, expected_summary, held_meeting, receiving_body

pytestmark = pytest.mark.django_db


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_due_fifteen_working_days_after_across_easter():
    meeting = held_meeting(when=_at(datetime.date(2017, 3, 29)))
    summary = services.summary_expect(meeting)
    assert summary.due_date == datetime.date(2017, 4, 21)
    assert summary.body == meeting.body


def test_nothing_expected_from_a_body_that_owes_none_or_a_scheduled_meeting():
    assert services.summary_expect(held_meeting(body=BodyFactory(owes_summaries=False))) is None
    assert services.summary_expect(MeetingFactory(body=BodyFactory(owes_summaries=True))) is None


def test_expect_twice_makes_one():
    meeting = held_meeting()
    assert services.summary_expect(meeting) == services.summary_expect(meeting)
    assert Summary.objects.count() == 1


def test_redate_moves_the_due_date_of_a_draft_only():
    meeting = held_meeting(when=_at(datetime.date(2017, 3, 29)))
    summary = services.summary_expect(meeting)
    meeting.starts_at = _at(datetime.date(2017, 5, 3))
    meeting.save()
    services.summary_expect_or_redate(meeting)
    summary.refresh_from_db()
    assert summary.due_date == datetime.date(2017, 5, 24)
    chair = member_of(meeting.body, role="chair")
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    meeting.starts_at = _at(datetime.date(2017, 6, 7))
    meeting.save()
    services.summary_expect_or_redate(meeting)
    summary.refresh_from_db()
    assert summary.due_date == datetime.date(2017, 5, 24)


def test_expect_and_redate_idempotently():
    meeting = held_meeting(when=_at(datetime.date(2017, 3, 29)))
    other = held_meeting(when=_at(datetime.date(2017, 6, 7)))
    services.summary_expect(other)
    Summary.objects.filter(meeting=other).update(due_date=datetime.date(2017, 1, 1))
    held_meeting(body=BodyFactory(owes_summaries=False))
    assert services.summaries_expect() == 1
    assert services.summaries_redate() == 1
    assert Summary.objects.get(meeting=meeting).due_date == datetime.date(2017, 4, 21)
    assert Summary.objects.get(meeting=other).due_date == datetime.date(2017, 6, 28)
    assert (services.summaries_expect(), services.summaries_redate()) == (0, 0)


@pytest.mark.parametrize("service", ["summaries_expect", "summaries_redate"])
def test_expect_and_redate_queries_do_not_grow(service):
    run = getattr(services, service)
    run()  # warm-up: the partnership's settings are read once, then cached

    def add(k):
        for _ in range(k):
            held_meeting()
        if service == "summaries_redate":  # drafts whose due date is out of date
            services.summaries_expect()
            Summary.objects.update(due_date=datetime.date(2017, 1, 1))

    add(3)
    with CaptureQueriesContext(connection) as few:
        run()
    add(12)
    with CaptureQueriesContext(connection) as many:
        run()
    assert len(many) == len(few)


def test_chair_saves_returns_and_submits():
    board = receiving_body()
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections={"progress": "Half"}, by=chair)
    version = services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    assert version.number == 1 and SummaryVersion.objects.count() == 1
    assert version.progress == "Audit completed."
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)):
        services.summary_submit(summary=summary, by=chair)
    summary.refresh_from_db()
    assert summary.status == "submitted" and summary.submitted_by == chair
    assert summary.submitted_on.date() == datetime.date(2026, 5, 1)
    assert [r.body for r in summary.receipts.all()] == [board]


def test_submitting_an_empty_summary_is_refused():
    summary, chair, _ = expected_summary()
    with pytest.raises(ValidationError) as error:
        services.summary_submit(summary=summary, by=chair)
    assert services.SUMMARY_EMPTY in error.value.messages
    services.summary_save_draft(summary=summary, sections={"progress": "   "}, by=chair)
    with pytest.raises(ValidationError, match="Write at least one section"):
        services.summary_submit(summary=summary, by=chair)


def test_saving_and_submitting_in_one_step_is_refused_whole():
    """Given the sections ("Save and submit"), the service checks them before it saves anything: an empty
    summary leaves no version, and its message names the first section (the page puts it beside it)."""
    summary, chair, _ = expected_summary()
    with pytest.raises(ValidationError) as error:
        services.summary_submit(summary=summary, sections={name: " " for name in SECTIONS}, by=chair)
    assert error.value.message_dict == {"progress": [services.SUMMARY_EMPTY]}
    assert not SummaryVersion.objects.exists() and not SummaryVersion.history.exists()
    services.summary_submit(summary=summary, sections=SECTIONS, by=chair)
    summary.refresh_from_db()
    assert summary.status == "submitted" and services.current_version(summary).progress == "Audit completed."


def test_submitting_twice_and_editing_a_submitted_summary_are_refused():
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    with pytest.raises(ValidationError, match="already been submitted"):
        services.summary_submit(summary=summary, by=chair)
    with pytest.raises(ValidationError, match="already been submitted"):
        services.summary_save_draft(summary=summary, sections={"progress": "Changed"}, by=chair)
    assert services.current_version(summary).progress == "Audit completed."


def test_another_bodys_chair_and_a_plain_member_are_refused():
    summary, _, member = expected_summary()
    stranger = member_of(BodyFactory(), role="chair")
    for user in (stranger, member):
        with pytest.raises(NotAllowed, match="Only the chair"):
            services.summary_save_draft(summary=summary, sections=SECTIONS, by=user)
        with pytest.raises(NotAllowed, match="Only the chair"):
            services.summary_submit(summary=summary, by=user)
    assert not summary.versions.exists()


def test_nominated_member_and_business_unit_may_draft():
    summary, chair, member = expected_summary()
    with pytest.raises(NotAllowed, match=services.NOMINATE_NOT_ALLOWED):
        services.summary_nominate(summary=summary, person=member, by=member)
    services.summary_nominate(summary=summary, person=member, by=chair)
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=member)
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=business_unit())
    with pytest.raises(ValidationError) as error:
        services.summary_nominate(summary=summary, person=member_of(BodyFactory()), by=chair)
    assert error.value.message_dict == {"person": [services.NOMINEE_NOT_MEMBER]}


def test_amend_needs_a_reason_and_keeps_every_version():
    summary, chair, _ = expected_summary()
    with pytest.raises(ValidationError, match="Only a submitted"):
        services.summary_amend(summary=summary, sections=SECTIONS, reason="Why", by=chair)
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    with pytest.raises(ValidationError) as error:
        services.summary_amend(summary=summary, sections=SECTIONS, reason="  ", by=chair)
    assert error.value.message_dict == {"amendment_reason": [services.REASON_REQUIRED]}
    version = services.summary_amend(summary=summary, sections={**SECTIONS, "risks": "Fewer"}, reason="Typo",
                                     by=chair)
    summary.refresh_from_db()
    assert version.number == 2 and summary.status == "submitted"
    assert list(summary.versions.values_list("risks", flat=True)) == ["Staffing.", "Fewer"]


def test_receipt_marked_once():
    receiving_body()
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    receipt = summary.receipts.get()
    bu = business_unit()
    services.receipt_mark_received(receipt=receipt, by=bu)
    assert receipt.received_by == bu
    with pytest.raises(ValidationError, match="already been marked"):
        services.receipt_mark_received(receipt=receipt, by=bu)


def test_a_receipt_is_marked_only_by_one_with_the_right():
    """The service checks reporting.mark_received itself: a page, the admin or a command calling it as
    someone else is refused, and the receipt stays unreceived."""
    board = receiving_body()
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    receipt = summary.receipts.get()
    versions = receipt.history.count()
    for user in (chair, member_of(board), member_of(board, role="chair")):
        with pytest.raises(NotAllowed, match=services.RECEIPT_NOT_ALLOWED):
            services.receipt_mark_received(receipt=receipt, by=user)
    receipt.refresh_from_db()
    assert (receipt.received_on, receipt.received_by) == (None, None)
    assert receipt.history.count() == versions


def test_redaction_covers_every_version():
    from bscb.redaction import record_redact

    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections={"progress": "Child Zed Smith at risk"}, by=chair)
    services.summary_submit(summary=summary, by=chair)
    services.summary_amend(summary=summary, sections={"progress": "Zed Smith again"}, reason="More", by=chair)
    first = summary.versions.get(number=1)
    record_redact(record=first, field="progress", text="Zed Smith", reason="A name", by=business_unit())
    assert list(summary.versions.values_list("progress", flat=True)) == [
        "Child [redacted] at risk", "[redacted] again"]


def test_bodies_without_recent_meeting():
    today = datetime.date(2026, 11, 27)
    quiet = BodyFactory(owes_summaries=True, meeting_cadence_weeks=8)
    MeetingFactory(body=quiet, starts_at=_at(today - datetime.timedelta(weeks=10)), status="held")
    busy = BodyFactory(owes_summaries=True, meeting_cadence_weeks=8)
    MeetingFactory(body=busy, starts_at=_at(today - datetime.timedelta(weeks=3)), status="held")
    BodyFactory(owes_summaries=False, meeting_cadence_weeks=8)
    assert selectors.bodies_without_recent_meeting(today) == [quiet]


def test_list_states():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC)):
        overdue, chair, _ = expected_summary(when=_at(datetime.date(2026, 10, 1)))
        soon = services.summary_expect(held_meeting(body=overdue.body, when=_at(datetime.date(2026, 11, 10))))
        states = {s.pk: selectors.summary_state(s) for s in selectors.summary_list(chair)}
        assert states == {overdue.pk: "overdue", soon.pk: "due_soon"}
        assert list(selectors.summary_list(chair, filters={"state": "overdue"})) == [overdue]
        assert list(selectors.summary_list(member_of(BodyFactory()))) == []


def test_expect_and_redate_keep_history_and_expect_takes_a_day():
    meeting = held_meeting(when=_at(datetime.date(2017, 3, 29)))
    assert services.summaries_expect(as_of=datetime.date(2017, 3, 28)) == 0
    assert services.summaries_expect(as_of=datetime.date(2017, 3, 29)) == 1
    summary = Summary.objects.get(meeting=meeting)
    assert summary.history.count() == 1
    Summary.objects.filter(pk=summary.pk).update(due_date=datetime.date(2017, 1, 1))
    services.summaries_redate()
    assert summary.history.count() == 2
