from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _meeting_saved(sender, instance, **kwargs):
    # Reporting reads the structure; the structure knows nothing of reporting (DESIGN.md's arrows),
    # so a held or re-dated meeting reaches its summary through this signal.
    from .services import summary_expect_or_redate

    summary_expect_or_redate(instance)


def _after_migrate(sender, **kwargs):
    from .deadlines import ensure_deadline_settings
    from .generation import ensure_generation_triggers

    ensure_deadline_settings()
    ensure_generation_triggers(kwargs.get("using", "default"))  # issue 18: the dashboards' cache


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Summaries and reports"

    def ready(self):
        from accountability.models import Meeting

        post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="reporting.meeting_saved")
        # The deadline settings row exists after every migrate (and after a test's flush), for the admin.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="reporting.ensure_deadline_settings")

        from notifications.registry import register

        from . import dues, outcome_redaction  # noqa: F401  (a redaction reaches the reports' frozen copies)

        register(dues.SUMMARY, dues.summary_dues, dues.summary_due)
        register(dues.NO_MEETING, dues.no_meeting_dues)
