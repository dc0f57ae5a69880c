"""What the chase records. A reminder is unique per (thing owed, step, person): a second run, an
overlapping run or a rerun after a killed worker finds it recorded and records nothing twice. The
reminder, its in-app notice and its outbox row are written in one transaction; mail is sent from the
outbox, so a resend after a crash is detectable and carries the same Message-ID.

A daily email is a `Digest`, stored with its Message-ID and its outbox rows before it is sent: a resend
after a crash is that same digest (the same rows, the same Message-ID), and reminders recorded later go
in a later digest. Message-IDs are random (a UUID), never computed from row ids, so they do not repeat
when a database is made again."""

import uuid
from functools import cache

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
    remind_now_minutes = models.PositiveIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 7)],
        help_text="Minutes after a “remind now” during which another to the same person for the same item is "
                  "refused (a double-click, a retry, a second officer).")

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
        """The step in words, for the chase history (a ladder restarted for a moved due date says so)."""
        step, _, restarted = self.step.partition(LADDER_DATE)
        if step == "before":
            label = "Before the due day"
        elif step == "due":
            label = "On the due day"
        elif step.startswith("overdue-"):
            label = f"Overdue, reminder {step.removeprefix('overdue-')}"
        elif self.is_manual:
            return "Reminded now"
        else:
            return self.step
        return f"{label} (due date moved to {self.due_date:%-d %B %Y})" if restarted else label


# A step of a ladder restarted because its due date moved carries the new date: "before@2018-03-15".
# The steps of an item's first ladder are named plainly ("before", "due", "overdue-1"...).
LADDER_DATE = "@"


def ladder_step(name: str, due_date, restarted: bool) -> str:
    return f"{name}{LADDER_DATE}{due_date.isoformat()}" if restarted else name


@cache  # a digest ranks thousands of rows over a handful of steps
def step_rank(step: str) -> int:
    """How far up the ladder a step is: before < due < overdue-1 < overdue-2 ... A "remind now" ranks
    below every step of the ladder (a digest that carries both lists the ladder's)."""
    step = step.partition(LADDER_DATE)[0]
    if step == "before":
        return 0
    if step == "due":
        return 1
    if step.startswith("overdue-") and step.removeprefix("overdue-").isdigit():
        return 1 + int(step.removeprefix("overdue-"))
    return -1


def new_message_id(kind: str) -> str:
    """A Message-ID of its own for one email (a random UUID: unique across databases and re-creations)."""
    return f"<{kind}-{uuid.uuid4().hex}@notifications.bscb>"


def reminder_message_id() -> str:
    return new_message_id("reminder")


def digest_message_id() -> str:
    return new_message_id("digest")


class Notice(models.Model):
    """An in-app notice: one per sent reminder, or one telling a person of a step another app took (a
    challenge judged, for the chair of the body that holds the log). The second kind has no reminder, and
    its `key` keeps it single per person (a retried request tells nobody twice)."""

    reminder = models.OneToOneField(Reminder, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="notice")
    key = models.CharField(max_length=200, blank=True, default="", db_default="")  # the chase inserts by SQL
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    read_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                               name="notice_once_per_key")]

    def __str__(self):
        return self.title


class Digest(models.Model):
    """One person's reminder email of one day, stored with its Message-ID and its outbox rows before it
    is sent.

    The day's reminders join it as they are recorded, until it is `closed`, just before it is first
    sent: from then on its rows never change, so a resend after a crash (sent, not marked sent) is the
    same message with the same items, and reminders recorded later wait for the person's next digest.
    `sent_on` is set once it has left, for it and its rows alike (a single row's write, made as soon as
    the email is out)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(validators=[year_in_range])  # the chase's day (as_of) that made it
    message_id = models.CharField(max_length=200, unique=True, default=digest_message_id, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    closed = models.DateTimeField(null=True, blank=True, validators=[year_in_range])
    sent_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])

    class Meta:
        ordering = ["day", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]
        indexes = [models.Index(fields=["day"], condition=models.Q(sent_on__isnull=True), name="digest_unsent")]

    def __str__(self):
        return self.message_id


class OutboxQuerySet(models.QuerySet):
    def unsent(self):
        """Rows whose email has not left: waiting for a digest, in a digest not sent yet, or a "remind
        now" its task has not sent."""
        return self.filter(sent_on__isnull=True, digest__sent_on__isnull=True)

    def sent(self):
        return self.filter(models.Q(sent_on__isnull=False) | models.Q(digest__sent_on__isnull=False))


class Outbox(models.Model):
    """An email owed for a sent reminder.

    A "remind now" row (`immediate`) is its own email, with its own Message-ID, and `sent_on` is set
    after it left; every other row goes in the daily `digest` it is attached to (a "remind now" its
    task never sent joins one too) and is sent when that digest is (`Digest.sent_on`; the row's own
    `sent_on` stays empty). `Outbox.objects.unsent()` and `.sent()` say which, either way."""

    reminder = models.OneToOneField(Reminder, on_delete=models.PROTECT, related_name="outbox")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message_id = models.CharField(max_length=200, unique=True, default=reminder_message_id, editable=False)
    immediate = models.BooleanField(default=False)  # "remind now": outside the digest
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.PROTECT, related_name="rows")
    sent_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "outbox"
        indexes = [models.Index(fields=["sent_on", "user"])]

    def __str__(self):
        return self.message_id

    @property
    def email_sent_on(self):
        """When its email left: its own, or its digest's."""
        return self.sent_on or (self.digest.sent_on if self.digest_id else None)


class Unreached(models.Model):
    """A thing owed that the chase could remind nobody of on a day: nobody stands on the rungs of its
    step (no chair, no nominee, nobody in the business unit). Recorded once a day per thing, so the
    administrators' alert (`alerted_on`, set once their email has left) is not repeated by a rerun."""

    key = models.CharField(max_length=200)
    day = models.DateField(validators=[year_in_range])  # the chase's day (as_of)
    step = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    due_date = models.DateField(validators=[year_in_range])
    created = models.DateTimeField(auto_now_add=True)
    alerted_on = models.DateTimeField(null=True, blank=True, validators=[year_in_range])

    class Meta:
        verbose_name = "item with nobody to remind"
        verbose_name_plural = "items with nobody to remind"
        ordering = ["-day", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="unreached_once_a_day")]

    def __str__(self):
        return f"{self.key} on {self.day}"
