"""Writes for summaries (after meetings, quarterly, yearly): expected, drafted, submitted, amended,
received; the deadline settings. When they fall due is deadlines.py's; which quarterly and yearly
reports are expected, periodic.py's."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accountability.models import Meeting, MeetingStatus
from accountability.selectors import bodies_with_function
from bscb import versions
from bscb.services import model_update, require, save_stamped, stamp

from .deadlines import deadline_counts, summary_due_date
from .models import (
    RECEIVED_BY,
    DeadlineSettings,
    Summary,
    SummaryKind,
    SummaryReceipt,
    SummaryStatus,
    SummaryVersion,
)
from .periodic import reports_expected, reports_redated

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


def summary_expect(meeting: Meeting) -> Summary | None:
    """The summary a held meeting of a body that owes summaries makes expected (None otherwise)."""
    if meeting.status != MeetingStatus.HELD or not meeting.body.owes_summaries:
        return None
    summary, _ = Summary.objects.get_or_create(
        meeting=meeting, defaults={"body_id": meeting.body_id, "due_date": summary_due_date(meeting)}
    )
    return summary


def summary_expect_or_redate(meeting: Meeting) -> Summary | None:
    """What saving a meeting changes in what is owed (reporting's meeting signal calls it on every save):
    the summary a held meeting of an owing body makes expected, made if it is missing, else its due date
    moved while it is a draft; and, for a meeting that is (or was) the last of the year of the body
    receiving yearly reports (flagged, re-dated, unflagged or cancelled), the yearly reports' due dates."""
    if meeting.is_final_of_year or Summary.objects.filter(for_meeting=meeting).exists():
        _redate(reports_redated())
    summary = Summary.objects.filter(meeting=meeting).first()
    if summary is None:
        return summary_expect(meeting)
    due = summary_due_date(meeting)
    if summary.status == SummaryStatus.DRAFT and summary.due_date != due:
        summary.due_date = due
        summary.save(update_fields=["due_date", "modified_on"])
    return summary


def _create_expected(new: list[Summary]) -> int:
    try:
        with transaction.atomic():
            return len(bulk_create_with_history(new, Summary)) if new else 0
    except IntegrityError:  # another process expected one of them meanwhile: one at a time
        made = 0
        for summary in new:
            summary.pk, summary._state.adding = None, True
            try:
                with transaction.atomic():
                    summary.save()
            except IntegrityError:
                continue
            made += 1
        return made


@transaction.atomic
def summaries_expect(*, as_of: date | datetime | None = None) -> int:
    """Every expected summary and report that has no row yet, as of `as_of` (now; a day: its end): a
    summary after each held meeting of a body that owes them, the quarterly summaries of the quarters
    ended, the yearly reports of the year begun. Run by the daily task (reporting.expect_reports) before
    the chase, and by load_demo; a meeting recorded held makes its own (summary_expect_or_redate). How
    many were made. Idempotent; a fixed number of queries."""
    now = as_of or timezone.now()
    if not isinstance(now, datetime):  # a day: every meeting held up to its end
        now = timezone.make_aware(datetime.combine(now, time.max))
    counts = deadline_counts()
    missing = Meeting.objects.filter(status=MeetingStatus.HELD, body__owes_summaries=True, starts_at__lte=now,
                                     summary__isnull=True).only("pk", "body_id", "starts_at")
    new = [Summary(meeting=m, body_id=m.body_id, due_date=summary_due_date(m, counts)) for m in missing]
    return _create_expected(new + reports_expected(timezone.localtime(now).date(), counts))


def _redate(moved: list[Summary]) -> int:
    if moved:
        bulk_update_with_history(moved, Summary, ["due_date", "for_meeting"])
    return len(moved)


@transaction.atomic
def summaries_redate() -> int:
    """The due dates of unsubmitted summaries and reports brought to the deadline rules and to their
    meetings: after an administrator changes a count (deadline_settings_update), and daily with the
    expected reports, in case a meeting moved without its signal. How many moved; a fixed number of
    queries plus one per change."""
    counts = deadline_counts()
    moved = []
    # Whole rows: bulk_update_with_history reads every field, a deferred one at a query a row.
    drafts = Summary.objects.filter(status=SummaryStatus.DRAFT, kind=SummaryKind.MEETING).select_related("meeting")
    for summary in drafts:
        due = summary_due_date(summary.meeting, counts)
        if summary.due_date != due:
            summary.due_date = due
            moved.append(summary)
    return _redate(moved + reports_redated(counts))


DEADLINE_FIELDS = ("summary_working_days", "quarterly_working_days", "yearly_days_before")
NOT_ADMINISTRATOR = "Only an administrator may change the deadlines."


@transaction.atomic
def deadline_settings_update(*, summary_working_days: int, quarterly_working_days: int, yearly_days_before: int,
                             by) -> tuple[DeadlineSettings, int]:
    """The administrator's day counts, validated and saved; when one changed, the unsubmitted drafts'
    due dates move to it (submitted ones keep theirs). The row, and how many due dates moved."""
    require(by, "reporting.change_deadlinesettings", message=NOT_ADMINISTRATOR)
    row = DeadlineSettings.objects.select_for_update().filter(pk=DeadlineSettings.PK).first()
    if row is None:  # made after every migrate; a database restored without it gets it back here
        row = save_stamped(DeadlineSettings(pk=DeadlineSettings.PK), by)
    values = dict(zip(DEADLINE_FIELDS, (summary_working_days, quarterly_working_days, yearly_days_before),
                      strict=True))
    if not model_update(row, values, by=by):
        return row, 0
    return row, summaries_redate()


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


def _refuse_if_empty(summary: Summary, cleaned: dict) -> None:
    """Nothing written: the message goes beside the first section, where the error summary links."""
    if not any(cleaned.values()):
        raise ValidationError({summary.sections[0][0]: SUMMARY_EMPTY})


@transaction.atomic
def summary_submit(*, summary: Summary, by, sections: dict | None = None, version: int | None = None,
                   now=None) -> Summary:
    """Submit the current draft; given `sections` ("Save and submit"), save them as the draft first (checked
    against `version`, as summary_save_draft checks it). One transaction, checked before anything is saved:
    a refused submission leaves the draft as it was."""
    locked = Summary.objects.select_for_update().get(pk=summary.pk)
    _check_writer(locked, by)
    if locked.status == SummaryStatus.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED)
    if sections is not None:
        _refuse_if_empty(locked, _clean(locked, sections))
        summary_save_draft(summary=locked, sections=sections, by=by, version=version)
    draft = current_version(locked)
    if draft is None or draft.is_empty():
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
    _refuse_if_empty(locked, cleaned)
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
