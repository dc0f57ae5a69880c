"""A page's query count must not grow with the data: compare N rows with 5N rows."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_queries_do_not_grow(client, url: str, add_rows: Callable[[int], None], n: int = 10) -> int:
    """Add n rows, count the page's queries; add 4n more (5n in all), count again; they must match.

    `add_rows(k)` adds k more of whatever the page lists (use bulk_create). Returns the count.
    """
    add_rows(n)
    client.get(url)  # warm-up: the session's first touch and the partnership's cache are one-offs
    at_n, _ = queries_for(client, url)
    add_rows(4 * n)
    client.get(url)  # the session is refreshed at most once a minute: keep that write out of both counts
    at_5n, sql = queries_for(client, url)
    assert at_5n == at_n, f"{url}: {at_n} queries at {n} rows, {at_5n} at {5 * n}:\n" + "\n".join(sql)
    return at_n
