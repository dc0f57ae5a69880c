"""Writes for summaries (after meetings, quarterly, yearly): expected, drafted, submitted, amended,
received. When quarterly and yearly reports fall due is periodic.py's."""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accountability.models import Meeting, MeetingStatus
from accountability.selectors import bodies_with_function
from bscb import versions
from bscb.services import model_update, require, save_stamped, stamp
from bscb.workdays import add_working_days

from .models import RECEIVED_BY, Summary, SummaryKind, SummaryReceipt, SummaryStatus, SummaryVersion
from .periodic import reports_redate, reports_sync

SUMMARY_EMPTY = "Write at least one section before submitting."
ALREADY_SUBMITTED = "This summary has already been submitted. To change it, amend it and give a reason."
NOT_SUBMITTED = "Only a submitted summary can be amended. Edit the draft instead."
REASON_REQUIRED = "Give the reason for the amendment"
NOT_ALLOWED = "Only the chair of the body, a member the chair nominates or the business unit may write its summary."
NOMINATE_NOT_ALLOWED = "Only the chair of the body or the business unit may choose who drafts its summary."
RECEIPT_NOT_ALLOWED = "You may not mark this summary as received by that body."
NOMINEE_NOT_MEMBER = "Choose a current member of the body."
ALREADY_RECEIVED = "This summary has already been marked as received by that body."
NOT_HELD = "A summary is expected only after a meeting that was held."


def due_days() -> int:
    return getattr(settings, "SUMMARY_DUE_WORKING_DAYS", 15)


def due_date_for(meeting: Meeting) -> date:
    return add_working_days(timezone.localtime(meeting.starts_at).date(), due_days())


def summary_expect(meeting: Meeting) -> Summary | None:
    """The summary a held meeting of a body that owes summaries makes expected (None otherwise)."""
    if meeting.status != MeetingStatus.HELD or not meeting.body.owes_summaries:
        return None
    summary, _ = Summary.objects.get_or_create(
        meeting=meeting, defaults={"body_id": meeting.body_id, "due_date": due_date_for(meeting)}
    )
    return summary


def summary_redate(meeting: Meeting) -> Summary | None:
    """A re-dated meeting moves its unsubmitted summary's due date, and a re-dated, flagged or
    cancelled last meeting of the year (of the body receiving them) moves the yearly reports due before it."""
    if meeting.is_final_of_year or Summary.objects.filter(for_meeting=meeting).exists():
        reports_redate()
    summary = Summary.objects.filter(meeting=meeting).first()
    if summary is None:
        return summary_expect(meeting)
    due = due_date_for(meeting)
    if summary.status == SummaryStatus.DRAFT and summary.due_date != due:
        summary.due_date = due
        summary.save(update_fields=["due_date", "modified_on"])
    return summary


@transaction.atomic
def summaries_sync(as_of=None) -> dict:
    """Expected summaries for held meetings of owing bodies that lack one; due dates of unsubmitted
    summaries whose meeting moved; then the quarterly and yearly reports (periodic.reports_sync).
    Idempotent; a fixed number of queries plus one per change."""
    now = as_of or timezone.now()
    if not isinstance(now, datetime):  # a day: every meeting held up to its end
        now = timezone.make_aware(datetime.combine(now, time.max))
    missing = list(Meeting.objects.filter(status=MeetingStatus.HELD, body__owes_summaries=True, starts_at__lte=now,
                                          summary__isnull=True).only("pk", "body_id", "starts_at"))
    new = [Summary(meeting=m, body_id=m.body_id, due_date=due_date_for(m)) for m in missing]
    try:
        with transaction.atomic():
            created = bulk_create_with_history(new, Summary) if new else []
    except IntegrityError:  # another process expected one of them meanwhile: one at a time
        created = [s for s in (summary_expect(m) for m in missing) if s is not None]
    moved = []
    # Whole rows: bulk_update_with_history reads every field, a deferred one at a query a row.
    drafts = Summary.objects.filter(status=SummaryStatus.DRAFT, kind=SummaryKind.MEETING).select_related("meeting")
    for summary in drafts:
        due = due_date_for(summary.meeting)
        if summary.due_date != due:
            summary.due_date = due
            moved.append(summary)
    if moved:
        bulk_update_with_history(moved, Summary, ["due_date"])
    day = timezone.localtime(now).date()
    reports = reports_sync(day)
    return {"created": len(created) + reports["created"], "redated": len(moved) + reports["redated"]}


def current_version(summary: Summary) -> SummaryVersion | None:
    return summary.versions.order_by("-number").first()


def _check_writer(summary: Summary, by) -> None:
    require(by, "reporting.write_summary", summary, message=NOT_ALLOWED)


def _touch(summary: Summary, by) -> None:
    """The summary records who changed it last when its text (a version) changes."""
    stamp(summary, by)
    summary.save(update_fields=["modified_by", "modified_on"])


def _clean(summary: Summary, sections: dict) -> dict:
    return {name: (sections.get(name) or "").strip() for name, _ in summary.sections}


@transaction.atomic
def summary_save_draft(*, summary: Summary, sections: dict, by, version: int | None = None) -> SummaryVersion:
    """Save the draft's sections. `version`: that of the draft the form showed (bscb.versions; 0: there was none
    yet): a section someone else saved meanwhile is a Conflict, not overwritten."""
    summary = Summary.objects.select_for_update().get(pk=summary.pk)
    _check_writer(summary, by)
    if summary.status == SummaryStatus.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED)
    draft = current_version(summary)
    if draft is None:
        draft = save_stamped(SummaryVersion(summary=summary, number=1, created_by=by, **_clean(summary, sections)), by)
    elif not model_update(draft, _clean(summary, sections), by=by, version=version):
        return draft
    _touch(summary, by)
    return draft


def _receivers(kind: str):
    return list(bodies_with_function(RECEIVED_BY[kind]))


@transaction.atomic
def summary_submit(*, summary: Summary, by, now=None) -> Summary:
    locked = Summary.objects.select_for_update().get(pk=summary.pk)
    _check_writer(locked, by)
    if locked.status == SummaryStatus.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED)
    version = current_version(locked)
    if version is None or version.is_empty():
        raise ValidationError(SUMMARY_EMPTY)
    model_update(locked, {"status": SummaryStatus.SUBMITTED, "submitted_on": now or timezone.now(),
                          "submitted_by": by}, by=by)
    SummaryReceipt.objects.bulk_create(
        [SummaryReceipt(summary=locked, body=body, created_by=by) for body in _receivers(locked.kind)],
        ignore_conflicts=True,
    )
    summary.refresh_from_db()
    return locked


@transaction.atomic
def summary_amend(*, summary: Summary, sections: dict, reason: str, by, version: int | None = None) -> SummaryVersion:
    """A new version. `version`: that of the summary's latest version the form showed (bscb.versions): an
    amendment saved meanwhile is a Conflict in each section it changed, not written over."""
    locked = Summary.objects.select_for_update().get(pk=summary.pk)
    _check_writer(locked, by)
    if locked.status != SummaryStatus.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    if not (reason or "").strip():
        raise ValidationError({"amendment_reason": REASON_REQUIRED})
    cleaned = _clean(locked, sections)
    if not any(cleaned.values()):
        raise ValidationError(SUMMARY_EMPTY)
    latest = current_version(locked)
    if latest is not None:
        versions.check(latest, version, cleaned)
    version = save_stamped(SummaryVersion(
        summary=locked, number=(latest.number + 1) if latest else 1, amendment_reason=reason.strip(),
        created_by=by, **cleaned,
    ), by)
    _touch(locked, by)
    return version


def summary_nominate(*, summary: Summary, person, by, version: int | None = None) -> Summary:
    from accountability.roles import roles_for

    require(by, "reporting.nominate_drafter", summary, message=NOMINATE_NOT_ALLOWED)
    if person is not None and not roles_for(person).member_of(summary.body_id):
        raise ValidationError({"person": NOMINEE_NOT_MEMBER})
    model_update(summary, {"nominated_drafter": person}, by=by, version=version)
    return summary


@transaction.atomic
def receipt_mark_received(*, receipt: SummaryReceipt, by, now=None) -> SummaryReceipt:
    locked = SummaryReceipt.objects.select_for_update(of=("self",)).select_related("summary", "body").get(pk=receipt.pk)
    require(by, "reporting.mark_received", locked, message=RECEIPT_NOT_ALLOWED)
    if locked.received_on is not None:
        raise ValidationError(ALREADY_RECEIVED)
    model_update(locked, {"received_on": now or timezone.now(), "received_by": by}, by=by)
    receipt.refresh_from_db()
    return locked
