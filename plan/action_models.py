"""Sub group action plans and their actions (issue 16): progress updates, evidence of impact, and the two-tier
sign-off chain (proposed complete -> signed off by the body that signs off actions -> ratified by the body that
ratifies, at a named meeting -> closed). Every step is a line of a timeline with who, when and the meeting;
nothing is deleted: an action is withdrawn with a reason, an approved plan changes by a new revision.

Which body approves, signs off or ratifies is a function of a body (accountability.Function), never a kind."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bscb.dates import year_in_range
from bscb.fields import FreeTextField
from bscb.models import TimeStampedModel
from bscb.text import shorten


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    RETURNED = "returned", "Returned with comments"
    APPROVED = "approved", "Approved"
    COMPLETE = "complete", "Actions done, awaiting ratification"
    RATIFIED = "ratified", "Signed off and ratified"


# The chair may change the plan's actions only in these states: an approved plan changes by a revision.
PLAN_EDITABLE = {ActionPlanStatus.DRAFT, ActionPlanStatus.RETURNED}
# States of a plan approved as it stands: every member reads it, and its actions count in the roll-up.
PLAN_APPROVED = {ActionPlanStatus.APPROVED, ActionPlanStatus.COMPLETE, ActionPlanStatus.RATIFIED}


class RollUpRule(models.TextChoices):
    WORST = "worst", "The worst status among the open actions"
    PREVAILING = "prevailing", "The status most of the open actions have"


class ActionSettings(models.Model):
    """When an action counts as stale, how soon before its due date it is chased, and how an outcome's status is
    rolled up from its actions. A singleton: `ActionSettings.current()`."""

    stale_after_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1)],
        help_text="An open action with no progress update for this many days is chased to its owner.")
    rollup_rule = models.CharField(
        "roll-up rule", max_length=12, choices=RollUpRule.choices, default=RollUpRule.WORST,
        help_text="How an outcome's (and a priority's) status is worked out from its open actions. The plan's "
                  "pages state the rule in use.")

    class Meta:
        verbose_name = verbose_name_plural = "action settings"

    def __str__(self):
        return "Action settings"

    @classmethod
    def current(cls) -> "ActionSettings":
        """The one row, or (before it is made) the defaults. Writes nothing."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ActionPlan(TimeStampedModel):
    """A sub group's action plan for a plan period. `revision` counts from 1; a revision of an approved plan
    sends it back to draft with its reason, and each approval freezes the actions as they then stood."""

    body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="action_plans")
    plan = models.ForeignKey("plan.Plan", on_delete=models.PROTECT, related_name="action_plans")
    status = models.CharField(max_length=10, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT,
                              editable=False)
    revision = models.PositiveSmallIntegerField(default=1, editable=False)
    revision_reason = FreeTextField("reason for the revision", blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "body__name"]
        constraints = [models.UniqueConstraint(fields=["body", "plan"], name="one_action_plan_a_body_a_period")]

    def __str__(self):
        return f"{self.body.short_name} action plan {self.plan.period}"

    def get_absolute_url(self):
        return reverse("action-plan-detail", args=[self.pk])

    @property
    def work(self):
        return self.body

    @property
    def is_editable(self) -> bool:
        return self.status in PLAN_EDITABLE


class ActionPlanRevision(models.Model):
    """An approved revision: its reason and the actions as approved, frozen, to read beside the one before."""

    action_plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    reason = FreeTextField(blank=True)
    approved_on = models.DateTimeField(default=timezone.now, editable=False)  # set by the service
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey("accountability.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    # [{"pk", "description", "outcomes", "owner", "organisation", "due_on", "success_measure", "status"}]
    actions = models.JSONField(default=list)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_plan", "number"]
        constraints = [models.UniqueConstraint(fields=["action_plan", "number"], name="one_revision_number")]

    def __str__(self):
        return f"{self.action_plan}, revision {self.number}"


class PlanStepKind(models.TextChoices):
    CREATED = "created", "Drafted"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned with comments"
    REVISION = "revision", "Revision started"
    COMPLETE = "complete", "Every action closed: sent for ratification"
    RATIFIED = "ratified", "Sign-off ratified"
    DECLINED = "declined", "Ratification declined"


class Step(models.Model):
    """One line of a timeline: who did it, when, at which meeting, and the comment. Each concrete step adds what
    it is a step of and its `kind` with that record's own choices."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    on = models.DateTimeField(default=timezone.now, editable=False)
    meeting = models.ForeignKey("accountability.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    comment = FreeTextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["on", "pk"]


class ActionPlanStep(Step):
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=20, choices=PlanStepKind.choices)
    history = HistoricalRecords()

    class Meta(Step.Meta):
        pass

    def __str__(self):
        return f"{self.action_plan}: {self.get_kind_display()}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    PROPOSED = "proposed", "Proposed complete"
    SIGNED_OFF = "signed_off", "Signed off, awaiting ratification"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACTION_ENDED = {ActionStatus.CLOSED, ActionStatus.WITHDRAWN}


class Progress(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


# Worst first: an outcome's status is the first of these among its open actions. An action with no update yet
# counts after at risk and before on track (NO_UPDATE): nobody has said it is on track.
NO_UPDATE = "no_update"
NO_UPDATE_LABEL = "No update yet"
WORST_FIRST = [Progress.OFF_TRACK, Progress.AT_RISK, NO_UPDATE, Progress.ON_TRACK, Progress.COMPLETE]


class Action(TimeStampedModel):
    """An action in a sub group's plan, or set with no plan (arising from a meeting's decision or a log entry,
    or set by the BPG or the Board). `body` is whose action it is: the plan's body, or the body that set it."""

    action_plan = models.ForeignKey(ActionPlan, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="actions")
    body = models.ForeignKey("accountability.Body", on_delete=models.PROTECT, related_name="actions",
                             verbose_name="whose action")
    decision = models.ForeignKey("accountability.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="actions", verbose_name="arising from the decision")
    entry = models.ForeignKey("challenge_log.Entry", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="actions", verbose_name="arising from the log entry")
    outcomes = models.ManyToManyField("plan.Outcome", blank=True, related_name="actions")
    themes = models.ManyToManyField("bscb.Theme", blank=True, related_name="actions")
    description = FreeTextField("action")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="owned_actions", help_text="The named person who leads it.")
    organisation = models.ForeignKey("accountability.Organisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="actions", verbose_name="owner's agency")
    due_on = models.DateField("due date", validators=[year_in_range])
    success_measure = FreeTextField("measure of success")
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN,
                              editable=False)
    # The latest update's status and date, kept here for the roll-up, the filters and the chase of stale ones.
    progress = models.CharField(max_length=10, choices=Progress.choices, blank=True, editable=False)
    last_update_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[outcomes, themes])

    class Meta:
        ordering = ["due_on", "pk"]
        # The action list's order: its first page is read off the index, not sorted from every action.
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["due_on", "id"],
                                                                            name="action_due_first")]

    def __str__(self):
        return shorten(self.description, 80)

    def get_absolute_url(self):
        return reverse("action-detail", args=[self.pk])

    @property
    def work(self):
        """Whose work it is for the "own body's work" rule (accountability.rules.work_of): the body's, not the
        owner's agency's."""
        return self.body

    @property
    def is_ended(self) -> bool:
        return self.status in ACTION_ENDED

    @property
    def progress_label(self) -> str:
        return self.get_progress_display() if self.progress else NO_UPDATE_LABEL

    @property
    def reference(self) -> str:
        return f"A-{self.pk}"


class ProgressUpdate(TimeStampedModel):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    on = models.DateField("date of the update", default=timezone.localdate, validators=[year_in_range])
    commentary = FreeTextField()
    status = models.CharField(max_length=10, choices=Progress.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.action.reference}: {self.get_status_display()} on {self.on:%-d %B %Y}"


class EvidenceOfImpact(TimeStampedModel):
    """What changed for children and how we know: kept apart from progress (Ofsted judged impact, not activity)."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="impact_evidence")
    text = FreeTextField("what changed for children, and how we know")
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_on", "pk"]
        verbose_name = verbose_name_plural = "evidence of impact"

    def __str__(self):
        return f"Evidence for {self.action.reference}"


class EvidenceFile(TimeStampedModel):
    """A file given as evidence of impact: checked by its content (bscb.documents), stored under a name of our own,
    sent only to those who may read the action; removed only by the business unit's redaction."""

    evidence = models.ForeignKey(EvidenceOfImpact, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to="actions/%Y/", blank=True)
    kind = models.CharField(max_length=100, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_on", "pk"]

    def __str__(self):
        return f"Evidence file {self.pk}"

    def get_absolute_url(self):
        return self.evidence.action.get_absolute_url()

    def redaction_label(self) -> str:
        return f"A file of evidence for {self.evidence.action.reference}"

    @property
    def kind_label(self) -> str:
        from bscb.documents import EXTENSIONS

        return EXTENSIONS.get(self.kind, "").lstrip(".").upper() or "file"

    @property
    def download_name(self) -> str:
        return f"{self.evidence.action.reference} evidence {self.pk}"


class ActionStepKind(models.TextChoices):
    CREATED = "created", "Set"
    EDITED = "edited", "Details changed"
    UPDATED = "updated", "Progress update"
    EVIDENCE = "evidence", "Evidence of impact added"
    PROPOSED = "proposed", "Proposed complete"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned"
    RATIFIED = "ratified", "Ratified"
    DECLINED = "declined", "Ratification declined"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ActionStep(Step):
    """One line of an action's history."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=20, choices=ActionStepKind.choices)
    history = HistoricalRecords()

    class Meta(Step.Meta):
        pass

    def __str__(self):
        return f"{self.action.reference}: {self.get_kind_display()}"
