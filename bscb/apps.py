from django.apps import AppConfig


class BscbConfig(AppConfig):
    """The core every app reads and which reads none of them: shared model pieces, the working-day
    calendar, periods, themes, redaction, access kinds, the form and page helpers."""

    name = "bscb"
    verbose_name = "Partnership settings"
