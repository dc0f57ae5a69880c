from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .mail import absolute_url, templated_email
from .models import Theme, WorkerHeartbeat

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


def save_stamped(record, by):
    """Save a new record (or one whose changes the caller has already checked): stamped, cleaned, whole."""
    stamp(record, by)
    validate(record)
    record.save()
    return record


def merged(record, data: dict, *names: str) -> list:
    """The values of `names` the record would have after model_update(record, data): for checks first."""
    return [data[name] if name in data else getattr(record, name) for name in names]


def model_update(instance, data: dict, *, by) -> bool:
    """The one way services change a saved record: set the fields of `data` whose value differs, and if any
    did, stamp who changed it, clean it (`validate`: full_clean less the queries for related records already
    in hand), and save only those fields (and the modified on/by stamp).
    The save writes the history row (django-simple-history). Returns whether anything changed; nothing
    changed writes nothing, history included. Many-to-many fields are the services' own business."""
    changed = []
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many or not field.concrete:
            raise ValueError(f"model_update sets a record's own fields, not {name!r}")
        if field.is_relation:
            current, new = getattr(instance, field.attname), (value.pk if value is not None else None)
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    if not changed:
        return False
    stamp(instance, by)
    validate(instance)
    stamps = [name for name in ("modified_on", "modified_by") if hasattr(instance, name)]
    instance.save(update_fields=[*changed, *stamps])
    return True


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


def theme_update(*, theme: Theme, data: dict, by) -> bool:
    require(by, "bscb.manage_themes", theme)
    if "name" in data:
        data = {**data, "name": _theme_name_check(data["name"], theme.pk)}
    return model_update(theme, data, by=by)


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
