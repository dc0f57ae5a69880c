"""Persisting risks (issue 14 §3): the rules that raise an alert to the chair of the body that holds the log and
to the business unit, worked out from the records whenever asked (nothing stored), with the numbers set in the
admin (LogSettings):

- a risk open past N reviews without its score falling (the latest of its last N reviews scores no lower than
  the first of them);
- a risk past its review date by M working days;
- a challenge judged not assured twice.

Escalation stays the decision of the body that holds the log: an escalated, tolerated or ended entry raises
none. Each alert's key names what raised it (the review, the date, the judgement), so a new occurrence is a new
alert and the chase reminds of it afresh. A fixed number of queries however large the log."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from bscb.workdays import working_days_between

from .models import ENDED, Entry, Judgement, Kind, LogSettings, Review, Status

QUIET = ENDED | {Status.ESCALATED, Status.TOLERATED}


@dataclass(frozen=True)
class Alert:
    entry: Entry
    key: str
    reason: str
    since: date


def persisting(as_of: date, settings: LogSettings | None = None) -> list[Alert]:
    settings = settings or LogSettings.current()
    alerts = []
    risks = list(Entry.objects.filter(kind=Kind.RISK).exclude(status__in=QUIET).order_by("year", "number"))
    reviews: dict[int, list[Review]] = {}
    for review in Review.objects.filter(entry__in=risks).order_by("entry_id", "created_on", "pk"):
        reviews.setdefault(review.entry_id, []).append(review)
    n = settings.persisting_reviews
    for entry in risks:
        last = reviews.get(entry.pk, [])[-n:]
        if len(last) == n and last[-1].score >= last[0].score:
            alerts.append(Alert(entry, f"alert:{entry.pk}:reviews:{last[-1].pk}",
                                f"{n} reviews without its score falling (now {last[-1].score})",
                                last[-1].created_on.date()))
        if entry.next_review_on and working_days_between(entry.next_review_on, as_of) >= \
                settings.persisting_overdue_days:
            alerts.append(Alert(entry, f"alert:{entry.pk}:review-date:{entry.next_review_on.isoformat()}",
                                f"its review was due on {entry.next_review_on:%-d %B %Y}", entry.next_review_on))
    twice = (Entry.objects.filter(kind=Kind.CHALLENGE).exclude(status__in=QUIET)
             .annotate(not_assured=Count("requests__response__judgement",
                                         filter=Q(requests__response__judgement__assured=False)))
             .filter(not_assured__gte=2).order_by("year", "number"))
    latest = {}
    for judgement in Judgement.objects.filter(response__request__entry__in=twice, assured=False).order_by(
            "created_on", "pk").values("pk", "created_on", "response__request__entry_id"):
        latest[judgement["response__request__entry_id"]] = judgement
    for entry in twice:
        judgement = latest[entry.pk]
        alerts.append(Alert(entry, f"alert:{entry.pk}:not-assured:{judgement['pk']}", "judged not assured twice",
                            judgement["created_on"].date()))
    return alerts
