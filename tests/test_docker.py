"""The container build: Dockerfile, .dockerignore and docker-compose.yml.

No Docker engine is needed (nor a database): the files are read and checked against the
repository, the Makefile and the settings, and the commands they run are checked to exist.
"""

import fnmatch
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
DOCKERIGNORE = ROOT / ".dockerignore"

APP_SERVICES = ("web", "worker", "beat", "migrate")
LONG_RUNNING = ("web", "worker", "beat")
GUNICORN = ["gunicorn", "bscb.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2",
            "--access-logfile", "-"]


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


def as_argv(command):
    return shlex.split(command) if isinstance(command, str) else list(command)


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


def shell_commands(run_arguments, variables):
    """A RUN line split on &&, variables expanded, whitespace normalised."""
    commands = []
    for command in run_arguments.split("&&"):
        for name, value in variables.items():
            command = command.replace(f"$({name})", value).replace(f"${{{name}}}", value)
            command = re.sub(rf"\${name}\b", value, command)
        commands.append(" ".join(command.split()))
    return commands


def makefile_recipe(target):
    """The commands of one Makefile rule, continuations joined, make variables expanded."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    variables = dict(re.findall(r"^([A-Z]+) := (.*)$", text, flags=re.MULTILINE))
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.extend(shell_commands(line.strip(), variables))
    return recipe


# ---- Fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def compose():
    with COMPOSE_FILE.open() as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def stages():
    return dockerfile_stages()


# ---- docker-compose.yml --------------------------------------------------------------------

def test_compose_file_parses_as_a_mapping_of_services(compose):
    assert isinstance(compose, dict)
    assert isinstance(compose.get("services"), dict)


def test_compose_names_the_services(services):
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat"}


def test_backing_services_use_the_agreed_images(services):
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("name", ["postgres", "redis", "web", "worker"])
def test_service_has_a_healthcheck(services, name):
    check = services[name].get("healthcheck")
    assert check and check.get("test"), f"{name} has no healthcheck"
    assert check["test"][0] in ("CMD", "CMD-SHELL")


def test_healthchecks_ask_the_right_thing(services):
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    web = services["web"]["healthcheck"]["test"]
    # curl is not in the slim image: Python asks.
    assert web[:3] == ["CMD", "python", "-c"]
    assert "http://127.0.0.1:8000/health/" in web[3]
    worker = " ".join(services["worker"]["healthcheck"]["test"])
    # $$ is compose's escape: the container's shell expands $HOSTNAME, compose must not.
    assert "celery -A bscb inspect ping -d celery@$$HOSTNAME" in worker


def test_named_volumes_are_declared_and_used(compose, services):
    declared = set(compose.get("volumes") or {})
    assert {"postgres-data", "redis-data", "media"} <= declared
    used = set()
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source")
            if source and not source.startswith((".", "/", "~")):
                assert source in declared, f"volume {source} is used but not declared"
                used.add(source)
    assert used == declared, f"declared but unused: {declared - used}"


def test_volumes_are_mounted_where_the_data_lives(services):
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redis-data:/data" in services["redis"]["volumes"]
    for name in ("web", "worker"):
        media_root = services[name]["environment"]["MEDIA_ROOT"]
        assert f"media:{media_root}" in services[name]["volumes"]


def test_app_services_share_one_build(services):
    builds = {(json.dumps(services[name].get("build"), sort_keys=True), services[name].get("image"))
              for name in APP_SERVICES}
    assert len(builds) == 1, builds
    build, image = builds.pop()
    assert image, "a shared image name makes compose build the image once, not once per service"
    context = json.loads(build)
    context = context.get("context", ".") if isinstance(context, dict) else context
    assert (COMPOSE_FILE.parent / context / "Dockerfile").is_file()


def test_worker_and_beat_run_celery(services):
    assert as_argv(services["worker"]["command"])[:4] == ["celery", "-A", "bscb", "worker"]
    assert as_argv(services["beat"]["command"])[:4] == ["celery", "-A", "bscb", "beat"]


def test_web_runs_gunicorn_as_the_image_does(services, stages):
    command = as_argv(services["web"]["command"])
    assert command[0] == "gunicorn"
    assert "bscb.wsgi:application" in command
    assert command == GUNICORN
    cmd = [args for keyword, args in stages[-1]["instructions"] if keyword == "CMD"]
    assert cmd and exec_form(cmd[-1]) == GUNICORN


def test_migrations_run_once_before_the_app_starts(services):
    assert as_argv(services["migrate"]["command"]) == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"].get("restart") == "no"
    for name in LONG_RUNNING:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name


def test_app_services_wait_for_healthy_postgres_and_redis(services):
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
    for name in LONG_RUNNING:
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_app_services_use_postgres_and_redis(services):
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://bscb:"), name
        assert environment["DATABASE_URL"].endswith("@postgres:5432/bscb"), name
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0", name
        assert environment["CACHE_URL"] == "redis://redis:6379/1", name
        assert str(environment["DJANGO_DEBUG"]).lower() == "false", name


def test_database_credentials_match_the_postgres_service(services):
    postgres = services["postgres"]["environment"]
    url = services["web"]["environment"]["DATABASE_URL"]
    expected = (f"postgres://{postgres['POSTGRES_USER']}:{postgres['POSTGRES_PASSWORD']}"
                f"@postgres:5432/{postgres['POSTGRES_DB']}")
    assert url == expected


def test_compose_refuses_to_start_without_a_secret_key(services):
    raw = COMPOSE_FILE.read_text()
    references = re.findall(r"\$\{DJANGO_SECRET_KEY[^}]*\}", raw)
    assert references and all(ref.startswith("${DJANGO_SECRET_KEY:?") for ref in references)
    for name in APP_SERVICES:
        assert services[name]["environment"]["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    with pytest.raises(LookupError, match="DJANGO_SECRET_KEY"):
        interpolate(raw, {"POSTGRES_PASSWORD": "x"})
    interpolate(raw, {"POSTGRES_PASSWORD": "x", "DJANGO_SECRET_KEY": "y"})


def test_defaults_of_the_optional_settings(services):
    environment = services["web"]["environment"]
    assert environment["EMAIL_URL"] == "${EMAIL_URL:-consolemail://}"
    assert environment["DJANGO_SECURE_SSL_REDIRECT"] == "${DJANGO_SECURE_SSL_REDIRECT:-true}"
    assert environment["DJANGO_ALLOWED_HOSTS"].startswith("${DJANGO_ALLOWED_HOSTS:-localhost}")


def test_web_is_published_on_the_loopback_address_only(services):
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    for name, service in services.items():
        if name != "web":
            assert "ports" not in service, f"{name} should not be published"


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
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="locmemcache://",
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="bscb.settings",
    )
    # Nothing from this test run's environment (pytest_env sets DJANGO_DEBUG=true, for one).
    base = {name: value for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_", "EMAIL_", "MEDIA_"))}
    script = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
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


# ---- Dockerfile and .dockerignore ----------------------------------------------------------

def test_dockerfile_has_a_node_stage_then_a_python_stage(stages):
    assert len(stages) == 2
    node, python = stages
    assert node["image"] == "node:20-slim" and node["name"]
    assert python["image"] == "python:3.11-slim"


def test_node_stage_builds_the_assets_as_the_makefile_does(stages):
    node = stages[0]
    variables = stage_args(node)
    commands = [command for keyword, arguments in node["instructions"] if keyword == "RUN"
                for command in shell_commands(arguments, variables)]
    expected = [command for command in
                makefile_recipe("node_modules/.installed") + makefile_recipe("static/build/.built")
                if not command.startswith("touch ")]
    missing_from_makefile = [command for command in commands if command not in expected]
    assert not missing_from_makefile, f"the Makefile's static/build/.built lacks: {missing_from_makefile}"
    assert commands == expected


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
        "from bscb.settings import *  # noqa: F403\n"
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


def test_python_stage_installs_requirements_without_a_cache(stages):
    runs = [args for keyword, args in stages[-1]["instructions"] if keyword == "RUN"]
    install = [run for run in runs if "pip install" in run]
    assert install and "-r requirements.txt" in install[0] and "--no-cache-dir" in install[0]


def test_python_stage_takes_the_built_assets_from_the_node_stage(stages):
    node, python = stages
    workdir = next(args for keyword, args in node["instructions"] if keyword == "WORKDIR")
    copies = [copy_sources(args) for keyword, args in python["instructions"] if keyword == "COPY"]
    assert (node["name"], [f"{workdir.rstrip('/')}/static/build"]) in copies


def test_collectstatic_runs_at_build_time_with_a_throwaway_key(stages):
    python = stages[-1]["instructions"]
    runs = [args for keyword, args in python if keyword == "RUN" and "collectstatic" in args]
    assert len(runs) == 1
    run = runs[0]
    assert "python manage.py collectstatic --noinput" in run
    assert re.search(r"\bDJANGO_SECRET_KEY=\S+", run) and "DJANGO_DEBUG=false" in run
    # Set on that RUN line only, never baked into the image's environment.
    for keyword, args in python:
        if keyword in ("ENV", "ARG"):
            assert "DJANGO_SECRET_KEY" not in args
    # After the assets arrive, or the manifest would not list them.
    positions = [i for i, (keyword, args) in enumerate(python)
                 if (keyword, args) == ("RUN", run) or (keyword == "COPY" and "--from=" in args)]
    assert positions[-1] == python.index(("RUN", run))


def test_image_runs_as_a_non_root_user(stages):
    users = [args for keyword, args in stages[-1]["instructions"] if keyword == "USER"]
    assert users, "no USER: the container would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    runs = " ".join(args for keyword, args in stages[-1]["instructions"] if keyword == "RUN")
    assert "useradd" in runs and f" {user}" in runs


def test_image_exposes_the_gunicorn_port(stages):
    assert ("EXPOSE", "8000") in stages[-1]["instructions"]


def test_every_copied_path_exists_in_the_repository(stages):
    for stage in stages:
        for keyword, arguments in stage["instructions"]:
            if keyword in ("COPY", "ADD"):
                from_stage, sources = copy_sources(arguments)
                if from_stage:
                    continue  # made by an earlier stage (checked above), not the repository
                for source in sources:
                    found = ROOT.glob(source) if any(c in source for c in "*?[") else [ROOT / source]
                    assert any(path.exists() for path in found), f"{keyword} {source}: no such path"


def _ignored(path):
    ignored = False
    for line in DOCKERIGNORE.read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/").removeprefix("**/")
        parts = Path(path).parts
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        if any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            ignored = not negate
    return ignored


def test_dockerignore_keeps_local_state_out_but_not_what_the_build_copies(stages):
    for path in (".git", ".venv", "node_modules", ".env", "var", "static/build", "staticfiles"):
        assert _ignored(path), f"{path} would be sent to the image"
    for stage in stages:
        for keyword, arguments in stage["instructions"]:
            if keyword == "COPY":
                from_stage, sources = copy_sources(arguments)
                for source in [] if from_stage else sources:
                    if source != ".":
                        assert not _ignored(source), f"COPY {source} is excluded by .dockerignore"
    for needed in ("manage.py", "bscb/settings.py", "requirements.txt", "templates", "static/scss/app.scss"):
        assert not _ignored(needed), needed


# ---- The commands that compose and the image run are real --------------------------------

def test_wsgi_module_has_the_application():
    from bscb.wsgi import application

    assert callable(application)


def test_celery_app_is_found_by_celery_dash_a():
    from celery import Celery
    from celery.app.utils import find_app

    from bscb.celery import app

    assert isinstance(app, Celery)
    assert find_app("bscb") is app  # what `celery -A bscb` resolves


def test_beat_uses_the_database_scheduler(settings):
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    assert "django_celery_beat" in settings.INSTALLED_APPS


def test_management_commands_exist():
    from django.core.management import get_commands

    commands = get_commands()
    assert "migrate" in commands
    assert "collectstatic" in commands


def test_the_image_installs_what_the_commands_need():
    requirements = {
        re.split(r"[=<>~!\[ ]", line, maxsplit=1)[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"gunicorn", "celery", "redis", "psycopg2-binary", "whitenoise", "django-celery-beat"} <= requirements


# ---- Documentation -------------------------------------------------------------------------

def test_readme_documents_the_compose_way():
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing: it must say how to run with docker compose"
    assert "docker compose up --build" in readme.read_text()
