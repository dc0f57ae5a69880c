from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_settings(sender, **kwargs):
    from .models import ensure_chase_settings

    ensure_chase_settings()


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        # The chasing settings row exists after every migrate (and after a test's flush), for the admin.
        post_migrate.connect(_ensure_settings, sender=self, dispatch_uid="notifications-ensure-settings")
