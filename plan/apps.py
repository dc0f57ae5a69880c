from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "plan"

    def ready(self):
        from .log_links import log_links_register

        log_links_register()
