"""A meeting's papers: each an uploaded document (bscb.documents) or a link to a record of the service (the
issued quarterly outcome report, say), with an optional stored PDF of that record; each with its place on the
agenda and whether it is restricted. Nothing is deleted: a paper is withdrawn, with who, when and why, and
its history is kept."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from bscb.fields import FreeTextCharField, FreeTextField
from bscb.models import TimeStampedModel


class MeetingPaper(TimeStampedModel):
    meeting = models.ForeignKey("accountability.Meeting", on_delete=models.PROTECT, related_name="papers")
    title = FreeTextCharField(max_length=300)
    order = models.PositiveSmallIntegerField(
        "place on the agenda", default=1,
        help_text="Papers are listed, and put in the pack, in this order: 1 first.")
    restricted = models.BooleanField(
        "restricted", default=False,
        help_text="Read only by the business unit, the Independent Chair, and the chair and members of the body "
                  "whose meeting it is. Others do not see it in the papers or the pack.")
    # An uploaded paper's document; for a paper that links to a record, that record's stored PDF, if it has one.
    document = models.FileField(upload_to="papers/%Y/", blank=True)
    document_kind = models.CharField(max_length=100, blank=True, editable=False,
                                     help_text="Its type, as its content showed it.")
    # A paper that is a record of the service: its address (a path of this service) and what it is.
    url = models.CharField("link to the record", max_length=500, blank=True)
    record_kind = models.CharField("kind of record", max_length=100, blank=True)
    withdrawn_on = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawal_reason = FreeTextField("why it is withdrawn", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        indexes = [models.Index(fields=["meeting", "order"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("paper-list", args=[self.meeting_id])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def is_pdf(self) -> bool:
        from bscb.documents import PDF

        return bool(self.document) and self.document_kind == PDF

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    def redaction_label(self) -> str:
        return f"A paper of the {self.meeting}"
