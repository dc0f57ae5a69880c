"""The quarterly outcome report under `make bench` (issue 17 §3): a quarter's report built from the scaled data
and its PDF rendered, timed, with the build's SQL queries counted. Goal: both under 5 seconds together, with
queries that do not grow with the data (tests/reporting/test_outcome_pages.py compares N and 5N rows).

Run by bench/run.py after the chase, inside Django on the bench database (`manage.py shell -c "...; main()"`).
The quarter is the current one (the seed raises, answers and reviews its log entries today, so it is the
quarter with the activity). Everything is written in a transaction rolled back at the end: the bench database
keeps no report from it.

Prints one line, and one JSON line for bench/run.py:

    outcome report 2026Q3: build 1.2 s, 38 queries; PDF 2.1 s, 14 pages, 180 kB; total 3.3 s (goal: under 5 s)
    OUTCOME_REPORT={"quarter": "2026Q3", ...}
"""

import json
import time
from io import BytesIO


class _RolledBack(Exception):  # noqa: N818 - a way out of the transaction, not a failure
    pass


GOAL_SECONDS = 5


def main():
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from challenge_log.overview import code_of, current_quarter
    from reporting import outcome_services as services
    from reporting.outcome_documents import render_pdf, title_of

    code = code_of(current_quarter())
    figures = {"quarter": code}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                report = services.outcome_report_build_now(quarter_code=code)
            figures["build_seconds"] = round(time.perf_counter() - started, 2)
            figures["build_queries"] = len(queries.captured_queries)
            figures["state"] = report.state
            started = time.perf_counter()
            pdf = render_pdf(services.document_html(report), title=title_of(report))
            figures["pdf_seconds"] = round(time.perf_counter() - started, 2)
            figures["pdf_pages"] = len(PdfReader(BytesIO(pdf)).pages)
            figures["pdf_kb"] = round(len(pdf) / 1024)
            raise _RolledBack
    except _RolledBack:
        pass
    total = figures["build_seconds"] + figures["pdf_seconds"]
    figures["total_seconds"] = round(total, 2)
    figures["ok"] = figures["state"] == "draft"
    goal = "" if total < GOAL_SECONDS else f" (goal: under {GOAL_SECONDS} s)"
    print(f"outcome report {code}: build {figures['build_seconds']:.1f} s, {figures['build_queries']} queries; "
          f"PDF {figures['pdf_seconds']:.1f} s, {figures['pdf_pages']} pages, {figures['pdf_kb']} kB; "
          f"total {total:.1f} s{goal}")
    print("OUTCOME_REPORT=" + json.dumps(figures))


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    main()
