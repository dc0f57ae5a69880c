"""A laptop: manage.py and `make run`. Debug unless DJANGO_DEBUG says otherwise; plain HTTP."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: E402, F403
