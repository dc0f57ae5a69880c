from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, **kwargs):
    from .action_models import ActionSettings

    ActionSettings.objects.get_or_create(pk=1)


class PlanConfig(AppConfig):
    name = "plan"

    def ready(self):
        # The settings row exists after every migrate (and after a test's flush), for the admin.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="plan.ensure_action_settings")

        from notifications.registry import register

        from . import action_dues

        register(action_dues.ACTION_DUE, action_dues.action_dues, action_dues.action_due)
        register(action_dues.ACTION_STALE, action_dues.stale_dues)

        from .log_links import log_links_register

        log_links_register()
