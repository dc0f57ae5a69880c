from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bscb.dates import year_in_range
from bscb.fields import FreeTextCharField, FreeTextField
from bscb.identity import normalise_email
from bscb.models import TimeStampedModel
from bscb.text import shorten


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # One normalisation for storage, sign-in, the lockout and password reset (bscb.identity).
        return normalise_email(email)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        # Exact, on the normalised form it is stored in: the account found is the one whose address
        # django-axes counts failures under (an `iexact` match could reach it by another key).
        return self.get(email=self.normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in by email. Roles come from memberships, not from this record."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "administrator", default=False, help_text="May sign in to the Django admin."
    )
    date_joined = models.DateTimeField(default=timezone.now, validators=[year_in_range])
    # Django sets it at sign-in, but the admin shows it as editable: the same years as every date.
    last_login = models.DateTimeField("last login", blank=True, null=True, validators=[year_in_range])

    objects = UserManager()
    # Who changed a person's record and when; never their password hash.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args, **kwargs):
        # Stored normalised whatever the path (a factory or a shell skips clean()); sign-in needs it.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("person-detail", args=[self.pk])

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Sector(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    VOLUNTARY = "voluntary", "Voluntary and community"
    OTHER = "other", "Other"


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    CAFCASS = "cafcass", "CAFCASS"
    VOLUNTARY = "voluntary", "Voluntary and community"
    OTHER = "other", "Other"


class Organisation(TimeStampedModel):
    """A partner agency. Challenges and requests are addressed to it; its leads answer them."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.STATUTORY)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("organisation-detail", args=[self.pk])

    def __str__(self):
        return self.name


class LeadRole(models.TextChoices):
    LEAD = "lead", "Lead"
    DEPUTY = "deputy", "Deputy"


class OrganisationLead(TimeStampedModel):
    """A person who sees and answers what is addressed to the agency, for a term."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="leads")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="agency_leads")
    role = models.CharField(max_length=10, choices=LeadRole.choices, default=LeadRole.LEAD)
    start = models.DateField(default=timezone.localdate, validators=[year_in_range])
    end = models.DateField(null=True, blank=True, validators=[year_in_range])
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "role", "person__full_name"]

    def __str__(self):
        return f"{self.person} ({self.get_role_display().lower()}, {self.organisation})"


class BodyKind(models.Model):
    """Board, Business Planning Group, sub group, task and finish group, executive group...: data."""

    name = models.CharField(max_length=100, unique=True)
    plural = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Function(models.TextChoices):
    """What a body does in the workflows. Workflows ask which body holds a function, never a kind."""

    BUSINESS_UNIT = "business_unit", "Is the business unit"
    MONITORS = "monitors", "Monitors the sub groups (receives their escalations)"
    APPROVES_PLANS = "approves_plans", "Approves action plans"
    SIGNS_OFF_ACTIONS = "signs_off_actions", "Signs off actions"
    RATIFIES = "ratifies", "Ratifies sign-offs and action plans"
    HOLDS_LOG = "holds_log", "Holds the challenge and risk log"
    RECEIVES_SUMMARIES = "receives_summaries", "Receives summaries"
    RECEIVES_QUARTERLY = "receives_quarterly", "Receives quarterly summaries"
    RECEIVES_YEARLY = "receives_yearly", "Receives yearly assurance reports"
    RECEIVES_OUTCOME_REPORT = "receives_outcome_report", "Receives the quarterly outcome report"
    AGREES_OUTCOME_REPORT = "agrees_outcome_report", "Agrees the quarterly outcome report"


# Functions that one body at a time may hold; the others (receiving) may be held by several.
SINGLE_HOLDER_FUNCTIONS = {
    Function.BUSINESS_UNIT, Function.MONITORS, Function.APPROVES_PLANS, Function.SIGNS_OFF_ACTIONS,
    Function.RATIFIES, Function.HOLDS_LOG, Function.AGREES_OUTCOME_REPORT,
}


class Body(TimeStampedModel):
    kind = models.ForeignKey(BodyKind, on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50)
    purpose = FreeTextField(blank=True, help_text="One purpose a line.")
    terms_of_reference = FreeTextField(blank=True)
    membership_rule = FreeTextField(blank=True, help_text="Who sits on it, as its terms of reference say.")
    seats_for_chairs_of = models.ForeignKey(
        BodyKind, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="members include the chairs of",
        help_text="The chairs of every active body of this kind sit on this body, derived from their "
        "chairs' memberships, so that a change of chair moves the seat.",
    )
    reports_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting")
    meeting_cadence_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How often it meets, in weeks (8 for every two months)."
    )
    owes_summaries = models.BooleanField(default=False, help_text="A summary after each meeting.")
    owes_quarterly_summaries = models.BooleanField(default=False)
    owes_yearly_assurance = models.BooleanField(default=False, help_text="A yearly assurance report.")
    active_from = models.DateField(default=timezone.localdate, validators=[year_in_range])
    active_to = models.DateField(null=True, blank=True, validators=[year_in_range])
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind__order", "name"]
        verbose_name_plural = "bodies"

    def get_absolute_url(self):
        return reverse("body-detail", args=[self.pk])

    def __str__(self):
        return self.name

    def is_active_on(self, day):
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)

    def functions_as_of(self, when=None) -> list[str]:
        """The functions it held at `when` (now if None), from their history: what an edit form opened then
        showed (bscb.versions compares them; services.body_functions_set moves the body's version on)."""
        if when is None:
            return sorted(self.functions.values_list("function", flat=True))
        rows = BodyFunction.history.filter(body_id=self.pk, history_date__lte=when).latest_of_each()
        return sorted(rows.exclude(history_type="-").values_list("function", flat=True))


class BodyFunction(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="functions")
    function = models.CharField(max_length=40, choices=Function.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "function"], name="unique_body_function")]

    def __str__(self):
        return f"{self.body.short_name}: {self.get_function_display()}"


class Role(models.TextChoices):
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice chair"
    MEMBER = "member", "Member"
    INVITED = "invited", "Invited member"
    ADVISER = "adviser", "Adviser"
    BUSINESS_UNIT_OFFICER = "bu_officer", "Business unit officer"


# Roles that chair a body; one person at a time holds them.
CHAIR_ROLES = {Role.INDEPENDENT_CHAIR, Role.CHAIR}


class Membership(TimeStampedModel):
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships",
        verbose_name="agency represented",
    )
    start = models.DateField(default=timezone.localdate, validators=[year_in_range])
    end = models.DateField(null=True, blank=True, validators=[year_in_range])
    history = HistoricalRecords()

    class Meta:
        ordering = ["body__name", "role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.body.short_name}"

    def is_current_on(self, day):
        return self.start <= day and (self.end is None or self.end >= day)


# Messages the tests assert on.
FINAL_OF_YEAR_NOT_RECEIVING = (
    "Only a meeting of a body that receives yearly assurance reports can be the last meeting of the year"
)


MINUTES_MAX_LENGTH = 50_000


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(TimeStampedModel):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(validators=[year_in_range])
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    is_final_of_year = models.BooleanField(
        default=False, verbose_name="last meeting of the year",
        help_text="Its yearly assurance reports fall due before it. Only a body that receives yearly "
        "assurance reports has one.",
    )
    # Longer than other prose (the minutes as agreed, not only a summary); the form sends them with the
    # document (multipart, unencoded), still well inside the limit on a form's data.
    minutes = FreeTextField(blank=True, max_length=MINUTES_MAX_LENGTH)
    minutes_document = models.FileField(upload_to="minutes/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        # The second serves lists newest first across bodies (the decision log joins through it).
        indexes = [models.Index(fields=["body", "starts_at"]), models.Index(fields=["-starts_at", "id"],
                                                                            name="meeting_newest_first")]

    def get_absolute_url(self):
        return reverse("meeting-detail", args=[self.pk])

    def __str__(self):
        return f"{self.body.short_name} meeting, {timezone.localtime(self.starts_at):%d %B %Y}"

    def clean(self):
        super().clean()
        # Yearly assurance reports fall due before the last meeting of the year of the body that
        # receives them (DESIGN.md: by function, never by kind); another body's flag would mean nothing.
        # A flag already stored stays (a body that has since lost the function may still have its
        # meetings marked held or cancelled); only setting it anew is refused.
        if self.is_final_of_year and self.body_id and not self._flag_stored() and not BodyFunction.objects.filter(
                body_id=self.body_id, function=Function.RECEIVES_YEARLY).exists():
            raise ValidationError({"is_final_of_year": FINAL_OF_YEAR_NOT_RECEIVING})

    def _flag_stored(self) -> bool:
        return not self._state.adding and Meeting.objects.filter(
            pk=self.pk, body_id=self.body_id, is_final_of_year=True).exists()


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)
    title = FreeTextCharField(max_length=300)
    notes = FreeTextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
    DELEGATE = "delegate", "Sent a delegate"


class Attendance(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="attendances")
    # The agency the member represented at the time, kept for attendance rates per agency.
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    delegate_name = models.CharField(max_length=150, blank=True)
    delegate_role = models.CharField(max_length=150, blank=True)
    delegate_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delegate_sufficiently_senior = models.BooleanField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class ChildrensVoice(models.TextChoices):
    INFORMED = "informed", "The wishes and feelings of children informed this decision"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Decision(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    text = FreeTextField("decision")
    themes = models.ManyToManyField("bscb.Theme", blank=True, related_name="decisions")
    childrens_voice = models.CharField(
        "did the wishes and feelings of children inform this decision?", max_length=20, choices=ChildrensVoice.choices
    )
    childrens_voice_detail = FreeTextField("how they informed it", blank=True)
    not_applicable_reason = FreeTextField("why it does not apply", blank=True)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["-meeting__starts_at", "-pk"]

    def __str__(self):
        return shorten(self.text, 80)
