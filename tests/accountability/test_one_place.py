"""Only accountability reads memberships to find chairs, seats and owners, and within it only
accountability.people works out a derived seat: every other app asks `seats`, `chairs_of`,
`owners_of`, `roles_for` and the predicates (issue 11: "a second copy that picks as the first picks
is the bug that comes next"). The scan reads the source, so a copy written later fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OTHER_APPS = ["bscb", "config", "notifications", "plan", "challenge_log", "reporting"]

# What reading people's seats by hand looks like outside accountability.
MEMBERSHIP_READS = {
    r"\bMembership\b": "the Membership model",
    r"memberships__": "a query through memberships",
    r"\.memberships\b": "a person's or a body's memberships",
    r"\bCHAIR_ROLES\b": "which roles chair a body",
    r"\bOrganisationLead\b|\bagency_leads\b": "an agency's leads",
    r"seats_for_chairs_of": "the derived-seat rule",
}
# Inside accountability: the derived-seat rule is read in people.py alone; which roles chair a body,
# there and where a membership is written (the services' one-chair-at-a-time check, the demo's).
INSIDE = {
    r"seats_for_chairs_of_id|seats_for_chairs_of__": ("the derived-seat rule", {"people.py"}),
    r"\bCHAIR_ROLES\b": ("which roles chair a body", {"people.py", "models.py", "roles.py", "services.py",
                                                       "demo.py"}),
}


def _sources(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(ROOT).as_posix(), path.read_text()


def offences(files, patterns: dict[str, str]) -> list[str]:
    """`files`: (path, text) pairs. Each line that matches a pattern, as "path:line: what"."""
    found = []
    for path, text in files:
        for number, line in enumerate(text.splitlines(), 1):
            for pattern, what in patterns.items():
                if re.search(pattern, line):
                    found.append(f"{path}:{number}: {what}: {line.strip()}")
    return found


def test_no_other_app_reads_memberships_or_leads():
    files = [pair for package in OTHER_APPS for pair in _sources(package)]
    assert offences(files, MEMBERSHIP_READS) == []


def test_inside_accountability_the_derived_seat_is_worked_out_in_one_module():
    problems = []
    for pattern, (what, allowed) in INSIDE.items():
        files = [(path, text) for path, text in _sources("accountability") if Path(path).name not in allowed]
        problems += offences(files, {pattern: what})
    assert problems == []


def test_the_scan_finds_a_copy():
    """The scan can fail: each way of reading seats by hand is found in a planted file."""
    planted = [("reporting/planted.py", "\n".join([
        "from accountability.models import CHAIR_ROLES, Membership",
        "chairs = Body.objects.filter(memberships__role='chair')",
        "seats = {m.body_id for m in roles.memberships}",
        "leads = OrganisationLead.objects.filter(person=user)",
        "bodies = Body.objects.filter(seats_for_chairs_of__in=kinds)",
    ]))]
    found = offences(planted, MEMBERSHIP_READS)
    assert {line.split(":")[1] for line in found} == {"1", "2", "3", "4", "5"}
    assert offences([("accountability/views/structure.py", "x = body.seats_for_chairs_of_id")],
                    {p: w for p, (w, _allowed) in INSIDE.items()})
