from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, **kwargs):
    from .schedules import ensure_periodic_tasks

    ensure_periodic_tasks()


class BscbConfig(AppConfig):
    name = "bscb"
    verbose_name = "Partnership settings"

    def ready(self):
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="bscb.ensure_periodic_tasks")
