"""The challenge/risk log: entries (challenges, risks, concerns), the assurance requested of an agency or
a body and its answers, judgements, escalations to the Board, risk reviews and treatments, and each
entry's timeline of steps.

Nothing is deleted: an entry is withdrawn or closed with a reason. Whom an entry is addressed to is an
organisation or a body (a role), never a named person: who may answer is worked out when it matters,
from current leads and chairs (accountability.people), as the chase does."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bscb.dates import year_in_range
from bscb.fields import FreeTextCharField, FreeTextField
from bscb.models import TimeStampedModel

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Kind(models.TextChoices):
    CHALLENGE = "challenge", "Challenge"
    RISK = "risk", "Risk"
    CONCERN = "concern", "Concern"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    REQUESTED = "requested", "Assurance requested"
    ANSWERED = "answered", "Answered, awaiting judgement"
    NOT_ASSURED = "not_assured", "Not assured"
    ESCALATED = "escalated", "Escalated"
    TOLERATED = "tolerated", "Tolerated"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


ENDED = {Status.CLOSED, Status.WITHDRAWN}


class Treatment(models.TextChoices):
    REDUCE = "reduce", "Reduce"
    AVOID = "avoid", "Avoid"
    TRANSFER = "transfer", "Transfer"
    TOLERATE = "tolerate", "Tolerate"


class LogSettings(models.Model):
    """The log's scale and alert rules, set in the admin. A singleton: use `LogSettings.current()`."""

    likelihood_labels = models.JSONField(
        default=list, blank=True,
        help_text="Five labels, from 1 to 5 (for example Rare, Unlikely, Possible, Likely, Almost certain).")
    impact_labels = models.JSONField(
        default=list, blank=True,
        help_text="Five labels, from 1 to 5 (for example Negligible, Minor, Moderate, Major, Severe).")
    # Score bands: a score (likelihood x impact, 1 to 25) up to `low_up_to` is low, up to `medium_up_to`
    # medium, up to `high_up_to` high, and above it very high.
    low_up_to = models.PositiveSmallIntegerField(default=4, validators=[MaxValueValidator(25)])
    medium_up_to = models.PositiveSmallIntegerField(default=9, validators=[MaxValueValidator(25)])
    high_up_to = models.PositiveSmallIntegerField(default=16, validators=[MaxValueValidator(25)])
    persisting_reviews = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1)],
        help_text="A risk open past this many reviews without its score falling raises an alert.")
    persisting_overdue_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1)],
        help_text="A risk past its review date by this many working days raises an alert.")

    class Meta:
        verbose_name = verbose_name_plural = "log settings"

    def __str__(self):
        return "Log settings"

    DEFAULT_LIKELIHOOD = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
    DEFAULT_IMPACT = ["Negligible", "Minor", "Moderate", "Major", "Severe"]

    @classmethod
    def current(cls) -> "LogSettings":
        """The one row, or (before it is made) the defaults. Writes nothing."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def likelihood_label(self, value: int) -> str:
        labels = self.likelihood_labels if len(self.likelihood_labels or []) == 5 else self.DEFAULT_LIKELIHOOD
        return labels[value - 1]

    def impact_label(self, value: int) -> str:
        labels = self.impact_labels if len(self.impact_labels or []) == 5 else self.DEFAULT_IMPACT
        return labels[value - 1]

    def band(self, score: int | None) -> str:
        if not score:
            return ""
        if score <= self.low_up_to:
            return "Low"
        if score <= self.medium_up_to:
            return "Medium"
        if score <= self.high_up_to:
            return "High"
        return "Very high"


class ReferenceCounter(models.Model):
    """The last number given in a partnership year: locked while the next is taken, so that references
    run without gaps or repeats even when two entries are raised at the same instant."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Entry(TimeStampedModel):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False, help_text="The year the partnership's year starts.")
    number = models.PositiveIntegerField(editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = FreeTextCharField(max_length=200)
    description = FreeTextField()
    raised_by_body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="raised_entries",
                                       verbose_name="raised by")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="raised_entries",
                                  verbose_name="raised by (person)")
    raised_on = models.DateTimeField(default=timezone.now, editable=False)
    # Addressed to an agency or a body (a sub group, or the body that holds the log): a role, never a person.
    organisation = models.ForeignKey("accountability.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="log_entries", verbose_name="directed to (agency)")
    body = models.ForeignKey("accountability.Body", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="log_entries", verbose_name="directed to (body)")
    themes = models.ManyToManyField("bscb.Theme", blank=True, related_name="log_entries")
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    # The owner is a role: the chair of a body, or the leads of an agency, resolved when it matters.
    owner_body = models.ForeignKey("accountability.Body", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="owned_entries", verbose_name="owner (body)")
    owner_organisation = models.ForeignKey("accountability.Organisation", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="owned_entries",
                                           verbose_name="owner (agency)")
    next_review_on = models.DateField("next review date", null=True, blank=True, validators=[year_in_range])
    restricted = models.BooleanField(default=False, help_text=(
        "Seen only by the business unit, the chair of the body that holds the log, the Independent Chair, the "
        "chair of the body that raised it, those it is addressed to and, once escalated, the body it goes to."))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, editable=False)
    # Who judges answers: the raising body's chair, or a member she nominates.
    judge_nominee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", editable=False)
    tolerated_until = models.DateField(null=True, blank=True, editable=False, validators=[year_in_range])
    # A non-compliance challenge: the key of the thing owed and not submitted (notifications.registry).
    source_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_entry_number_a_year"),
            models.CheckConstraint(condition=Q(organisation__isnull=True) | Q(body__isnull=True),
                                   name="entry_directed_to_one"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("entry-detail", args=[self.pk])

    @property
    def directed_to(self):
        return self.organisation or self.body

    @property
    def score(self) -> int | None:
        return self.likelihood * self.impact if self.likelihood and self.impact else None

    @property
    def target_score(self) -> int | None:
        return self.target_likelihood * self.target_impact if self.target_likelihood and self.target_impact \
            else None

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED


class AssuranceRequest(TimeStampedModel):
    """An assurance report asked of an agency (its current leads and deputies answer) or a body (its chair)."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="requests")
    organisation = models.ForeignKey("accountability.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="assurance_requests")
    body = models.ForeignKey("accountability.Body", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="assurance_requests")
    asks = FreeTextField("what is asked")
    due_on = models.DateField("due date", validators=[year_in_range])
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_on", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(organisation__isnull=True, body__isnull=False) | Q(organisation__isnull=False,
                                                                             body__isnull=True),
            name="request_to_one")]

    def __str__(self):
        return f"Assurance requested of {self.addressee} by {self.due_on:%-d %B %Y}"

    @property
    def addressee(self):
        return self.organisation or self.body


class Response(TimeStampedModel):
    """An answer to a request, by one of those it was addressed to. Its work is the addressee's: nobody
    of that agency or body judges it."""

    request = models.OneToOneField(AssuranceRequest, on_delete=models.PROTECT, related_name="response")
    text = FreeTextField("assurance report")
    organisation = models.ForeignKey("accountability.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    body = models.ForeignKey("accountability.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    def __str__(self):
        return f"Response to {self.request}"


class Attachment(TimeStampedModel):
    """A file given with an assurance report (or on an entry), kept as evidence: checked by its content when it
    came in (bscb.documents), stored outside any public path under a name of our own, sent only to those who may
    read its entry. It is never replaced: more are added, and one is removed only by the business unit's
    redaction (bscb.redaction.record_file_redact), which empties `file` here and in its history and deletes it
    from the disk. Who uploaded it and when: created_by, created_on."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="attachments")
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="attachments")
    file = models.FileField(upload_to="log/%Y/", blank=True)
    kind = models.CharField(max_length=100, editable=False, help_text="Its type, as its content showed it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_on", "pk"]

    def __str__(self):
        return f"Attachment {self.pk} to {self.entry.reference}"

    def redaction_label(self) -> str:
        return f"An attachment to {self.entry.reference}"

    def get_absolute_url(self):
        return self.entry.get_absolute_url()

    @property
    def kind_label(self) -> str:
        """PDF, DOCX, XLSX, ODT, PNG, JPG."""
        from bscb.documents import EXTENSIONS

        return EXTENSIONS.get(self.kind, "").lstrip(".").upper() or "file"

    @property
    def download_name(self) -> str:
        return f"{self.entry.reference} attachment {self.pk}"


class Judgement(TimeStampedModel):
    """Assured or not: one per response (a second is refused)."""

    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="judgement")
    assured = models.BooleanField()
    outcome = FreeTextField(blank=True)
    impact = FreeTextField("impact", blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return "Assured" if self.assured else "Not assured"


class Escalation(TimeStampedModel):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="escalations")
    to_body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="escalations")
    reason = FreeTextField()
    outcome = FreeTextField("the outcome", blank=True)
    meeting = models.ForeignKey("accountability.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="escalation_outcomes")
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    outcome_on = models.DateTimeField(null=True, blank=True, editable=False)  # set by the service
    history = HistoricalRecords()

    def __str__(self):
        return f"Escalated to {self.to_body}"


class Review(TimeStampedModel):
    """A risk's review: its scores then, and a commentary."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="reviews")
    likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    impact = models.PositiveSmallIntegerField(validators=SCALE)
    commentary = FreeTextField()
    next_review_on = models.DateField("next review date", null=True, blank=True, validators=[year_in_range])
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_on", "pk"]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class TreatmentDecision(TimeStampedModel):
    """How a risk is treated. Tolerating it is proposed by one member of the body that holds the log and
    decided by another, with a reason and an expiry after which the risk returns to review."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="treatments")
    treatment = models.CharField(max_length=10, choices=Treatment.choices)
    reason = FreeTextField()
    expires_on = models.DateField(null=True, blank=True, validators=[year_in_range])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_on = models.DateTimeField(null=True, blank=True, editable=False)  # set by the service
    declined = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_on", "pk"]


class StepKind(models.TextChoices):
    RAISED = "raised", "Raised"
    EDITED = "edited", "Details changed"
    REQUESTED = "requested", "Assurance requested"
    ANSWERED = "answered", "Answered"
    JUDGE_NOMINATED = "nominated", "Judge nominated"
    ASSURED = "assured", "Judged assured"
    NOT_ASSURED = "not_assured", "Judged not assured"
    REFERRED = "referred", "Referred to the body that holds the log"
    ESCALATED = "escalated", "Escalated"
    BOARD_OUTCOME = "outcome", "Outcome recorded"
    REVIEWED = "reviewed", "Reviewed"
    TREATMENT = "treatment", "Treatment"
    TOLERANCE_PROPOSED = "tolerance_proposed", "Tolerance proposed"
    TOLERATED = "tolerated", "Tolerated"
    TOLERANCE_DECLINED = "tolerance_declined", "Tolerance declined"
    TOLERANCE_EXPIRED = "tolerance_expired", "Tolerance expired: back to review"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ALERT = "alert", "Alert raised"


class Step(models.Model):
    """One line of an entry's timeline: what happened, who did it, when, and their comment."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    on = models.DateTimeField(default=timezone.now, editable=False)
    comment = FreeTextField(blank=True)
    history = HistoricalRecords()  # a redaction reaches a comment's history too

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.entry.reference}: {self.get_kind_display()}"


class SavedView(TimeStampedModel):
    """A person's named view of the list: its filters and sort, as the list's address carries them
    ("open challenges to agencies"). Hers alone: nobody else sees, renames or deletes it. Deleting one removes
    a bookmark, not a governance record."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="log_views")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True, help_text="The list's address after the ?.")
    history = HistoricalRecords()  # an edit form's version

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="one_view_name_a_person")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse("entry-list")
        return f"{url}?{self.query}" if self.query else url
