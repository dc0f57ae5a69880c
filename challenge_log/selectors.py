"""Reads for the log's pages: a fixed number of queries per page, however long an entry's timeline."""

from django.db.models import Prefetch

from .models import AssuranceRequest, Entry, LogSettings, Step


def entry_detail(pk: int) -> Entry:
    """The entry with everything its page shows: its timeline, requests with their answers and judgements,
    escalations and themes."""
    return (Entry.objects.select_related("raised_by_body", "raised_by", "organisation", "body", "owner_body",
                                         "owner_organisation", "judge_nominee")
            .prefetch_related(
                "themes",
                Prefetch("steps", queryset=Step.objects.select_related("by").order_by("on", "pk")),
                Prefetch("requests", queryset=AssuranceRequest.objects.select_related(
                    "organisation", "body", "created_by", "response__created_by", "response__judgement__created_by")
                    .order_by("created_on", "pk")),
                "escalations__to_body", "escalations__meeting")
            .get(pk=pk))


def scale() -> LogSettings:
    return LogSettings.current()
