"""What a body owes in writing: a summary after each meeting, a quarterly summary, a yearly
assurance report; their versions, and their receipt by the receiving bodies. The three kinds share
one model, one set of services and one chase: they differ only in what makes them due, by when, the
sections they ask for and who receives them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bscb.dates import year_in_range
from bscb.fields import FreeTextField
from bscb.models import TimeStampedModel
from bscb.periods import Period, quarter_label, year_label

# The bodies a summary goes to are configuration (by function): a page names them when it shows
# the section ("Issues for the attention of the ..."); a static label stays neutral.
ISSUES_NEUTRAL = "Issues for the attention of the bodies it goes to"
ISSUES_NAMED = "Issues for the attention of the {receivers}"
SECTIONS = [
    ("progress", "Progress against the body's action plan"),
    ("risks", "Risks and challenges identified"),
    ("issues", ISSUES_NEUTRAL),
    ("learning", "Learning and improvement from reviews, panels and audits"),
    ("changes", "Changes in law, guidance or research needing a multi-agency response"),
    ("other", "Anything else"),
]
SECTION_NAMES = [name for name, _ in SECTIONS]
# The plan's 2.3: yearly assurance reports "on the progress made, risks and challenges identified".
YEARLY_SECTIONS = [
    ("progress", "The work of the year and progress against the body's action plan"),
    ("assurance", "The assurance gained, and where it came from"),
    ("risks", "Risks and challenges identified"),
    ("issues", ISSUES_NEUTRAL),
]


class SummaryKind(models.TextChoices):
    MEETING = "meeting", "Summary after a meeting"
    QUARTERLY = "quarterly", "Quarterly summary"
    YEARLY = "yearly", "Yearly assurance report"


# Who receives each kind, by the function a body holds (DESIGN.md: structure is configuration).
RECEIVED_BY = {SummaryKind.MEETING: "receives_summaries", SummaryKind.QUARTERLY: "receives_quarterly",
               SummaryKind.YEARLY: "receives_yearly"}


def sections_for(kind: str) -> list[tuple[str, str]]:
    return YEARLY_SECTIONS if kind == SummaryKind.YEARLY else SECTIONS


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Summary(TimeStampedModel):
    body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="summaries")
    kind = models.CharField(max_length=10, choices=SummaryKind.choices, default=SummaryKind.MEETING)
    # A summary after a meeting: the body's meeting it follows.
    meeting = models.OneToOneField("accountability.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="summary")
    # A quarterly summary or yearly report: the quarter or year it covers.
    period_start = models.DateField(null=True, blank=True, validators=[year_in_range])
    period_end = models.DateField(null=True, blank=True, validators=[year_in_range])
    # A yearly report: the receiving body's last meeting of the year it is due before (none flagged: no due date).
    for_meeting = models.ForeignKey("accountability.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="yearly_reports")
    due_date = models.DateField(null=True, blank=True, validators=[year_in_range])
    status = models.CharField(max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT)
    submitted_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    nominated_drafter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name_plural = "summaries"
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "period_start"], name="one_report_per_body_and_period",
                                    condition=models.Q(period_start__isnull=False)),
        ]

    def __str__(self):
        return f"{self.body.short_name}: {self.label}"

    @property
    def period(self) -> Period | None:
        return Period(self.period_start, self.period_end) if self.period_start else None

    @property
    def label(self) -> str:
        """What it is, without the body: "Summary after the meeting of 3 March 2026"."""
        if self.kind == SummaryKind.QUARTERLY:
            return f"Quarterly summary, {quarter_label(self.period)}"
        if self.kind == SummaryKind.YEARLY:
            return f"Yearly assurance report, {year_label(self.period)}"
        return f"Summary after the meeting of {timezone.localtime(self.meeting.starts_at):%-d %B %Y}"

    @property
    def sections(self) -> list[tuple[str, str]]:
        return sections_for(self.kind)

    def get_absolute_url(self):
        return reverse("summary-detail", args=[self.pk])

    @property
    def is_submitted(self):
        return self.status == SummaryStatus.SUBMITTED


class SummaryVersion(models.Model):
    summary = models.ForeignKey(Summary, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    progress = FreeTextField("progress against the body's action plan", blank=True)
    risks = FreeTextField("risks and challenges identified", blank=True)
    issues = FreeTextField("issues for the attention of the bodies it goes to", blank=True)
    learning = FreeTextField("learning and improvement from reviews, panels and audits", blank=True)
    changes = FreeTextField("changes in law, guidance or research needing a multi-agency response", blank=True)
    other = FreeTextField("anything else", blank=True)
    assurance = FreeTextField("the assurance gained, and where it came from", blank=True)
    amendment_reason = FreeTextField(blank=True)
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
        return [(label, getattr(self, name)) for name, label in self.summary.sections]

    def is_empty(self):
        return not any(getattr(self, name).strip() for name, _ in self.summary.sections)

    def redaction_related_records(self):
        """Redacting one version redacts the same text in every version of the summary."""
        return list(SummaryVersion.objects.filter(summary_id=self.summary_id).exclude(pk=self.pk))

    def redaction_copies(self):
        """Where the app copied this text: a summary after a meeting into the first draft of its quarter's
        summary; a quarterly summary's text came from the summaries after the quarter's meetings."""
        from .selectors import prefill_sources, prefilled_from

        summary = self.summary
        if summary.kind == SummaryKind.MEETING and summary.meeting_id:
            copies = prefilled_from(summary)
        elif summary.kind == SummaryKind.QUARTERLY:
            copies = prefill_sources(summary)
        else:
            return []
        return list(copies.select_related("summary__body", "summary__meeting"))

    def redaction_label(self):
        return f"{self.summary}, version {self.number}"


class SummaryReceipt(TimeStampedModel):
    summary = models.ForeignKey(Summary, on_delete=models.PROTECT, related_name="receipts")
    body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="summary_receipts")
    received_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["summary", "body__name"]
        constraints = [models.UniqueConstraint(fields=["summary", "body"], name="unique_summary_receipt")]

    def __str__(self):
        return f"{self.summary} to {self.body.short_name}"

    @property
    def work(self):
        """The work a receipt acknowledges (accountability.rules.work_of): the summary, its body's."""
        return self.summary


class CalendarFeed(models.Model):
    """A person's secret calendar address. Calendar clients cannot sign in, so the address is the
    key: reset, it stops working at once. Not a governance record: no history."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_on = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar of {self.user}"


class DeadlineSettings(models.Model):
    """When what a body owes in writing falls due: the three day counts an administrator sets in the
    admin. One row (pk 1), made after every migrate; reporting/deadlines.py applies them. Changed
    through services.deadline_settings_update, which moves the due dates of unsubmitted drafts."""

    PK = 1

    summary_working_days = models.PositiveSmallIntegerField(
        "summary after a meeting: working days after the meeting", default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="A body's summary is due this many working days after its meeting (the plan asks for 15). "
                  "Weekends and bank holidays in England are not counted. Between 1 and 60.")
    quarterly_working_days = models.PositiveSmallIntegerField(
        "quarterly summary: working days after the quarter ends", default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="A quarterly summary is due this many working days after the last day of its quarter "
                  "(15 by default). Weekends and bank holidays in England are not counted. Between 1 and 60.")
    yearly_days_before = models.PositiveSmallIntegerField(
        "yearly assurance report: days before the last meeting of the year", default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="A yearly assurance report is due this many calendar days before the meeting of the "
                  "receiving body flagged as the last of the year (14, two weeks, by default); when that "
                  "falls on a weekend or bank holiday, the working day before. Between 1 and 90.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "deadline settings"
        verbose_name_plural = "deadline settings"

    def __str__(self):
        return "Deadline settings"


# The BPG's quarterly outcome report (issue 17), in its own module.
from .outcome_models import OutcomeReport, OutcomeReportComment, OutcomeReportNarrative  # noqa: E402, F401
from .papers_models import MeetingPaper  # noqa: E402,F401  (a meeting's papers, in their own module)
from .quarter_figures import QuarterFigures  # noqa: E402,F401  (issue 18: the trend's figures)
