"""What other apps link to the log's entries, which the log may not import (DESIGN.md: plan reads
challenge_log, never the reverse). The plan registers its outcomes here from its AppConfig.ready; the log's
form, services, entry page and list filter then handle every registered link alike, knowing only this shape."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class EntryLink:
    name: str  # the form field and the list filter's parameter: "outcomes"
    label: str  # "Outcomes of the plan"
    help_text: str
    choices: Callable[[], QuerySet]  # what may be linked today
    linked: Callable[[Iterable[int]], dict[int, list]]  # entry pk -> the things linked to it; one query
    save: Callable[[object, list], bool]  # link exactly these to the entry; whether anything changed
    entries: Callable[[str], QuerySet]  # the pks of the entries linked to one thing (its pk), for the list's filter


_LINKS: dict[str, EntryLink] = {}


def register(link: EntryLink) -> None:
    _LINKS[link.name] = link


def registered() -> list[EntryLink]:
    return list(_LINKS.values())
