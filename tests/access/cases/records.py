"""A record's history and the business unit's audited redaction of its text."""

from bscb.access import RECORD
from tests.access.types import Case, Scenario

# Fixed names, reused: the sweep leaves nothing new behind in the storage folder each run.
SWEEP_VERSIONS = ("minutes/access-sweep-minutes-v1.pdf", "minutes/access-sweep-minutes-v2.pdf")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _theme_record(post_data=None):
    from bscb.models import Theme
    from tests.factories import BodyFactory, business_unit, member_of

    theme = Theme.objects.create(name="Neglect", description="Raised after the review of Child X Smith.")
    theme.description = "Raised after the review of Child X Smith. Agreed."
    theme.save()
    return Scenario(
        kwargs={"app_label": "bscb", "model": "theme", "pk": theme.pk},
        allowed=business_unit(),
        refused=member_of(BodyFactory()),
        post_data=post_data or {},
        state=lambda: list(Theme.history.filter(id=theme.pk).values_list("description", flat=True))
        + [Theme.objects.get(pk=theme.pk).description],
    )


def _redaction():
    return _theme_record(
        {"field": "description", "text": "X Smith", "reason": "A child's name", "confirm": "on"}
    )


def _redaction_done():
    from bscb.models import Theme
    from bscb.redaction import record_redact

    scenario = _theme_record()
    done = record_redact(record=Theme.objects.get(pk=scenario.kwargs["pk"]), field="description",
                         text="X Smith", reason="A child's name", by=scenario.allowed)
    scenario.kwargs["redaction"] = done.pk
    return scenario


def _meeting_with_document_versions(post_data=None):
    """A meeting whose minutes document was replaced once: two versions, both in its history."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from accountability.models import Meeting
    from tests.factories import MeetingFactory, business_unit, member_of

    for name in SWEEP_VERSIONS:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(PDF_BYTES))
    meeting = MeetingFactory(status="held", minutes_document=SWEEP_VERSIONS[0])
    meeting.minutes_document = SWEEP_VERSIONS[1]
    meeting.save()
    history = Meeting.history.model.objects.filter(id=meeting.pk)
    return Scenario(
        kwargs={"app_label": "accountability", "model": "meeting", "pk": meeting.pk},
        allowed=business_unit(),
        refused=member_of(meeting.body, role="chair"),
        post_data=post_data or {},
        state=lambda: sorted(history.values_list("minutes_document", flat=True))
        + [Meeting.objects.get(pk=meeting.pk).minutes_document.name],
    ), history.order_by("history_date", "pk").first()


def _earlier_version():
    scenario, first = _meeting_with_document_versions()
    scenario.kwargs.update(history_id=first.history_id, field="minutes_document")
    return scenario


def _remove_document():
    scenario, _ = _meeting_with_document_versions({"reason": "A child's name in the minutes", "confirm": "on"})
    scenario.kwargs["field"] = "minutes_document"
    return scenario


CASES = {
    "record-history": Case(RECORD, setup=_theme_record),
    "record-redact": Case(RECORD, setup=_redaction, post=True, post_status=302),
    "record-redaction": Case(RECORD, setup=_redaction_done),
    "record-history-file": Case(RECORD, setup=_earlier_version, html=False),
    # The files leave the disk only once the removal commits: never in the sweep's rolled-back tests.
    "record-redact-file": Case(RECORD, setup=_remove_document, post=True, post_status=302),
}
