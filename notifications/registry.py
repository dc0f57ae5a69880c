"""The registry through which apps declare what is owed. Notifications knows nothing of summaries.

An app registers, once at import (its AppConfig.ready), a *source*: a callable that takes the day of
the chase and returns the things owed, as `Due` records::

    from notifications.registry import Due, register

    def summaries_due(as_of):
        for summary in ...:
            yield Due(key=f"summary:{summary.pk}", title="Summary for the PMAE meeting of 3 March",
                      url=f"/summaries/{summary.pk}/", due_date=summary.due_on, done=summary.submitted,
                      rungs=[("owner", [chair.pk]), ("business_unit", bu_ids), ("monitoring_chair", [bpg_chair])])

    register("summary", summaries_due)

`rungs` is resolved by the declaring app when the source is called (at send time): who owes the
thing ("owner", an empty post being the app's business to redirect to the business unit), then the
business unit, then the chair of the monitoring body. Titles and URLs carry no record text.

A test registers its own sources the same way, from its own modules: a worker process started by a
test imports them from the tests' Celery app (tests/notifications/worker_app.py); runtime code names
no test module.

Re-dating: a due date that moves starts its ladder afresh under the same key (DESIGN.md). The chase
names the steps of a ladder for a new date with that date ("before@2017-04-05"), so the owner is
reminded before and on the new date, and the reminders sent for the old date stay on record (a
reminder is recorded once per key, step and person). A source need not put the date in its key.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

OWNER = "owner"
BUSINESS_UNIT = "business_unit"
MONITORING_CHAIR = "monitoring_chair"
RUNGS = (OWNER, BUSINESS_UNIT, MONITORING_CHAIR)


@dataclass(frozen=True)
class Due:
    key: str  # stable identity of the thing owed, e.g. "summary:123"
    title: str  # no record text: "Summary for the PMAE meeting of 3 March"
    url: str  # a path on the site
    due_date: date
    done: bool = False
    rungs: Sequence[tuple[str, Sequence[int]]] = field(default_factory=tuple)
    # Who may press "remind now" for it: the declaring app's permission, checked on its record by
    # notifications.services.remind_now (notifications knows no roles). Without one, nobody may.
    remind_perm: str = ""
    record: object = field(default=None, compare=False, repr=False)
    # The body that owes it, where a body does: a non-compliance challenge (challenge_log) is directed to it.
    body_id: int | None = None

    def people(self, rung_names: Iterable[str]) -> list[int]:
        """The user ids standing on the given rungs, each once, in rung order."""
        wanted = set(rung_names)
        seen: dict[int, None] = {}
        for name, ids in self.rungs:
            if name in wanted:
                for pk in ids:
                    seen.setdefault(pk, None)
        return list(seen)


Source = Callable[[date], Iterable[Due]]
Lookup = Callable[[str, date], "Due | None"]
_sources: dict[str, Source] = {}
_lookups: dict[str, Lookup] = {}


def register(kind: str, source: Source, lookup: Lookup | None = None) -> None:
    """Declare a kind of obligation. Registering the same kind again replaces it (re-imports are harmless).

    `lookup(key, as_of)`, where given, answers for one key ("<kind>:...") without computing every
    due of the kind: "remind now" uses it. It returns None when nothing is owed under the key."""
    _sources[kind] = source
    if lookup is None:
        _lookups.pop(kind, None)
    else:
        _lookups[kind] = lookup


def unregister(kind: str) -> None:
    _sources.pop(kind, None)
    _lookups.pop(kind, None)


def sources() -> dict[str, Source]:
    return dict(_sources)


def all_dues(as_of: date) -> list[Due]:
    return [due for source in sources().values() for due in source(as_of)]


def find_due(key: str, as_of: date) -> Due | None:
    """What is owed under `key`, or None (done, or never owed)."""
    lookup = _lookups.get(key.split(":", 1)[0])
    if lookup is not None:
        due = lookup(key, as_of)
    else:
        due = next((due for due in all_dues(as_of) if due.key == key), None)
    return None if due is None or due.done else due
