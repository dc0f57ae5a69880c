"""The lists a dashboard's figures link to, with the lists' own query parameters (challenge_log/filters.py
EntryFilter, plan/action_filters.py ActionFilter, reporting/filters.py DueFilter and SummaryFilter), and the
rows each figure is counted from: the list's selector given the same parameters, so that a figure equals the
rows its list shows the same reader."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from challenge_log.selectors import entry_list
from plan.action_selectors import action_list


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    href: str = ""  # "" where the reader may open no list of them


def url(name: str, params: dict | None = None, *args) -> str:
    base = reverse(name, args=args)
    return f"{base}?{urlencode(params, doseq=True)}" if params else base


def log_url(**params) -> str:
    return url("entry-list", params)


def actions_url(**params) -> str:
    return url("action-list", params)


def log_rows(user, **params):
    """The log's rows for these parameters, unordered (for counting)."""
    return entry_list(user, filters=params).order_by()


def action_rows(user, **params):
    return action_list(user, filters=params).order_by()


def grouped(rows, key: str, name: str) -> list[tuple[int | None, str, int]]:
    """(key, its name, count) for each value of `key` among `rows`, largest first; one query."""
    found = rows.values(key, name).annotate(n=Count("pk", distinct=True)).order_by()
    return sorted(((row[key], row[name] or "", row["n"]) for row in found), key=lambda r: (-r[2], r[1]))
