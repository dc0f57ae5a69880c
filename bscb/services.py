from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .mail import absolute_url, templated_email
from .models import Theme, WorkerHeartbeat

HEARTBEAT = "worker"


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
    stamp(record, by)
    validate(record)
    record.save()
    return record


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


def theme_save(*, theme: Theme, by) -> Theme:
    theme.name = " ".join(theme.name.split())
    if Theme.objects.filter(name__iexact=theme.name).exclude(pk=theme.pk).exists():
        raise ValidationError({"name": THEME_EXISTS})
    return save_stamped(theme, by)


def password_reset_request(*, email: str) -> None:
    """Each account Django would reset for this address (active, with a usable password) is sent a link,
    by task once the request commits; an unknown address is sent nothing, and the page says the same."""
    from .tasks import password_reset_send  # the task module imports this one

    for user in auth_forms.PasswordResetForm().get_users(email):
        transaction.on_commit(lambda pk=user.pk: password_reset_send.delay(pk), robust=True)


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
