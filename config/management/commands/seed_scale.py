from django.core.management.base import BaseCommand
from django.db import connection, transaction

from config.seeding import seed_scale


class Command(BaseCommand):
    help = "Add scaled data (for query-count checks and the benchmark). Running it again tops up."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="How many times the base data set.")

    def handle(self, *args, factor, **options):
        with transaction.atomic():
            counts = seed_scale(factor)
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would give a database that grew over years: planned on the empty
            # tables' guesses, the benchmark's first minutes measure bad plans, not the pages.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        summary = ", ".join(f"{n} {what}" for what, n in counts.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Seeded at factor {factor}: {summary}."))
