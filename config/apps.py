from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, **kwargs):
    from .schedules import ensure_periodic_tasks

    ensure_periodic_tasks()


class ProjectConfig(AppConfig):
    """The project package: settings, urls, the Celery app and schedule, `load_demo` and
    `seed_scale`. An app only so that its commands are found; it has no models."""

    name = "config"
    verbose_name = "Project"

    def ready(self):
        # This app has no models, so Django sends it no post_migrate: follow the schedule's tables.
        from django.apps import apps

        post_migrate.connect(_after_migrate, sender=apps.get_app_config("django_celery_beat"),
                             dispatch_uid="config.ensure_periodic_tasks")
