"""A meeting's pack under `make bench` (issue 17: the pack of a meeting in under 10 seconds at factor 10, with
queries that do not grow with the data).

Run by bench/run.py after the chase, inside Django on the bench database (`manage.py shell -c "...;
pack.main()"`); `python bench/pack.py` runs it by hand with the environment's DATABASE_URL. It builds the pack
of the meeting reporting/papers_seed.py gave its papers (40 at factor 10, 20 of them PDFs), and of the next
meeting of the body that ratifies if there is one, as one PDF, for a reader with no seat and for a business
unit officer where the database has one: wall time, SQL queries, pages. A pack is built on request, so the
time is what its reader waits for the download. Writes nothing."""

import json
import os
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 10


def _readers():
    from django.utils import timezone

    from accountability.models import Function, Membership, User
    from accountability.people import current

    readers = {"no seat": User.objects.filter(memberships__isnull=True).order_by("pk").first()}
    officer = (Membership.objects.filter(current(timezone.localdate()),
                                         body__functions__function=Function.BUSINESS_UNIT)
               .select_related("person").order_by("pk").first())
    if officer is not None:
        readers["business unit"] = officer.person
    return {who: user for who, user in readers.items() if user is not None}


def _meetings():
    from reporting.papers_demo import next_board_meeting
    from reporting.papers_seed import bench_meeting

    return [m for m in (bench_meeting(), next_board_meeting()) if m is not None]


def measure() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from reporting.pack import pack_for, pack_pdf

    runs = []
    for meeting in _meetings():
        for who, reader in _readers().items():
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                body = pack_pdf(pack_for(meeting, reader))
                seconds = time.perf_counter() - start
            runs.append({"meeting": str(meeting), "reader": who, "seconds": round(seconds, 2),
                         "queries": len(queries), "pages": len(PdfReader(BytesIO(body)).pages), "bytes": len(body)})
    slowest = max((run["seconds"] for run in runs), default=0)
    return {"runs": runs, "goal_seconds": GOAL_SECONDS, "ok": bool(runs) and slowest < GOAL_SECONDS,
            "problems": [] if runs else ["no meeting with papers: did seed_scale run?"]}


def line(figures: dict) -> str:
    return "; ".join(f"pack: {r['meeting']} for {r['reader']}: {r['seconds']:.1f} s, {r['queries']} queries, "
                     f"{r['pages']} pages" for r in figures["runs"]) or "pack: nothing to build"


def main() -> dict:
    figures = measure()
    print(line(figures), flush=True)
    for problem in figures["problems"]:
        print(f"pack: PROBLEM: {problem}", flush=True)
    print("PACK=" + json.dumps(figures), flush=True)
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    sys.exit(0 if main()["ok"] else 1)
