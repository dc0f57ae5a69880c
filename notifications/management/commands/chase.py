from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from notifications.services import chase


class Command(BaseCommand):
    help = "Send the reminders due today (or on --as-of), or with --dry-run list what would be sent."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, dry_run=False, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError("--as-of must be a date like 2017-03-29.") from exc
        result = chase(day, dry_run=dry_run)
        if result.locked:
            self.stdout.write("Another chase is running; nothing done.")
        verb = "would send" if dry_run else "sent"
        people = dict(get_user_model().objects.filter(pk__in={u for *_, u in result.sent + result.skipped})
                      .values_list("pk", "email"))
        for key, step, user in result.sent:
            self.stdout.write(f"{verb}: {key} {step} to {people.get(user, f'user {user}')}")
        for key, step, user in result.skipped:
            self.stdout.write(f"skipped: {key} {step} to {people.get(user, f'user {user}')}")
        self.stdout.write(f"{len(result.sent)} reminder(s) {'would be sent' if dry_run else 'sent'}.")
