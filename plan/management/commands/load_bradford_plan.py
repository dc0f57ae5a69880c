from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bscb.services import NotAllowed
from plan.loader import DATA_FILE, plan_load


class Command(BaseCommand):
    help = (
        "Load Bradford's 2016-18 plan (plan/data/bradford-2016-18.yaml) after the structure "
        "(manage.py load_demo). Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="The plan's data file.")

    def handle(self, *args, file, **options):
        changes = Counter()
        try:
            plan = plan_load(path=file, changes=changes)
        except NotAllowed as refusal:  # the recorder does not hold the right to keep the plan
            raise CommandError(str(refusal)) from refusal
        outcomes = [o for p in plan.priorities.prefetch_related("outcomes__targets", "outcomes__evidence")
                    for o in p.outcomes.all()]
        self.stdout.write(self.style.SUCCESS(
            f"{plan.title} ({plan.get_status_display().lower()}): {plan.priorities.count()} priorities, "
            f"{len(outcomes)} outcomes, {sum(len(o.targets.all()) for o in outcomes)} targets and timelines, "
            f"{sum(len(o.evidence.all()) for o in outcomes)} evidence items."
        ))
        if changes:
            self.stdout.write("This run: " + ", ".join(f"{n} {what}" for what, n in changes.items()) + ".")
        else:
            self.stdout.write("Nothing to change: the plan was already loaded as the file has it.")
