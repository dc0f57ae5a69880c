"""manage.py build_quarterly_report --quarter 2017Q1: what the job does, here and now (a new version)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting.outcome_services import outcome_report_build_now


class Command(BaseCommand):
    help = "Build the quarterly outcome report of a quarter (a new version), as the job does."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="As 2017Q1: the first quarter of the year 2017-18.")

    def handle(self, *args, quarter, **options):
        try:
            report = outcome_report_build_now(quarter_code=quarter)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if report.state == "failed":
            raise CommandError(f"{report}: the build failed. {report.error}")
        self.stdout.write(f"{report}: built, {report.get_state_display().lower()}.")
