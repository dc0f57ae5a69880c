"""Reads, split by area; import from here."""

from .meetings import *  # noqa: F403
from .structure import *  # noqa: F403
