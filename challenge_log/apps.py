from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, **kwargs):
    from .models import LogSettings

    LogSettings.objects.get_or_create(pk=1)


class ChallengeLogConfig(AppConfig):
    name = "challenge_log"
    verbose_name = "Challenge and risk log"

    def ready(self):
        # The settings row exists after every migrate (and after a test's flush), for the admin.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="challenge_log.ensure_log_settings")

        from notifications.registry import register

        from . import dues

        register(dues.ASSURANCE, dues.assurance_dues, dues.assurance_due)
        register(dues.REVIEW, dues.review_dues)
        register(dues.ALERT, dues.alert_dues)
