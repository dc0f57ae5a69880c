"""`make bench`: each page of bench/pages.py under load, as a ratio of the bare page's speed.

Steps: create the PostgreSQL database if missing, migrate, top up the scaled data
(seed_scale --factor 10), collect static files, sign a bench user in (a session made directly,
not through the login form and django-axes), start gunicorn with DEBUG off, then drive each page
with wrk; then, gunicorn stopped, time the chase (bench/chase.py); print a table, the chase's
line, a JSON file in bench/results/ and one last line:

    chase: 10000 summaries, first run 11.8 s, 163 queries, 57706 reminders, 103 emails; second run 1.8 s, 0 reminders
    ratios: home=0.41

The chase: bench/chase.py, run by `manage.py shell` with the app environment and mail kept in memory
(EMAIL_URL=memorymail://, Django's locmem backend), tops up its own set of 10,000 draft
summaries due on a fixed working day in 2015 (bodies "Bench chase group N", active only then), clears
their reminders, then times notifications.services.chase(as_of=that day) and a second chase, which must
send nothing; the figures go under "chase" in the JSON. It runs after the pages, once gunicorn has
stopped, so that it has the machine to itself as the daily job would on its worker, and so that a
failing chase costs no page figures. Its docstring says what the set holds.

Environment:
    BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/bscb_bench
    BENCH_SECONDS       wrk duration per page, default 10
    BENCH_PAGES         comma-separated page names to run (bare always runs), default all
    BENCH_CHASE         0 to skip the chase, default 1
    BENCH_OUTCOME_REPORT 0 to skip the quarterly outcome report's build and PDF (bench/outcome_report.py),
                        default 1
    BENCH_CHASE_PROFILE 1 to run the first chase under cProfile and print where its time goes
    BENCH_PACK          0 to skip timing a meeting's pack as one PDF (bench/pack.py), default 1
                        (the chase's figures are then inflated by the profiler)

Exits non-zero when any page answered anything but 2xx under load, or when the chase failed (it
raised, the second run sent something, or the set was not exactly 10,000 summaries due). A chase
slower than the 10-second goal is reported (the chase line ends "(goal: under 10 s)"), not failed.
Standard library and psycopg2 only (bench/chase.py runs inside Django, in its own process).
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
from pages import PAGES  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bscb_bench"
BENCH_EMAIL = "bench@bench.example.org"
SEED_FACTOR = 10
WRK_THREADS = 2
WRK_CONNECTIONS = 16
GUNICORN_WORKERS = 2
RESULTS_DIR = BENCH_DIR / "results"
REPORT_LUA = BENCH_DIR / "report.lua"


class BenchError(Exception):
    """A reason to stop the run, with a message for the person running it."""


def log(message):
    print(f"bench: {message}", flush=True)


# --- Setup ---------------------------------------------------------------------------------------


def app_environment(database_url):
    """The environment every manage.py command and gunicorn run with: production-like, plain HTTP."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters, new each run
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise BenchError(
            "wrk is not installed. Install it and run again: `sudo apt-get install wrk` on "
            "Debian/Ubuntu, `brew install wrk` on macOS."
        )
    log("wrk is missing; installing it with apt-get")
    if subprocess.run(["apt-get", "install", "-y", "wrk"]).returncode != 0:
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    if not shutil.which("wrk"):
        raise BenchError("apt-get did not install wrk; install it by hand.")


def ensure_database(database_url):
    """Create the bench database when it does not exist, through the server's `postgres` database."""
    url = urlsplit(database_url)
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        raise BenchError(f"BENCH_DATABASE_URL must be a PostgreSQL URL, not {url.scheme}://...")
    name = url.path.lstrip("/")
    if not name:
        raise BenchError("BENCH_DATABASE_URL names no database.")
    try:
        connection = psycopg2.connect(
            dbname="postgres", user=url.username, password=url.password,
            host=url.hostname, port=url.port or 5432,
        )
    except psycopg2.OperationalError as error:
        raise BenchError(f"cannot connect to PostgreSQL at {url.hostname}:{url.port or 5432}: {error}") from None
    connection.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return
            log(f"creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def manage(env, *args, capture=False, hint=""):
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=capture)
    if result.returncode != 0:
        if capture:
            sys.stderr.write(result.stdout + result.stderr)
        raise BenchError(f"`manage.py {' '.join(args)}` failed (exit {result.returncode}). {hint}".rstrip())
    return result.stdout


# Run by `manage.py shell -c`: the bench user (made once, with a usable random password) and a
# session signed in as it, as django.contrib.auth.login() would leave it, without the login form.
SESSION_SNIPPET = """
import secrets, time
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model

User = get_user_model()
user = User.objects.filter(email__iexact={email!r}).first()
if user is None:
    user = User.objects.create_user({email!r}, password=secrets.token_urlsafe(24), full_name="Bench User")
if not user.is_active or not user.has_usable_password():
    user.is_active = True
    user.set_password(secrets.token_urlsafe(24))
    user.save()

session = import_module(settings.SESSION_ENGINE).SessionStore()
session["_auth_user_id"] = user._meta.pk.value_to_string(user)
session["_auth_user_backend"] = "bscb.backends.AdminModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session["last_seen"] = time.time()  # read by bscb.middleware.InactivityTimeoutMiddleware
session.create()
print("SESSION_KEY=" + session.session_key)
"""


# Run by `manage.py shell -c`: a bench module's function, inside Django on the bench database, which prints
# "<KEY>=<json>" (and, for the chase, the pack and the report, its own lines before it).
MODULE_SNIPPET = """
import json, sys
sys.path.insert(0, {bench_dir!r})
from {module} import {function} as run
found = run()
if {prints!r}:
    print({key!r} + "=" + json.dumps(found))
"""


def run_module(env, module: str, function: str, key: str, *, prints: bool = True) -> tuple[object, str]:
    """(what bench/<module>.py's `function` returned, as JSON, and everything it printed). `prints`: the snippet
    prints the value (placeholders(), readers()); otherwise the function prints its own "<KEY>=" line (main())."""
    snippet = MODULE_SNIPPET.format(bench_dir=str(BENCH_DIR), module=module, function=function, key=key,
                                    prints=prints)
    output = manage(env, "shell", "-c", snippet, capture=True)
    match = re.search(rf"^{key}=(.*)$", output, re.MULTILINE)
    if not match:
        raise BenchError(f"bench/{module}.py's {function}() printed no {key}:\n{output}")
    return json.loads(match.group(1)), output


def resolve_paths(env, pages):
    """Fill the placeholders in the pages' paths from the bench database."""
    if not any("{" in path for _, path, _ in pages):
        return pages
    values, _ = run_module(env, "pages", "placeholders", "PLACEHOLDERS")
    try:
        return [(name, path.format(**values), reader) for name, path, reader in pages]
    except KeyError as error:
        raise BenchError(f"bench/pages.py: placeholders() gives no value for {error}.") from None


def reader_cookies(env, pages) -> dict[str, str]:
    """A signed-in session for each reader the pages name ("" is the bench user): a home page or a dashboard is
    measured as the person it is for."""
    emails = {"": BENCH_EMAIL}
    if any(reader for _, _, reader in pages):
        emails.update(run_module(env, "pages", "readers", "READERS")[0])
    missing = {reader for _, _, reader in pages} - set(emails)
    if missing:
        raise BenchError(f"bench/pages.py: readers() names no one for {sorted(missing)}.")
    wanted = {reader for _, _, reader in pages}
    return {reader: f"sessionid={signed_in_session(env, emails[reader])}" for reader in sorted(wanted)}


def chase_wanted():
    value = os.environ.get("BENCH_CHASE", "1").strip()
    if value not in ("0", "1", ""):
        raise BenchError(f"BENCH_CHASE must be 0 or 1, not {value!r}.")
    return value != "0"


def run_chase(env):
    """bench/chase.py's figures, with mail to the in-memory backend (nothing leaves the machine)."""
    figures, output = run_module({**env, "EMAIL_URL": "memorymail://"}, "chase", "main", "CHASE", prints=False)
    for text in output.splitlines():  # its line, any problem, the profile; not the shell's own chatter
        if text.strip() and not text.startswith("CHASE=") and "imported automatically" not in text:
            print(text, flush=True)
    return figures


def run_pack(env):
    """bench/pack.py's figures: a meeting's pack built as one PDF (issue 17), as its reader waits for it."""
    return run_module(env, "pack", "main", "PACK", prints=False)[0]


def run_outcome_report(env):
    """bench/outcome_report.py's figures (issue 17 §3): a quarter's report built and its PDF rendered, timed."""
    figures, output = run_module(env, "outcome_report", "main", "OUTCOME_REPORT", prints=False)
    line = next((text for text in output.splitlines() if text.startswith("outcome report")), "")
    return {**figures, "line": line}


def chase_line(figures):
    if figures is None:
        return None
    if "error" in figures:
        return f"chase: FAILED: {figures['error']}"
    first, second = figures["first"], figures["second"]
    return (
        f"chase: {figures['summaries']} summaries, first run {first['seconds']:.1f} s, {first['queries']} queries, "
        f"{first['reminders']} reminders, {first['emails']} emails; second run {second['seconds']:.1f} s, "
        f"{second['sent']} reminders"
        + ("" if figures["within_goal"] else f" (goal: under {figures['goal_seconds']} s)")
    )


def signed_in_session(env, email=BENCH_EMAIL):
    output = manage(env, "shell", "-c", SESSION_SNIPPET.format(email=email), capture=True)
    match = re.search(r"^SESSION_KEY=(\w+)$", output, re.MULTILINE)
    if not match:
        raise BenchError(f"the session snippet printed no key:\n{output}")
    return match.group(1)


# --- The server ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port, log_path):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    command += [
        "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(GUNICORN_WORKERS), "--log-level", "warning",
    ]
    # A session of its own, so that the whole process group can be stopped (and Ctrl-C in the
    # terminal reaches this script, which stops it, rather than gunicorn directly).
    with open(log_path, "w") as log_file:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )


def stop_gunicorn(process):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass


def log_tail(log_path, lines=40):
    text = log_path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:]) or "(empty)"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect comes back as an HTTPError with its status


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url, cookie=None):
    """(status, Location header) of one GET, redirects not followed."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with _opener.open(request, timeout=30) as response:
            response.read()
            return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def wait_until_healthy(process, base_url, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited (code {process.returncode}):\n{log_tail(log_path)}")
        try:
            status, _ = fetch(base_url + "/health/")
            if status == 200:
                return
            last = f"status {status}"
        except OSError as error:
            last = str(error)
        time.sleep(0.25)
    raise BenchError(f"/health/ did not answer 200 within {timeout}s ({last}):\n{log_tail(log_path)}")


# --- Measuring -----------------------------------------------------------------------------------


def _with_reader(page) -> tuple[str, str, str]:
    """(name, path, reader): a page may name its reader third (pages.readers()); "" is the bench user."""
    return (*page, "") if len(page) == 2 else tuple(page)


def selected_pages():
    pages = [_with_reader(page) for page in PAGES]
    names = [name for name, _, _ in pages]
    if not PAGES or names[0] != "bare":
        raise BenchError("bench/pages.py must list ('bare', '/bare/') first: it is the yardstick.")
    if len(set(names)) != len(names):
        raise BenchError("bench/pages.py lists a page name twice.")
    wanted = os.environ.get("BENCH_PAGES", "").strip()
    if not wanted:
        return pages
    chosen = {name.strip() for name in wanted.split(",") if name.strip()}
    unknown = chosen - set(names)
    if unknown:
        raise BenchError(f"BENCH_PAGES names unknown pages {sorted(unknown)}; known: {', '.join(names)}")
    return [page for page in pages if page[0] == "bare" or page[0] in chosen]


def check_page(base_url, name, path, cookie, log_path):
    status, location = fetch(base_url + path, cookie)
    if status == 200:
        return
    if status in (301, 302, 303, 307, 308) and location and "sign-in" in location:
        raise BenchError(
            f"{name} ({path}) redirected to {location}: the bench session did not take "
            "(session engine, auth backend or session hash?)."
        )
    detail = f" to {location}" if location else ""
    raise BenchError(
        f"{name} ({path}) answered {status}{detail} instead of 200 before the load.\n"
        f"gunicorn log:\n{log_tail(log_path)}"
    )


RESULT_LINE = re.compile(r"^BENCH (.*)$", re.MULTILINE)


def run_wrk(base_url, path, cookie, seconds):
    command = [
        "wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s",
        "--timeout", "10s",  # a slow page is measured, not dropped as a socket timeout
        "-s", str(REPORT_LUA), "-H", f"Cookie: {cookie}", base_url + path,
    ]
    result = subprocess.run(command, text=True, capture_output=True)
    match = RESULT_LINE.search(result.stdout)
    if result.returncode != 0 or not match:
        raise BenchError(f"wrk failed on {path} (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    fields = dict(pair.split("=", 1) for pair in match.group(1).split())
    socket_errors = sum(int(fields[key]) for key in
                        ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "requests": int(fields["requests"]),
        "seconds": float(fields["seconds"]),
        "rps": float(fields["rps"]),
        "p50_ms": float(fields["p50_ms"]),
        "p95_ms": float(fields["p95_ms"]),
        "non2xx": int(fields["non2xx"]),
        "non2xx_codes": fields["codes"] if fields["codes"] != "-" else "",
        "socket_errors": socket_errors,
        "errors": int(fields["non2xx"]) + socket_errors,
    }


# --- Reporting -----------------------------------------------------------------------------------


def print_table(results):
    headers = ("page", "path", "requests/s", "p50 ms", "p95 ms", "errors")
    rows = [
        (r["name"], r["path"], f"{r['rps']:.1f}", f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}", str(r["errors"]))
        for r in results
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    numeric = {2, 3, 4, 5}

    def line(cells):
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    print()
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))
    for r in results:
        if r["errors"]:
            codes = f" ({r['non2xx_codes']})" if r["non2xx_codes"] else ""
            print(f"  {r['name']}: {r['non2xx']} non-2xx{codes}, {r['socket_errors']} socket errors")
    print()


def ratios_of(results):
    bare = results[0]["rps"]
    return {r["name"]: round(r["rps"] / bare, 2) if bare else 0.0 for r in results[1:]}


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def redact(database_url):
    url = urlsplit(database_url)
    if url.password:
        url = url._replace(netloc=url.netloc.replace(f":{url.password}@", ":***@"))
    return url.geturl()


# --- Main ----------------------------------------------------------------------------------------


def main():
    seconds = os.environ.get("BENCH_SECONDS", "10")
    if not seconds.isdigit() or int(seconds) < 1:
        raise BenchError(f"BENCH_SECONDS must be a whole number of seconds, not {seconds!r}.")
    seconds = int(seconds)
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    pages = selected_pages()
    with_chase = chase_wanted()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS_DIR.mkdir(exist_ok=True)
    log_path = RESULTS_DIR / f"{stamp}-gunicorn.log"

    ensure_wrk()
    ensure_database(database_url)
    env = app_environment(database_url)
    log(f"database {redact(database_url)}: migrate, seed_scale --factor {SEED_FACTOR}, collectstatic")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "seed_scale", "--factor", str(SEED_FACTOR))
    manage(env, "collectstatic", "--noinput", "--verbosity", "0", hint=(
        "With DEBUG off, whitenoise's manifest storage needs every file that app.css refers to "
        "in static/build (built by `make assets`); production's collectstatic fails the same way."
    ))
    pages = resolve_paths(env, pages)
    cookies = reader_cookies(env, pages)

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log(f"starting gunicorn on {base_url} ({GUNICORN_WORKERS} workers, log {log_path.relative_to(ROOT)})")
    server = start_gunicorn(env, port, log_path)
    results = []
    try:
        wait_until_healthy(server, base_url, log_path)
        for name, path, reader in pages:
            check_page(base_url, name, path, cookies[reader], log_path)
        # Warm both workers (imports, template loading, connections) so bare, measured first,
        # pays no start-up cost that the pages after it do not.
        log("warming up: 1s of wrk on each page")
        for _name, path, reader in pages:
            run_wrk(base_url, path, cookies[reader], 1)
        for name, path, reader in pages:
            log(f"{name} {path}: wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{seconds}s")
            results.append({"name": name, "path": path, "reader": reader or "bench user",
                            **run_wrk(base_url, path, cookies[reader], seconds)})
    finally:
        stop_gunicorn(server)
        if log_path.stat().st_size:
            log(f"gunicorn logged warnings or errors: see {log_path.relative_to(ROOT)}")
        else:
            log_path.unlink()

    chase = None
    if with_chase:
        log("chase: topping up 10,000 draft summaries, then timing two chases (bench/chase.py)")
        try:
            chase = run_chase(env)
        except BenchError as error:  # the pages' figures are still written
            chase = {"error": str(error)}

    pack = None
    if os.environ.get("BENCH_PACK", "1").strip() != "0":
        log("pack: a meeting's pack as one PDF (bench/pack.py)")
        try:
            pack = run_pack(env)
        except BenchError as error:
            pack = {"error": str(error), "runs": [], "ok": False}
    outcome_report = None
    if os.environ.get("BENCH_OUTCOME_REPORT", "1").strip() != "0":
        log("outcome report: building the current quarter's report and its PDF (bench/outcome_report.py)")
        try:
            outcome_report = run_outcome_report(env)
        except BenchError as error:
            outcome_report = {"error": str(error), "line": f"outcome report: FAILED: {error}"}

    ratios = ratios_of(results)
    report = {
        "timestamp": stamp,
        "commit": git_commit(),
        "database": redact(database_url),
        "seed_factor": SEED_FACTOR,
        "seconds": seconds,
        "wrk": {"threads": WRK_THREADS, "connections": WRK_CONNECTIONS},
        "gunicorn_workers": GUNICORN_WORKERS,
        "cpus": os.cpu_count(),
        "pages": results,
        "ratios": ratios,
        "chase": chase,
        "pack": pack,
        "outcome_report": outcome_report,
    }
    results_path = RESULTS_DIR / f"{stamp}.json"
    results_path.write_text(json.dumps(report, indent=2) + "\n")
    log(f"results in {results_path.relative_to(ROOT)}")

    print_table(results)
    failed = [r["name"] for r in results if r["non2xx"]]
    if failed:
        print(f"FAILED: non-2xx responses under load on {', '.join(failed)}", file=sys.stderr)
    chase_failed = chase is not None and not chase.get("ok")
    if chase_failed:
        problems = chase.get("problems") or [chase.get("error", "")]
        print(f"FAILED: the chase: {'; '.join(problems)}", file=sys.stderr)
    if chase is not None:
        print(chase_line(chase))
    if pack is not None:
        sys.path.insert(0, str(BENCH_DIR))
        from pack import line as pack_line

        print(pack.get("error") or pack_line(pack))
    if outcome_report is not None:
        print(outcome_report["line"])
    print(" ".join(["ratios:", *(f"{name}={ratio:.2f}" for name, ratio in ratios.items())]))
    return 1 if failed or chase_failed else 0


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # runs the finally blocks: gunicorn is stopped


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        sys.exit(130)
