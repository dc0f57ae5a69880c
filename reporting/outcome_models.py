"""The BPG's quarterly outcome report to the Board (issue 17): built by a job from the records into a snapshot
of plain JSON, commented on and given its narrative by the business unit, agreed by the body that agrees it at
one of its meetings, and issued to a meeting of the body that receives it as a frozen paper (its HTML, PDF and
DOCX stored). Rebuilding a quarter makes a new version; old versions stay readable."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from bscb.fields import FreeTextField
from bscb.models import TimeStampedModel

# The report's sections, in order: (name, heading). Each has a narrative the business unit writes and the
# comments it makes on the draft.
REPORT_SECTIONS = [
    ("progress", "Progress by priority and outcome"),
    ("ratification", "Actions signed off awaiting ratification"),
    ("log", "The challenge and risk log this quarter"),
    ("reports", "Summaries and reports received"),
    ("attendance", "Attendance by agency"),
    ("decisions", "Decisions and the voice of the child"),
]
SECTION_NAMES = [name for name, _ in REPORT_SECTIONS]
SECTION_HEADINGS = dict(REPORT_SECTIONS)


class ReportState(models.TextChoices):
    BUILDING = "building", "Being built"
    FAILED = "failed", "Build failed"
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    ISSUED = "issued", "Issued"


class OutcomeReport(TimeStampedModel):
    quarter_code = models.CharField(max_length=6, help_text="As 2017Q1: the first quarter of the year 2017-18.")
    version = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.BUILDING)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    error = models.CharField(max_length=2000, blank=True, editable=False, help_text="Why the build failed.")
    built_on = models.DateTimeField(null=True, blank=True, editable=False)
    # Plain JSON of every section's data and the headline figures (outcome_snapshot.build_snapshot): what the
    # pages and the documents render, so that a later change to a record never changes it.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    agreed_on = models.DateTimeField(null=True, blank=True, editable=False)
    agreed_meeting = models.ForeignKey("accountability.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    issued_on = models.DateTimeField(null=True, blank=True, editable=False)
    issued_meeting = models.ForeignKey("accountability.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="outcome_reports")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    # The issued paper, frozen: its rendering as the page showed it, and the documents the job renders from it.
    html = models.TextField(blank=True, editable=False)
    pdf = models.FileField(upload_to="outcome_reports/%Y/", blank=True)
    docx = models.FileField(upload_to="outcome_reports/%Y/", blank=True)
    # The snapshot and the paper are written once and never edited: the history keeps the workflow's steps.
    history = HistoricalRecords(excluded_fields=["snapshot", "html", "pdf", "docx"])

    class Meta:
        ordering = ["-quarter_code", "-version"]
        constraints = [models.UniqueConstraint(fields=["quarter_code", "version"], name="one_report_version")]
        indexes = [models.Index(fields=["issued_meeting", "state"])]

    def __str__(self):
        return f"Quarterly outcome report {self.quarter_code}, version {self.version}"

    def get_absolute_url(self):
        return reverse("outcome-report-detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.state == ReportState.ISSUED

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT


class OutcomeReportComment(TimeStampedModel):
    """The business unit's comment on a section of a draft."""

    report = models.ForeignKey(OutcomeReport, on_delete=models.PROTECT, related_name="comments")
    section = models.CharField(max_length=20, choices=REPORT_SECTIONS)
    text = FreeTextField("comment")
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_on", "pk"]

    def __str__(self):
        return f"Comment on {self.get_section_display()}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


class OutcomeReportNarrative(TimeStampedModel):
    """The business unit's words opening a section of a version, edited while it is a draft (carried into the
    next version when the quarter is rebuilt, and frozen into the snapshot when it is issued)."""

    report = models.ForeignKey(OutcomeReport, on_delete=models.PROTECT, related_name="narratives")
    section = models.CharField(max_length=20, choices=REPORT_SECTIONS)
    text = FreeTextField("narrative", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section"]
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="one_narrative_a_section")]

    def __str__(self):
        return f"Narrative of {self.get_section_display()}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()
