"""Reads, split by area; import from here."""

from .home import *  # noqa: F403
from .meetings import *  # noqa: F403
from .structure import *  # noqa: F403
