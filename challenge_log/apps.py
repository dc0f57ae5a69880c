from django.apps import AppConfig


class ChallengeLogConfig(AppConfig):
    name = "challenge_log"
    verbose_name = "Challenge and risk log"

    def ready(self):
        from notifications.registry import register

        from . import dues

        register(dues.ASSURANCE, dues.assurance_dues, dues.assurance_due)
        register(dues.REVIEW, dues.review_dues)
        register(dues.ALERT, dues.alert_dues)
