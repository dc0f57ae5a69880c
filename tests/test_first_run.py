"""The README's first run, as a newcomer meets it (issue 13 §2): `make run` serves on PORT (8000 unless
told) and the emails' links follow; it, not `load_demo`, says how to stop the server; the README
names every demo sign-in with its role, and says what the settings `make run` uses really do."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def make_run_commands(**variables) -> list[str]:
    """The commands `make run` would run, in order (make -n runs none of them)."""
    args = [f"{name}={value}" for name, value in variables.items()]
    # As from a shell: under `make test` (CI), make's own variables would make this a sub-make that prints
    # "make[1]: Entering directory" and passes its flags on.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
    out = subprocess.run(["make", "--no-print-directory", "-n", "run", *args], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env)
    return out.stdout.splitlines()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings_read(**environ) -> dict:
    code = "from django.conf import settings as s; print(s.DEBUG); print(s.SITE_URL)"
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SITE_PORT", "DJANGO_DEBUG")}
    out = subprocess.run([sys.executable, "-c", code], env={**env, **environ}, cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    return {"DEBUG": out[0], "SITE_URL": out[1]}


def test_make_run_says_where_it_serves_and_how_to_stop_it():
    commands = make_run_commands(PORT=8123)
    said = "\n".join(c for c in commands if c.startswith("echo"))
    assert "http://127.0.0.1:8123/" in said and "Ctrl-C" in said
    assert commands[-1].endswith("honcho start -f Procfile -p 8123")
    load_demo = next(c for c in commands if "load_demo" in c)
    assert commands.index(load_demo) < commands.index(next(c for c in commands if "Ctrl-C" in c))


def test_the_emails_links_follow_the_port():
    honcho = make_run_commands(PORT=8123)[-1]
    environ = dict(re.findall(r"(\w+)=(\S+)", honcho.split(" .venv/bin/honcho")[0]))
    assert settings_read(**environ) == {"DEBUG": "True", "SITE_URL": "http://127.0.0.1:8123"}
    # Unset, port 8000: the one `make run` serves on by default.
    assert make_run_commands()[-1].endswith("-p 8000")
    environ = dict(re.findall(r"(\w+)=(\S+)", make_run_commands()[-1].split(" .venv/bin/honcho")[0]))
    assert settings_read(**environ)["SITE_URL"] == "http://127.0.0.1:8000"


@pytest.mark.django_db
def test_the_web_server_make_run_starts_answers_on_the_port(tmp_path):
    """The supervisor `make run` starts, with its Procfile, serves on the port it was given (the web
    process alone here, on the test database: the worker and beat are the worker tests')."""
    port = free_port()
    honcho = make_run_commands(PORT=port)[-1]
    settings = connection.settings_dict
    database = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/" \
               f"{settings['NAME']}" if connection.vendor == "postgresql" else f"sqlite:///{tmp_path}/db.sqlite3"
    env = {**os.environ, "DATABASE_URL": database}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # as from a shell: the command sets the laptop's settings itself
    process = subprocess.Popen(f"{honcho} web", shell=True, cwd=ROOT, env=env, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: honcho stops what it started
        output = process.communicate(timeout=30)[0].decode()
    assert f"127.0.0.1:{port}" in output


def test_the_readme_names_every_demo_sign_in_with_its_role():
    users = yaml.safe_load((ROOT / "config" / "bradford.yaml").read_text())["users"]
    assert len(users) == 5
    rows = {row.split("|")[1].strip(" `"): row for row in README.splitlines() if row.startswith("| `")}
    for user in users:
        assert user["email"] in rows, user["email"]
        assert user["full_name"] in rows[user["email"]]
    assert "demo-governance-2026" in README


def test_the_readme_says_what_the_settings_of_make_run_do():
    # `make run` names the laptop's settings, which are debug unless DJANGO_DEBUG says otherwise...
    honcho = make_run_commands()[-1]
    assert "DJANGO_SETTINGS_MODULE=config.settings.local" in honcho
    assert settings_read(DJANGO_SETTINGS_MODULE="config.settings.local")["DEBUG"] == "True"
    # ...and the README says so, not that it starts in production mode.
    assert "production mode" not in README
    assert "`make run` use `config.settings.local` (debug unless" in " ".join(README.split())
    assert "PORT=8080 make run" in README and "DEFAULT_FROM_EMAIL" in README
    assert "the home page says when it next runs" in " ".join(README.split())
