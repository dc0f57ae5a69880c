# One image for all three roles: web (gunicorn, the default CMD), worker and beat (Celery);
# docker-compose.yml picks the role with `command:`.
#
# No HEALTHCHECK here: what "healthy" means differs by role (an HTTP check suits only the web
# container, and beat has no cheap probe), so each service's check lives in docker-compose.yml.

# ---- Stage 1: front-end assets, as the Makefile's static/build/.built target makes them ------
FROM node:20-slim AS assets

WORKDIR /src
ARG GOVUK=node_modules/govuk-frontend/dist/govuk
ARG MOJ=node_modules/@ministryofjustice/frontend/moj

# The lock file alone decides node_modules, so this layer is cached until it changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# app.scss @uses "node_modules/..." paths, hence --load-path=. (the working directory).
# The last line is one the Makefile lacks (so far): GOV.UK's footer styles refer to
# images/govuk-crest.svg, and collectstatic's manifest storage fails the build on a stylesheet
# that refers to a missing file. tests/test_docker.py holds the two to the same commands.
COPY static/scss static/scss
RUN mkdir -p static/build/images \
    && npx sass --pkg-importer=node --load-path=. --no-source-map --style=compressed --quiet-deps \
        static/scss/app.scss static/build/app.css \
    && cp $GOVUK/govuk-frontend.min.js $GOVUK/govuk-frontend.min.js.map static/build/ \
    && cp $MOJ/moj-frontend.min.js $MOJ/moj-frontend.min.js.map static/build/ \
    && cp $MOJ/assets/images/*.svg static/build/images/ \
    && cp $GOVUK/assets/images/govuk-crest.svg static/build/images/

# ---- Stage 2: the Python application --------------------------------------------------------
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# A fixed uid/gid, so that files on mounted volumes have a predictable owner.
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

# Requirements before the source, so that a code change does not reinstall them.
# Every dependency ships a manylinux wheel (psycopg2-binary included): no compiler needed.
# WeasyPrint (Board papers as PDF) draws text with Pango, a system library the slim image lacks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

COPY . .
COPY --from=assets /src/static/build static/build

# Production serves static files through whitenoise's CompressedManifestStaticFilesStorage,
# which needs the manifest that collectstatic writes, so it runs here, at build time.
# The settings refuse to load without a secret key when DEBUG is off: a throwaway one is set for
# this RUN line only (it is not kept in the image's environment; the real one comes at run time).
# Importing the settings creates ./var (and var/celery for the default filesystem broker); the
# code stays root-owned and read-only to the app user, which owns only ./var. var/media is
# created here so that a new named volume mounted on it starts out owned by the app user.
RUN DJANGO_SECRET_KEY=build-time-collectstatic-only-not-a-secret DJANGO_DEBUG=false \
        python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown -R app:app var

USER app

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
