"""The container build, by running what it runs: the web health check under compose's environment,
the node stage's asset build followed by collectstatic, and the modules gunicorn and `celery -A`
load. No Docker engine is needed (nor a database). What only restates the compose file is not
tested here: a test that re-reads a file's text cannot fail where it matters.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

# ---- Helpers -------------------------------------------------------------------------------

_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:[-?])(?P<arg>[^}]*))?\}")


def interpolate(text, environ):
    """Compose's interpolation, for the forms this file uses: ${X}, ${X:-default}, ${X:?error}, $$."""

    def replace(match):
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        value = environ.get(name, "")
        if value:
            return value
        if op == ":?":
            raise LookupError(f"{name}: {arg}")
        return arg if op == ":-" else ""

    return _VARIABLE.sub(replace, text)


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs: comment lines dropped, backslash continuations joined."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        if line.strip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        line = pending + line
        pending = ""
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(arguments.split())))
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def dockerfile_stages():
    """[{'image', 'name', 'instructions'}] in build order."""
    stages = []
    for keyword, arguments in dockerfile_instructions():
        if keyword == "FROM":
            words = arguments.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append({"image": words[0], "name": name, "instructions": []})
        else:
            assert stages, f"{keyword} before the first FROM"
            stages[-1]["instructions"].append((keyword, arguments))
    return stages


def exec_form(arguments):
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def copy_sources(arguments):
    """The --from stage (or None) and the source paths of a COPY instruction."""
    words = exec_form(arguments)
    flags = [word for word in words if word.startswith("--")]
    paths = [word for word in words if not word.startswith("--")]
    from_stage = next((flag.split("=", 1)[1] for flag in flags if flag.startswith("--from=")), None)
    return from_stage, paths[:-1]


def stage_args(stage):
    values = {}
    for keyword, arguments in stage["instructions"]:
        if keyword == "ARG" and "=" in arguments:
            name, _, value = arguments.partition("=")
            values[name] = value
    return values


# ---- Fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def services():
    with COMPOSE_FILE.open() as handle:
        return yaml.safe_load(handle)["services"]


@pytest.fixture(scope="module")
def stages():
    return dockerfile_stages()


# ---- The web service's health check, and the image's build --------------------------------

def test_health_check_passes_under_the_compose_environment(services, tmp_path):
    """The web health check (plain HTTP, Host 127.0.0.1) gets 200, not 400 (host) or 301 (HTTPS).

    Runs in a fresh interpreter with the web service's environment and production settings
    (DEBUG off), only the database swapped for SQLite and the cache for local memory.
    """
    environment = {
        name: interpolate(str(value), {"POSTGRES_PASSWORD": "pw", "DJANGO_SECRET_KEY": "k" * 50})
        for name, value in services["web"]["environment"].items()
    }
    environment.update(
        DATABASE_URL="sqlite://:memory:",  # migrate and the requests share the one connection
        CACHE_URL="locmemcache://",
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="config.settings.production",
    )
    # Nothing from this test run's environment (pytest_env sets DJANGO_DEBUG=true, for one).
    base = {name: value for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_", "EMAIL_", "MEDIA_"))}
    script = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
class NoMigrations(dict):  # the tables straight from the models: the migrations are the suite's own test
    def __contains__(self, app): return True
    def __getitem__(self, app): return None
settings.MIGRATION_MODULES = NoMigrations()
call_command("migrate", run_syncdb=True, verbosity=0)
health = Client().get("/health/", HTTP_HOST="127.0.0.1:8000")
other = Client().get("/sign-in/", HTTP_HOST="localhost")
print(health.status_code, health.json()["status"], other.status_code, other.get("Location"))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**base, **environment},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    health_status, health_body, other_status, location = result.stdout.split()[-4:]
    assert (health_status, health_body) == ("200", "ok")
    # Everything else is redirected to HTTPS: the README's TLS-terminating proxy.
    assert other_status == "301" and location.startswith("https://localhost/")


def test_the_build_steps_make_assets_that_collectstatic_accepts(stages, tmp_path):
    """The node stage's own RUN lines, then collectstatic with the production storage.

    Catches what otherwise only `docker build` would: a stylesheet that refers to a file the
    build does not copy makes CompressedManifestStaticFilesStorage, and so the build, fail.
    The repository's node_modules (`make install`) stands in for the stage's `npm ci`.
    """
    node_modules = ROOT / "node_modules"
    assert (node_modules / ".bin" / "sass").exists(), "no node_modules/.bin/sass: run `make install`"
    node, python = stages
    variables = stage_args(node)
    workdir = tmp_path / "assets"
    workdir.mkdir()
    (workdir / "node_modules").symlink_to(node_modules)
    for keyword, arguments in node["instructions"]:
        if keyword == "COPY":
            _, sources = copy_sources(arguments)
            destination = exec_form(arguments)[-1]
            for source in sources:
                target = workdir / destination
                if destination.endswith("/") or len(sources) > 1:
                    target = target / Path(source).name
                target.parent.mkdir(parents=True, exist_ok=True)
                if (ROOT / source).is_dir():
                    shutil.copytree(ROOT / source, target)
                else:
                    shutil.copy2(ROOT / source, target)
        elif keyword == "RUN" and not arguments.startswith("npm ci"):
            result = subprocess.run(["/bin/sh", "-c", arguments], cwd=workdir, capture_output=True,
                                    text=True, env={**os.environ, **variables}, timeout=120)
            assert result.returncode == 0, f"{arguments}\n{result.stderr}"

    run = next(args for keyword, args in python["instructions"] if keyword == "RUN" and "collectstatic" in args)
    words = shlex.split(run.split("&&")[0])
    inline = dict(word.split("=", 1) for word in words if re.fullmatch(r"[A-Z_]+=\S*", word))
    command = [word for word in words if not re.fullmatch(r"[A-Z_]+=\S*", word)]
    assert command == ["python", "manage.py", "collectstatic", "--noinput"]
    # The same settings, pointed at this build and a scratch STATIC_ROOT.
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "docker_build_settings.py").write_text(
        "from config.settings.production import *  # noqa: F403\n"
        f"STATICFILES_DIRS = [('build', {str(workdir / 'static' / 'build')!r})]\n"
        f"STATIC_ROOT = {str(tmp_path / 'staticfiles')!r}\n"
    )
    base = {name: value for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_", "EMAIL_", "MEDIA_"))}
    environment = {**base, **inline, "DJANGO_SETTINGS_MODULE": "docker_build_settings",
                   "PYTHONPATH": str(shim), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                   "CELERY_BROKER_URL": "redis://redis:6379/0"}
    result = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())
    for name in ("build/app.css", "build/govuk-frontend.min.js", "build/moj-frontend.min.js"):
        assert name in manifest["paths"]


# ---- The commands that compose and the image run are real --------------------------------

def test_wsgi_module_has_the_application():
    from config.wsgi import application

    assert callable(application)


def test_celery_app_is_found_by_celery_dash_a():
    from celery import Celery
    from celery.app.utils import find_app

    from config.celery import app

    assert isinstance(app, Celery)
    assert find_app("config") is app  # what `celery -A config` resolves


def test_the_image_installs_what_the_commands_need():
    requirements = {
        re.split(r"[=<>~!\[ ]", line, maxsplit=1)[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith(("#", " "))
    }
    assert {"gunicorn", "celery", "redis", "psycopg2-binary", "whitenoise", "django-celery-beat"} <= requirements
