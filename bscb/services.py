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


def save_stamped(record, by):
    stamp(record, by)
    record.full_clean()
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
