from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from notifications.services import chase

NO_DATE = "--as-of needs a date like 2017-03-29 (leave it out to chase as of today)."
BAD_DATE = "--as-of must be a date like 2017-03-29."


class Command(BaseCommand):
    help = "Send the reminders due today (or on --as-of), or with --dry-run list what would be sent."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, dry_run=False, as_of=None, **options):
        if as_of is not None and not as_of.strip():  # `--as-of ""`: a date left out by mistake, not today
            raise CommandError(NO_DATE)
        try:
            day = date.fromisoformat(as_of.strip()) if as_of is not None else None
        except ValueError as exc:
            raise CommandError(BAD_DATE) from exc
        try:
            result = chase(day, dry_run=dry_run)
        except ValidationError as exc:
            if exc.code != "as_of_range":
                raise
            raise CommandError(f"--as-of {as_of}: {exc.messages[0]}") from exc
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
        for failure in result.failed:
            self.stdout.write(f"not chased after an error: {failure.key}: {failure.reason}")
        for nobody in result.nobody:
            self.stdout.write(f"nobody to remind: {nobody.key} {nobody.step} ({nobody.due.title}, due "
                              f"{nobody.due.due_date:%-d %B %Y})")
        # Sent: the in-app notice made and the email gone in a digest today. Held: the notice made, the
        # email waiting for the person's next digest (today's had gone, or could not be delivered).
        # Then what could not be chased: items skipped after an error, items with nobody to remind.
        counts = f"{len(result.sent) - len(held)} reminder(s)"
        if dry_run:
            self.stdout.write(f"{counts} would be sent, {len(held)} held for the next digest{result.problems()}.")
        else:
            self.stdout.write(f"{counts} sent, {len(held)} held for the next digest; "
                              f"{result.emails} digest email(s) sent, {result.resent} of them resent"
                              f"{result.problems()}.")
