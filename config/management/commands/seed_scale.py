from django.core.management.base import BaseCommand
from django.db import transaction

from config.seeding import seed_scale


class Command(BaseCommand):
    help = "Add scaled data (for query-count checks and the benchmark). Running it again tops up."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="How many times the base data set.")

    def handle(self, *args, factor, **options):
        with transaction.atomic():
            counts = seed_scale(factor)
        summary = ", ".join(f"{n} {what}" for what, n in counts.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Seeded at factor {factor}: {summary}."))
