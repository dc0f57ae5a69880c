"""Model pieces shared by every app, and the partnership's own configuration."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .dates import year_in_range
from .fields import FreeTextField


class TimeStampedModel(models.Model):
    """Who created and last changed a record, and when. Every governance model inherits it."""

    created_on = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    modified_on = models.DateTimeField(auto_now=True, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        abstract = True

    def unique_error_message(self, model_class, unique_check):
        """A clash on one unique field, in the words of the service's own pages: "A theme with this name
        already exists." (Django's: "Theme with this Name already exists.")."""
        error = super().unique_error_message(model_class, unique_check)
        field = model_class._meta.get_field(unique_check[0]) if len(unique_check) == 1 else None
        if field is not None and field.error_messages["unique"] == models.Field.default_error_messages["unique"]:
            name = str(model_class._meta.verbose_name)
            article = "An" if name[:1].lower() in "aeiou" else "A"
            error.message = f"{article} {name} with this {field.verbose_name} already exists."
        return error


PARTNERSHIP_CACHE_KEY = "bscb:partnership"


class Partnership(models.Model):
    """The one partnership this deployment serves. Its names are configuration, set in the admin."""

    name = models.CharField(max_length=200, help_text="Shown in the header of every page.")
    short_name = models.CharField(max_length=30, help_text="For example BSCB.")
    area = models.CharField(max_length=100, help_text="The local authority area it serves.")
    year_start_month = models.PositiveSmallIntegerField(
        default=4,
        choices=[(m, timezone.datetime(2000, m, 1).strftime("%B")) for m in range(1, 13)],
        help_text="The first month of the partnership's year (April for the financial year).",
    )
    accessibility_contact_email = models.EmailField(
        blank=True, help_text="Where people report an accessibility problem."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "partnership"
        verbose_name_plural = "partnership"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # one row: a deployment serves one partnership
        super().save(*args, **kwargs)
        cache.delete(PARTNERSHIP_CACHE_KEY)


class WorkerHeartbeat(models.Model):
    """When the Celery worker last ran the scheduled heartbeat job; the health check reads it."""

    name = models.CharField(max_length=50, unique=True)
    last_beat = models.DateTimeField(validators=[year_in_range])
    beats = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name} at {self.last_beat:%Y-%m-%d %H:%M:%S}"


class Theme(TimeStampedModel):
    """A tag every app uses: the plan's vulnerable groups and high-level risks, in its own words."""

    name = models.CharField(max_length=200, unique=True)
    description = FreeTextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Redaction(models.Model):
    """An audited redaction: text that should never have been typed was replaced in a record, its
    versions, its history, its copies and the admin's log (or a stored document and its versions were
    removed). The removed text itself is never kept."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    replacement = models.CharField(max_length=100)
    reason = FreeTextField()
    redacted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    redacted_on = models.DateTimeField(default=timezone.now, validators=[year_in_range])
    occurrences = models.PositiveIntegerField(help_text="How many stored copies were changed.")
    places = models.JSONField(
        default=list, blank=True,
        help_text="Where the text was found (the record, its history, copies in other records, the admin's "
        "log), worded with the text replaced.",
    )

    class Meta:
        ordering = ["-redacted_on"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Redaction of {self.field} by {self.redacted_by} on {self.redacted_on:%d %b %Y}"


class FormSubmission(models.Model):
    """A create or amend form's one-time token (random, issued with the form), claimed by its first post in
    the transaction that saves what it makes (bscb.forms.save_form), with who sent it and where that post was
    sent: a second post of the same form (a double click, a retry) is answered as the first was, and makes
    nothing. Not a governance record: no history; rows are forgotten after FORM_TOKEN_DAYS
    (bscb.services.submissions_purge, daily)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    location = models.CharField(max_length=2000, blank=True)
    created_on = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    def __str__(self):
        return f"Form sent by {self.user_id} on {self.created_on:%Y-%m-%d %H:%M}"
