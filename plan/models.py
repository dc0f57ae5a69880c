"""The partnership's plan: priorities, outcomes, targets and milestones, expected evidence."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from bscb.dates import year_in_range
from bscb.fields import FreeTextCharField, FreeTextField
from bscb.models import TimeStampedModel
from bscb.text import shorten


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "In force"
    CLOSED = "closed", "Closed"


def plans_copied_with(plan_id: int) -> list[int]:
    """The plans copied from this one, or that it was copied from, at any remove (plan_copy copies every
    text of a plan into the next): the same text may stand in each."""
    family, frontier = {plan_id}, {plan_id}
    while frontier:
        rows = Plan.objects.filter(Q(pk__in=frontier) | Q(copied_from__in=frontier)).values_list("pk", "copied_from")
        frontier = {pk for row in rows for pk in row if pk is not None} - family
        family |= frontier
    return sorted(family - {plan_id})


class CopiedWithThePlan:
    """A record whose text plan_copy copies into the next plan: a redaction of it (bscb.redaction) looks for
    the text in the same kind of record in every plan copied from its plan, or that it was copied from."""

    plan_lookup = "plan"  # from this model to its plan

    def redaction_copies(self):
        plan_id = type(self).objects.filter(pk=self.pk).values_list(self.plan_lookup, flat=True).get()
        others = plans_copied_with(plan_id)
        return list(type(self).objects.filter(**{f"{self.plan_lookup}__in": others})) if others else []


class Plan(CopiedWithThePlan, TimeStampedModel):
    title = FreeTextCharField(max_length=300)
    first_year = models.PositiveSmallIntegerField(help_text="The first calendar year the plan runs in, as 2016.")
    last_year = models.PositiveSmallIntegerField(help_text="The last calendar year the plan runs in, as 2018.")
    vision = FreeTextField("vision statement", blank=True)
    introduction = FreeTextField(blank=True, help_text="One paragraph a line.")
    outstanding_traits = FreeTextField(
        "traits of an outstanding partnership", blank=True, help_text="One trait a line."
    )
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies")
    history = HistoricalRecords()
    plan_lookup = "pk"

    class Meta:
        ordering = ["-first_year", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plan-detail", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period(self) -> str:
        return f"{self.first_year}-{str(self.last_year)[-2:]}" if self.last_year != self.first_year else str(
            self.first_year)


class Priority(CopiedWithThePlan, TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = FreeTextCharField(max_length=300, blank=True, help_text="A short heading, where the plan gives one.")
    statement = FreeTextField()
    focus_areas = FreeTextField(blank=True, help_text="One focus area a line, as the plan words them.")
    narrative = FreeTextField(blank=True, help_text="Any further text the plan gives, one paragraph a line.")
    business_as_usual = FreeTextField(
        "business-as-usual developments", blank=True, help_text="One development a line, as the plan states them."
    )
    themes = models.ManyToManyField("bscb.Theme", blank=True, related_name="priorities")
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_priority_number_per_plan")]

    def __str__(self):
        return f"Priority {self.number}: {self.title or shorten(self.statement, 60)}"

    def get_absolute_url(self):
        return reverse("priority-detail", args=[self.pk])


class Outcome(CopiedWithThePlan, TimeStampedModel):
    plan_lookup = "priority__plan"
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="outcomes")
    code = models.CharField(max_length=10, help_text="As the plan numbers it, for example 1.2.")
    order = models.PositiveSmallIntegerField(default=1)
    statement = FreeTextField()
    # The plan's year columns, kept exactly as marked: a list of calendar years.
    years = models.JSONField(default=list, blank=True)
    responsibility = FreeTextField(blank=True, help_text="Who is responsible, in the plan's words.")
    themes = models.ManyToManyField("bscb.Theme", blank=True, related_name="outcomes")
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["priority__number", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["priority", "code"], name="one_outcome_code_per_priority")]

    def __str__(self):
        return f"{self.code} {shorten(self.statement, 80)}"

    def get_absolute_url(self):
        return reverse("outcome-detail", args=[self.pk])


class Target(CopiedWithThePlan, TimeStampedModel):
    """A target, timeline or milestone: the plan's words, and a due date where it gives one."""

    plan_lookup = "outcome__priority__plan"
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="targets")
    order = models.PositiveSmallIntegerField(default=1)
    text = FreeTextField()
    due_date = models.DateField(null=True, blank=True, validators=[year_in_range])
    history = HistoricalRecords()

    class Meta:
        ordering = ["outcome", "order", "pk"]

    def __str__(self):
        return shorten(self.text, 80)


class EvidenceItem(CopiedWithThePlan, TimeStampedModel):
    """Expected evidence or evaluation of impact, with the bodies responsible for it."""

    plan_lookup = "outcome__priority__plan"
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="evidence")
    order = models.PositiveSmallIntegerField(default=1)
    text = FreeTextField()
    responsibility = FreeTextField(blank=True, help_text="Who is responsible, in the plan's words.")
    responsible_bodies = models.ManyToManyField("accountability.Body", blank=True, related_name="plan_evidence")
    history = HistoricalRecords(m2m_fields=[responsible_bodies])

    class Meta:
        ordering = ["outcome", "order", "pk"]
        verbose_name = "evidence item"

    def __str__(self):
        return shorten(self.text, 80)


class OutcomeLogEntry(models.Model):
    """A log entry linked to an outcome of the plan (issue 14 §1). Held by the plan, which may read the log;
    the log reaches it only through challenge_log.links, where plan/log_links.py registers it."""

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="log_links")
    entry = models.ForeignKey("challenge_log.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["outcome", "entry"], name="one_link_per_outcome_and_entry")]

    def __str__(self):
        return f"{self.outcome.code} - entry {self.entry_id}"


# Action plans and actions live in their own module; Django finds models through this one.
from .action_models import (  # noqa: E402,F401
    Action,
    ActionPlan,
    ActionPlanRevision,
    ActionPlanStep,
    ActionSettings,
    ActionStep,
    EvidenceFile,
    EvidenceOfImpact,
    ProgressUpdate,
)
