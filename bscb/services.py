from datetime import timedelta

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import versions
from .mail import absolute_url, templated_email
from .models import FormSubmission, Theme, WorkerHeartbeat

HEARTBEAT = "worker"
NOT_ALLOWED = "You do not have the right to do this."


class NotAllowed(PermissionDenied):
    """A service's refusal of a person who lacks the right (a django-rules permission). Every app's write
    services raise this one type, checked with `require`. It is a PermissionDenied, so a view that lets it
    through answers 403 (Django's own handling, no try/except in views); the admin shows it as a message."""

    def __init__(self, message: str = NOT_ALLOWED, *, perm: str = ""):
        super().__init__(message)
        self.message = message
        self.perm = perm

    def __str__(self):
        return self.message


def require(by, perm: str, obj=None, *, message: str = NOT_ALLOWED) -> None:
    """Refuse (NotAllowed) unless `by` holds `perm` (on `obj`): the one check every write service makes,
    first, whoever calls it (a page, the admin, a command, a task)."""
    if by is None or not by.has_perm(perm, obj):
        raise NotAllowed(message, perm=perm)


def stamp(record, by) -> None:
    """Who created and last changed a record (created/modified by), and who its history row names,
    outside a web request too. Every app's services, and the admin, stamp through this."""
    if hasattr(record, "modified_by_id"):
        if record._state.adding:
            record.created_by = by
        record.modified_by = by
    record._history_user = by


def _loaded_relations(record) -> list[str]:
    """Foreign keys that hold an object read from the database (the meeting a service was given, the
    person recording): that it exists needs no query. Those limited to some choices are still checked."""
    names = []
    for field in record._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.get_limit_choices_to() or not field.is_cached(record):
            continue
        related = field.get_cached_value(record)
        if related is not None and not related._state.adding and related.pk == getattr(record, field.attname):
            names.append(field.name)
    return names


def validate(record) -> None:
    """Model.full_clean without a query a foreign key for objects already read: the demo load and every
    service save spent a quarter of their time proving that the meeting in hand exists. Unique checks
    and constraints still cover every field; the database's own foreign keys still hold."""
    errors = {}
    for step in (lambda: record.clean_fields(exclude=_loaded_relations(record)), record.clean):
        try:
            step()
        except ValidationError as e:
            errors = e.update_error_dict(errors)
    failed = set(errors)
    for step in (record.validate_unique, record.validate_constraints):
        try:
            step(exclude=failed)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _has_unique(model) -> bool:
    """Whether saving a row of `model` can clash with another on a unique field or constraint."""
    meta = model._meta
    return (any(field.unique and not field.primary_key for field in meta.concrete_fields) or bool(meta.unique_together)
            or any(isinstance(constraint, models.UniqueConstraint) for constraint in meta.constraints))


def _save(record, **kwargs) -> None:
    """Save; a clash with a row another request saved meanwhile (two posts of one name at once) is the model's
    own message beside the field, not a server error: checked again once the other row is there to see."""
    if not _has_unique(type(record)):
        record.save(**kwargs)
        return
    try:
        with transaction.atomic():
            record.save(**kwargs)
    except IntegrityError:
        validate(record)
        raise


def save_stamped(record, by):
    """Save a new record (or one whose changes the caller has already checked): stamped, cleaned, whole."""
    stamp(record, by)
    validate(record)
    _save(record)
    return record


def merged(record, data: dict, *names: str) -> list:
    """The values of `names` the record would have after model_update(record, data): for checks first."""
    return [data[name] if name in data else getattr(record, name) for name in names]


def model_update(instance, data: dict, *, by, version: int | None = None, checked: dict | None = None) -> bool:
    """The one way services change a saved record: set the fields of `data` whose value differs, and if any
    did, stamp who changed it, clean it (`validate`: full_clean less the queries for related records already
    in hand), and save only those fields (and the modified on/by stamp); then set its many-to-many fields
    in `data` that differ. The save writes the history row (django-simple-history). Returns whether anything
    changed; nothing changed writes nothing, history included.

    `version`: the version an edit form was opened at (bscb.versions). The record is then locked and read
    afresh, and if it changed since in a field of `data` (or of `checked`: values the form sends that the
    service saves itself, such as a body's functions), to something else than what the form sends, nothing
    is saved: bscb.versions.Conflict says what changed and who changed it."""
    if version is None:
        return _model_update(instance, data, by=by)
    with transaction.atomic():
        instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())
        versions.check(instance, version, {**data, **(checked or {})})
        return _model_update(instance, data, by=by)


def _model_update(instance, data: dict, *, by) -> bool:
    changed, related = [], {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            wanted = list(value)
            held = set(getattr(instance, name).values_list("pk", flat=True))
            if {getattr(item, "pk", item) for item in wanted} != held:
                related[name] = wanted
            continue
        if not field.concrete:
            raise ValueError(f"model_update sets a record's own fields, not {name!r}")
        if field.is_relation:
            current, new = getattr(instance, field.attname), (value.pk if value is not None else None)
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    if not changed and not related:
        return False
    stamp(instance, by)
    if changed:
        validate(instance)
    stamps = [name for name in ("modified_on", "modified_by") if hasattr(instance, name)]
    if changed or stamps:
        _save(instance, update_fields=[*changed, *stamps])
    for name, wanted in related.items():
        getattr(instance, name).set(wanted)
    return True


def touch(record, by) -> None:
    """Record that a record changed in what lives outside its row (a body's functions): who and when, and a
    history row, so that its version moves on and an edit form opened before is checked."""
    stamp(record, by)
    record.save(update_fields=[name for name in ("modified_on", "modified_by") if hasattr(record, name)])


class AlreadySaved(Exception):  # noqa: N818 - a state, not a failure
    """A second post of a form whose first post was saved: where the first was sent, and who sent it. Raised
    out of the view (nothing of the second post is saved) and answered by bscb.middleware.AlreadySavedMiddleware,
    as Django answers Http404."""

    def __init__(self, location: str, user_id: int | None):
        super().__init__(location)
        self.location = location
        self.user_id = user_id


def submission_check(*, token: str) -> None:
    """AlreadySaved if a form with this one-time token was saved (its claim committed)."""
    first = FormSubmission.objects.filter(token=token).values_list("location", "user_id").first()
    if first is not None:
        raise AlreadySaved(*first)


def submission_claim(*, token: str, user) -> FormSubmission:
    """Claim a form's one-time token, inside the transaction that saves what the form makes (the caller's):
    the token is unique, so a second post of the same form waits here until the first commits, and is then
    refused with AlreadySaved; if the first was rolled back (refused), the second goes ahead."""
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=user)
    except IntegrityError:
        submission_check(token=token)
        raise


def submission_answered(claim: FormSubmission, *, location: str) -> None:
    claim.location = location
    claim.save(update_fields=["location"])


def submissions_purge(*, now=None) -> int:
    """Forget the tokens of forms sent more than FORM_TOKEN_DAYS ago (a form resent after that is new)."""
    days = getattr(settings, "FORM_TOKEN_DAYS", 30)
    before = (now or timezone.now()) - timedelta(days=days)
    return FormSubmission.objects.filter(created_on__lt=before).delete()[0]


def heartbeat_record(*, name: str = HEARTBEAT) -> WorkerHeartbeat:
    """Record that a worker ran a job now; the health check reports how long ago that was."""
    beat, created = WorkerHeartbeat.objects.get_or_create(
        name=name, defaults={"last_beat": timezone.now(), "beats": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=beat.pk).update(last_beat=timezone.now(), beats=F("beats") + 1)
        beat.refresh_from_db()
    return beat


THEME_EXISTS = "A theme with this name already exists."


def _theme_name_check(name: str, pk=None) -> str:
    name = " ".join(name.split())
    if Theme.objects.filter(name__iexact=name).exclude(pk=pk).exists():
        raise ValidationError({"name": THEME_EXISTS})
    return name


def theme_create(*, data: dict, by) -> Theme:
    require(by, "bscb.manage_themes")
    return save_stamped(Theme(**{**data, "name": _theme_name_check(data["name"])}), by)


def theme_update(*, theme: Theme, data: dict, by, version: int | None = None) -> bool:
    require(by, "bscb.manage_themes", theme)
    if "name" in data:
        data = {**data, "name": _theme_name_check(data["name"], theme.pk)}
    return model_update(theme, data, by=by, version=version)


def password_reset_request(*, email: str) -> None:
    """Each account Django would reset for this address (active, with a usable password) is sent a link,
    by task once the request commits; an unknown address is sent nothing, and the page says the same.
    Only the account stored under the address as sign-in normalises it (bscb.identity): get_users()
    alone matches more loosely."""
    from .identity import normalise_email
    from .tasks import password_reset_send  # the task module imports this one

    address = normalise_email(email)
    for user in auth_forms.PasswordResetForm().get_users(address):
        if getattr(user, user.get_email_field_name()) == address:
            transaction.on_commit(lambda pk=user.pk: password_reset_send.delay(pk), robust=True)


def sign_in_lockout_clear(*, user) -> int:
    """A password set through the emailed link proves the mailbox: the sign-in lockout on the address
    ends (the locked-out page says "wait, or reset your password"). Returns the attempts removed."""
    from axes.utils import reset

    from .identity import normalise_email

    return reset(username=normalise_email(user.get_username()))


def password_reset_email_send(*, user_id: int) -> bool:
    """The reset link, made here rather than in the request so that no token travels through the broker
    or the task results. The link uses SITE_URL, never the request's Host header."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    path = reverse("password-reset-confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)})
    templated_email(
        template="registration/email/password_reset", to=[user.email],
        context={"email": user.email, "link": absolute_url(path),
                 "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    ).send()
    return True
