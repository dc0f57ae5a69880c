"""Many entries at once for the query-count tests (bulk_create): challenges to the police raised by the sub
group, scored high, with an overdue request, a theme and two steps each, every other one restricted, so that
each filter the tests name keeps them and an N+1 would show."""

import datetime
from itertools import count

from django.utils import timezone

from bscb.models import Theme
from challenge_log.models import AssuranceRequest, Entry, Step


def add_entries(log, *, year: int = 1990):
    numbers = count(1)
    theme = Theme.objects.filter(name="Missing").first() or Theme.objects.create(name="Missing")

    def add(n):
        today = timezone.localdate()
        entries = []
        for _ in range(n):
            number = next(numbers)
            entries.append(Entry(
                reference=f"CRL-{year}-{number:04d}", year=year, number=number, kind="challenge",
                title=f"Bulk challenge {number}", description="D", raised_by_body=log["sapp"],
                raised_by=log["chair"], organisation=log["police"], likelihood=4, impact=4, target_likelihood=2,
                target_impact=2, status="requested", restricted=number % 2 == 0,
                next_review_on=today - datetime.timedelta(days=1)))
        Entry.objects.bulk_create(entries)
        Entry.themes.through.objects.bulk_create(
            [Entry.themes.through(entry_id=entry.pk, theme_id=theme.pk) for entry in entries])
        AssuranceRequest.objects.bulk_create([
            AssuranceRequest(entry=entry, organisation=log["police"], asks="A", due_on=today - datetime.timedelta(
                days=2)) for entry in entries])
        Step.objects.bulk_create([Step(entry=entry, kind=kind, by=log["chair"]) for entry in entries
                                  for kind in ("raised", "requested")])

    return add
