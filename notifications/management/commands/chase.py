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
        held = set(result.held)
        people = dict(get_user_model().objects.filter(pk__in={u for *_, u in result.sent + result.skipped})
                      .values_list("pk", "email"))
        for key, step, user in result.sent:
            if (key, step, user) in held:
                verb = "would hold for the next digest" if dry_run else "held for the next digest"
            else:
                verb = "would send" if dry_run else "sent"
            self.stdout.write(f"{verb}: {key} {step} to {people.get(user, f'user {user}')}")
        for key, step, user in result.skipped:
            self.stdout.write(f"skipped: {key} {step} to {people.get(user, f'user {user}')}")
        # Sent: the in-app notice made and the email gone in a digest today. Held: the notice made, the
        # email waiting for the person's next digest (today's had gone, or could not be delivered).
        counts = f"{len(result.sent) - len(held)} reminder(s)"
        if dry_run:
            self.stdout.write(f"{counts} would be sent, {len(held)} held for the next digest.")
        else:
            self.stdout.write(f"{counts} sent, {len(held)} held for the next digest; "
                              f"{result.emails} digest email(s) sent, {result.resent} of them resent.")
