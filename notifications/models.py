"""What the chase records. A reminder is unique per (thing owed, step, person): a second run, an
overlapping run or a rerun after a killed worker finds it recorded and records nothing twice. The
reminder, its in-app notice and its outbox row are written in one transaction; mail is sent from the
outbox, so a resend after a crash is detectable and carries the same Message-ID."""

import hashlib

from django.conf import settings
from django.db import models

from bscb.dates import year_in_range


class ChaseSettings(models.Model):
    """The ladder's thresholds, in working days. A singleton: use `ChaseSettings.current()`."""

    days_before = models.PositiveSmallIntegerField(default=5, help_text="Working days before the due day.")
    repeat_every = models.PositiveSmallIntegerField(
        default=3, help_text="Working days between overdue reminders.")
    escalate_to_bu_after = models.PositiveSmallIntegerField(
        default=5, help_text="Working days overdue after which the business unit is copied in.")
    escalate_to_chair_after = models.PositiveSmallIntegerField(
        default=10, help_text="Working days overdue after which the monitoring body's chair is copied in.")

    class Meta:
        verbose_name = "chasing settings"
        verbose_name_plural = "chasing settings"

    def __str__(self):
        return "Chasing settings"

    @classmethod
    def current(cls) -> "ChaseSettings":
        """The one row, or (before it is made) the defaults. Writes nothing: a page or a dry run reads it."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def rules(self):
        from .ladder import Rules

        return Rules(days_before=self.days_before, repeat_every=self.repeat_every,
                     escalate_to_bu_after=self.escalate_to_bu_after,
                     escalate_to_chair_after=self.escalate_to_chair_after)


def ensure_chase_settings() -> ChaseSettings:
    """The row with the defaults, made when missing (after every migrate)."""
    obj, _ = ChaseSettings.objects.get_or_create(pk=1)
    return obj


class ReminderStatus(models.TextChoices):
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"


class Reminder(models.Model):
    key = models.CharField(max_length=200, db_index=True)
    step = models.CharField(max_length=60)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders")
    as_of = models.DateField(validators=[year_in_range])
    status = models.CharField(max_length=10, choices=ReminderStatus.choices)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    due_date = models.DateField(validators=[year_in_range])
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    run = models.CharField(max_length=32, db_index=True)  # which chase wrote it
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["key", "step", "recipient"], name="reminder_once")]

    def __str__(self):
        return f"{self.key} {self.step} to {self.recipient_id} ({self.status})"

    @property
    def is_manual(self) -> bool:
        return self.step.startswith("manual-")

    @property
    def step_label(self) -> str:
        """The step in words, for the chase history."""
        if self.step == "before":
            return "Before the due day"
        if self.step == "due":
            return "On the due day"
        if self.step.startswith("overdue-"):
            return f"Overdue, reminder {self.step.removeprefix('overdue-')}"
        if self.is_manual:
            return "Reminded now"
        return self.step


def message_id_for(reminder_pk: int, key: str, step: str, recipient_pk: int) -> str:
    digest = hashlib.sha256(f"{key}|{step}|{recipient_pk}".encode()).hexdigest()[:16]
    return f"<reminder-{reminder_pk}-{digest}@notifications.bscb>"


class Notice(models.Model):
    """An in-app notice: one per sent reminder."""

    reminder = models.OneToOneField(Reminder, on_delete=models.PROTECT, related_name="notice")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    read_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.title


class Outbox(models.Model):
    """An email owed for a sent reminder; `sent_on` is set after the mail left."""

    reminder = models.OneToOneField(Reminder, on_delete=models.PROTECT, related_name="outbox")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message_id = models.CharField(max_length=200, unique=True)
    immediate = models.BooleanField(default=False)  # "remind now": outside the digest
    # The day of the digest that carried it.
    digest_on = models.DateField(null=True, blank=True, validators=[year_in_range])
    sent_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])

    class Meta:
        verbose_name_plural = "outbox"
        indexes = [models.Index(fields=["sent_on", "user"])]

    def __str__(self):
        return self.message_id
