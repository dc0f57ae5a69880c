"""Summaries a body owes after each meeting, their versions, and their receipt by the receiving bodies."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from bscb.models import TimeStampedModel

SECTIONS = [
    ("progress", "Progress against the body's action plan"),
    ("risks", "Risks and challenges identified"),
    ("issues", "Issues for the BPG's and the Board's attention"),
    ("learning", "Learning and improvement from reviews, panels and audits"),
    ("changes", "Changes in law, guidance or research needing a multi-agency response"),
    ("other", "Anything else"),
]
SECTION_NAMES = [name for name, _ in SECTIONS]


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Summary(TimeStampedModel):
    body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="summaries")
    meeting = models.OneToOneField("accountability.Meeting", on_delete=models.PROTECT, related_name="summary")
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT)
    submitted_on = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    nominated_drafter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name_plural = "summaries"
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.body.short_name} summary after the meeting of {self.meeting.starts_at:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("summary-detail", args=[self.pk])

    @property
    def is_submitted(self):
        return self.status == SummaryStatus.SUBMITTED


class SummaryVersion(models.Model):
    summary = models.ForeignKey(Summary, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    progress = models.TextField("progress against the body's action plan", blank=True)
    risks = models.TextField("risks and challenges identified", blank=True)
    issues = models.TextField("issues for the BPG's and the Board's attention", blank=True)
    learning = models.TextField("learning and improvement from reviews, panels and audits", blank=True)
    changes = models.TextField("changes in law, guidance or research needing a multi-agency response", blank=True)
    other = models.TextField("anything else", blank=True)
    amendment_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_on = models.DateTimeField(auto_now_add=True)
    modified_on = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["summary", "number"]
        constraints = [models.UniqueConstraint(fields=["summary", "number"], name="unique_summary_version")]

    def __str__(self):
        return f"Version {self.number}"

    def get_absolute_url(self):
        return reverse("summary-version", args=[self.summary_id, self.number])

    def sections(self):
        return [(label, getattr(self, name)) for name, label in SECTIONS]

    def is_empty(self):
        return not any(getattr(self, name).strip() for name in SECTION_NAMES)

    def redaction_related_records(self):
        """Redacting one version redacts the same text in every version of the summary."""
        return list(SummaryVersion.objects.filter(summary_id=self.summary_id).exclude(pk=self.pk))


class SummaryReceipt(TimeStampedModel):
    summary = models.ForeignKey(Summary, on_delete=models.PROTECT, related_name="receipts")
    body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="summary_receipts")
    received_on = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["summary", "body__name"]
        constraints = [models.UniqueConstraint(fields=["summary", "body"], name="unique_summary_receipt")]

    def __str__(self):
        return f"{self.summary} to {self.body.short_name}"
