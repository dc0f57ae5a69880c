"""The dashboards (issue 18 §2): the Board's and the Independent Chair's, a partner agency's, a sub group's and
the business unit's. Each module reads; the views (reporting/dashboard_views.py) render.

Every figure counts only what its reader may read: log entries through challenge_log.selectors.visible_to (a
restricted entry only for those DESIGN.md names), actions through plan.action_selectors.visible_actions (a draft
plan's actions only for its body, the approving body and the business unit). Each figure is counted from the
very queryset of the list it links to, with the list's own query parameters (`links.py`), so that the number on
the dashboard is the number of rows the list shows that reader.

Each figure is a grouped count (a fixed number of queries however large the data); the views keep a page's figures
in the cache until the next write to any governance record, made anyhow (a service, the admin, a QuerySet.update,
the chase's own SQL): reporting/generation.py."""

from . import papers_hooks  # noqa: E402, F401  (the papers' and the outcome report's entries in the hooks)
