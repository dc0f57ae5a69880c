"""The loaded plan says what Bradford's plan says: every statement, target, evidence item and
responsibility compared with the plan's text itself, and nothing in the plan's vision, introduction,
priorities, outcome tables or narrative left out. Then the facts the issue names, spot-checked.

The plan's text is ../shared/bscb-safeguarding-plan-2016-18.txt beside the repository. CI has it;
elsewhere, without it, the comparisons are skipped loudly (in the red summary) and CI=true fails.
Before comparing, both sides are normalised: white space, the <p> markup, bullets ("- *", "- "),
curly quotes, and "27 th" written "27th".
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction

from accountability.demo import demo_structure_load, demo_themes_load, demo_users_load
from accountability.models import Body
from bscb.demo import demo_partnership_load
from config.demo import demo_read
from plan.loader import plan_load
from plan.models import Outcome, Plan, PlanStatus, Priority
from tests.conftest import SKIP_PREFIX
from tests.helpers.services import IN_CI

pytestmark = pytest.mark.django_db

# Beside the repository: /work/main/tests/plan/test_faithful.py -> /work/shared/...
PLAN_TEXT = Path(__file__).resolve().parents[3] / "shared" / "bscb-safeguarding-plan-2016-18.txt"
TITLE = "Bradford Safeguarding Children Board Local Safeguarding Arrangements Plan 2016-18"
YEARS = (2016, 2017, 2018)  # the tables' three unlabelled "*" columns
# Lines of the plan that are headings, not statements: the loader does not load them.
FRONT_HEADINGS = {"Vision Statement", "Introduction", "An outstanding Board is one that is:"}
TAIL_HEADINGS = {
    "Priorities of the Bradford Safeguarding Children Board 2016 – 2018",
    '"Strong and Effective Safeguarding Arrangements"',
    "2016-2018 Outcomes Targets and Timelines Evidence / Evaluation of Impact Responsibility",
}
ROW = re.compile(r"^\d\.\d\t")


def normalise(text: str) -> str:
    text = re.sub(r"</?p>", " ", text)
    text = re.sub(r"^[ \t]*-[ \t]+(\*[ \t]+)?", "", text, flags=re.MULTILINE)  # bullets
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    text = re.sub(r"(\d) (st|nd|rd|th)\b", r"\1\2", text)
    return " ".join(text.split())


def lines(field: str) -> list[str]:
    return [normalise(line) for line in field.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def plan_text() -> str:
    if not PLAN_TEXT.exists():
        if IN_CI:
            pytest.fail(f"CI=true and the plan's text is missing: {PLAN_TEXT}")
        pytest.skip(f"{SKIP_PREFIX}copy of the plan's text at {PLAN_TEXT} (CI has it beside the repository)")
    return PLAN_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(django_db_setup, django_db_blocker) -> Plan:
    """The structure's bodies and themes, and the plan, loaded once for the module (not the demo's
    year of meetings, which the plan does not need), rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = demo_read()
        for loader in (demo_partnership_load, demo_users_load, demo_structure_load, demo_themes_load):
            loader(data)
        yield plan_load(changes=None)
        transaction.set_rollback(True)


def outcome(code: str) -> Outcome:
    return Outcome.objects.prefetch_related("targets", "evidence__responsible_bodies", "themes").get(code=code)


def short_names(item) -> set[str]:
    return {body.short_name for body in item.responsible_bodies.all()}


# The plan's text, piece by piece ------------------------------------------------------------


def section(text: str, start: str, end: str | None = None) -> list[str]:
    """The plan's non-empty lines from the line `start` to the line before `end`."""
    all_lines = text.splitlines()
    first = all_lines.index(start)
    last = all_lines.index(end, first) if end else len(all_lines)
    return [line for line in all_lines[first:last] if line.strip()]


def rows(text: str) -> dict[str, list[str]]:
    """The outcome tables' rows by code, split into their cells."""
    return {line.split("\t")[0]: line.split("\t") for line in text.splitlines() if ROW.match(line)}


def account_for(plan_lines: list[str], groups: dict[str, list[str]], headings: set[str]) -> list[str]:
    """What does not match: a plan line no loaded text accounts for, a loaded text the plan does not
    have, or a group (a list field) in another order than the plan's."""
    plan_lines = [normalise(line) for line in plan_lines]
    loaded = {text for texts in groups.values() for text in texts}
    problems = [f"in the plan, not loaded: {line!r}" for line in plan_lines
                if line not in loaded and line not in headings]
    for name, texts in groups.items():
        problems += [f"{name}: not in the plan: {text!r}" for text in texts if text not in plan_lines]
        found = list(dict.fromkeys(line for line in plan_lines if line in texts))  # first appearances
        if not problems and found != texts:
            problems.append(f"{name}: in another order than the plan's")
    return problems


def test_the_normalising_only_tidies():
    assert normalise("<p>Children subject to neglect challenge panel 27 th April 2017</p>") == (
        "Children subject to neglect challenge panel 27th April 2017")
    assert normalise("- * The BU is responsible\n- Highly influential") == "The BU is responsible Highly influential"
    assert normalise("in effect, “business as usual”.") == 'in effect, "business as usual".'
    assert normalise("Online Safety - grooming") == "Online Safety - grooming"


def test_the_title_vision_introduction_and_traits_are_the_plans_words(plan_text, plan):
    assert plan.title == TITLE == plan_text.strip().splitlines()[0]
    assert (plan.first_year, plan.last_year, plan.status) == (2016, 2018, PlanStatus.ACTIVE)
    front = section(plan_text, "Vision Statement", "BSCB Accountability Framework:")
    problems = account_for(front, {
        "vision": [normalise(plan.vision)],
        "introduction": lines(plan.introduction),
        "traits": lines(plan.outstanding_traits),
    }, FRONT_HEADINGS)
    assert problems == []
    assert len(lines(plan.introduction)) == 7 and len(lines(plan.outstanding_traits)) == 3


def test_the_priorities_focus_areas_narrative_and_developments_are_the_plans_words(plan_text, plan):
    tail = [line for line in section(plan_text, "Priorities of the Bradford Safeguarding Children Board 2016 – 2018")
            if not ROW.match(line)]
    priorities = list(plan.priorities.order_by("number"))
    statements = [normalise(p.statement) for p in priorities]
    # A priority's statement introduces its bullets with a colon, and heads its table without one.
    tail = [line[:-1] if line.endswith(":") and normalise(line[:-1]) in statements else line for line in tail]
    groups = {"statements": statements}
    for p in priorities:
        groups[f"priority {p.number} focus areas"] = lines(p.focus_areas)
        groups[f"priority {p.number} narrative"] = lines(p.narrative)
        groups[f"priority {p.number} developments"] = lines(p.business_as_usual)
        assert p.title == ""  # the plan gives its priorities no titles of their own
    problems = account_for(tail, {name: texts for name, texts in groups.items() if texts}, TAIL_HEADINGS)
    assert problems == []
    # Each priority's bullets follow its statement in the plan.
    normal = [normalise(line) for line in tail]
    for p in priorities:
        first = normal.index(normalise(p.statement))
        assert normal[first + 1:first + 1 + len(lines(p.focus_areas))] == lines(p.focus_areas), p.number


def test_every_outcome_row_is_loaded_cell_by_cell(plan_text, plan):
    table = rows(plan_text)
    outcomes = Outcome.objects.filter(priority__plan=plan).prefetch_related("targets", "evidence")
    assert sorted(table) == sorted(o.code for o in outcomes)
    for o in outcomes:
        cells = table[o.code]
        assert len(cells) == 8, (o.code, "code, outcome, three year columns, targets, evidence, responsibility")
        code, statement, *marks, targets, evidence, responsibility = cells
        assert normalise(o.statement) == normalise(statement), o.code
        assert o.years == [year for year, mark in zip(YEARS, marks, strict=True) if mark.strip() == "*"], o.code
        assert {mark.strip() for mark in marks} <= {"*", ""}

        texts = [normalise(t.text) for t in o.targets.all()]
        assert normalise(targets) in {" ".join(texts), " ".join(f"{n}. {t}" for n, t in enumerate(texts, 1))}, o.code

        cell = normalise(evidence)
        lead = re.match(r"(.*?:) 1\. ", cell)
        lead = lead.group(1) + " " if lead else ""
        items = [normalise(e.text) for e in o.evidence.all()]
        assert all(item.startswith(lead) for item in items), (o.code, "each item carries the plan's lead-in")
        parts = [item.removeprefix(lead) for item in items]
        assert cell in {lead + " ".join(parts), lead + " ".join(f"{n}. {p}" for n, p in enumerate(parts, 1))}, o.code

        cell = normalise(responsibility)
        words = lines(o.responsibility)
        numbered = " ".join(f"{n}. {w}" for n, w in enumerate(words, 1))
        assert cell in {" ".join(words), numbered}, o.code
        for n, item in enumerate(o.evidence.all()):
            said = lines(item.responsibility)
            assert said and set(said) <= set(words), (o.code, item.order)
            if cell == numbered and len(words) == len(items):  # the plan pairs them: "1. ... 2. ..."
                assert said == [words[n]], (o.code, item.order)


def test_everything_loaded_is_found_in_the_plan(plan_text, plan):
    """The catch-all: every text loaded, found word for word in the plan (an evidence item without
    the lead-in the loader puts before it)."""
    whole = normalise(plan_text)
    texts = [plan.title, plan.vision, *plan.introduction.splitlines(), *plan.outstanding_traits.splitlines()]
    for p in plan.priorities.all():
        texts += [p.statement, *p.focus_areas.splitlines(), *p.narrative.splitlines(),
                  *p.business_as_usual.splitlines()]
    for o in Outcome.objects.filter(priority__plan=plan).prefetch_related("targets", "evidence"):
        texts += [o.statement, *o.responsibility.splitlines(), *(t.text for t in o.targets.all())]
        for item in o.evidence.all():
            texts += [*item.text.split(": ", 1), *item.responsibility.splitlines()] if item.text.startswith(
                "Evidence of progress") else [item.text, *item.responsibility.splitlines()]
    missing = [text for text in texts if normalise(text) not in whole]
    assert missing == []


# The facts the issue names --------------------------------------------------------------------


def test_three_priorities_and_all_nine_outcomes(plan):
    assert list(plan.priorities.values_list("number", flat=True)) == [1, 2, 3]
    codes = Outcome.objects.filter(priority__plan=plan).order_by("priority__number", "order")
    assert [o.code for o in codes] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5"]
    assert not Priority.objects.get(plan=plan, number=3).outcomes.exists()


def test_1_2_names_january_2017_sixty_neglect_cases_the_april_challenge_panel_pmae_and_l_and_d(plan):
    o = outcome("1.2")
    january, april = o.targets.all()
    assert "January 2017" in january.text and "60 neglect cases" in january.text
    assert january.due_date == date(2017, 1, 31)
    assert "challenge panel 27th April 2017" in april.text and april.due_date == date(2017, 4, 27)
    audit, training = o.evidence.all()
    assert "neglect audit and challenge panel" in audit.text and short_names(audit) == {"PMAE"}
    assert "neglect training courses" in training.text and short_names(training) == {"L&D"}
    assert (audit.responsibility, training.responsibility) == ("PMAE sub group", "L&D sub group")
    assert o.years == [2016, 2017, 2018]
    assert [t.name for t in o.themes.all()] == ["Neglect"]


def test_1_3_pairs_its_evidence_with_pmae_and_the_jtai_group(plan):
    o = outcome("1.3")
    assert [short_names(e) for e in o.evidence.all()] == [{"PMAE"}, {"JTAI"}]
    assert o.targets.get().due_date == date(2016, 10, 31)
    assert [t.name for t in o.themes.all()] == ["Domestic abuse"]


def test_1_4_starts_in_december_2016_with_a_task_and_finish_group_marked_in_2016_only(plan):
    o = outcome("1.4")
    target = o.targets.get()
    assert "task and finish group" in target.text and "December 2016" in target.text
    assert target.due_date == date(2016, 12, 31)
    assert o.years == [2016]
    assert short_names(o.evidence.get()) == {"CSE"}
    assert [t.name for t in o.themes.all()] == ["Child sexual exploitation"]


def test_2_1_reports_to_the_june_2017_board_and_its_checks_fall_to_every_sub_group_and_the_board(plan):
    o = outcome("2.1")
    target = o.targets.get()
    assert target.text == "Report to June 2017 Board meeting" and target.due_date == date(2017, 6, 30)
    methodology, checks = o.evidence.all()
    assert short_names(methodology) == {"PMAE"}
    sub_groups = set(Body.objects.filter(kind__name="Sub group").values_list("short_name", flat=True))
    assert {"PMAE", "L&D", "CSE", "SAPP", "DAG", "JTAI"} <= sub_groups
    assert short_names(checks) == sub_groups | {"BSCB"}
    assert checks.responsibility == "All sub-groups and main Board"


def test_2_2_names_february_2017_and_the_business_unit_marked_in_2017_only(plan):
    o = outcome("2.2")
    target = o.targets.get()
    assert target.text == "February 2017" and target.due_date == date(2017, 2, 28)
    assert o.evidence.count() == 3
    assert all(short_names(e) == {"BU"} for e in o.evidence.all())
    assert o.responsibility == "BSCB Business Unit"
    assert o.years == [2017]


def test_2_3_links_its_four_items_to_every_sub_group_and_the_board(plan):
    o = outcome("2.3")
    assert o.targets.count() == 2 and not o.targets.filter(due_date__isnull=False).exists()
    sub_groups = set(Body.objects.filter(kind__name="Sub group").values_list("short_name", flat=True))
    assert [short_names(e) for e in o.evidence.all()] == [sub_groups | {"BSCB"}] * 4
    assert {e.responsibility for e in o.evidence.all()} == {"All sub groups\nBSCB Board"}
    assert o.years == [2017]


def test_the_year_marks(plan):
    years = dict(Outcome.objects.filter(priority__plan=plan).values_list("code", "years"))
    assert years == {"1.1": [2016, 2017, 2018], "1.2": [2016, 2017, 2018], "1.3": [2016, 2017, 2018],
                     "1.4": [2016], "2.1": [2016, 2017, 2018], "2.2": [2017], "2.3": [2017], "2.4": [2017],
                     "2.5": [2016, 2017, 2018]}


def test_priority_3_has_its_eight_risks_as_themes_and_three_developments(plan):
    third = Priority.objects.get(plan=plan, number=3)
    risks = third.focus_areas.splitlines()
    assert len(risks) == 8
    themes = {t.name for t in third.themes.all()}
    assert {risk.rstrip(".") for risk in risks} <= themes
    developments = third.business_as_usual.splitlines()
    assert len(developments) == 3
    assert "dataset used by the PMAE group" in developments[0]
    assert "overseen by the SAPP sub-group" in developments[1]
    assert "The L&D sub-group will ensure" in developments[2]


def test_every_evidence_item_has_a_responsible_body_and_the_plans_words(plan):
    for o in Outcome.objects.filter(priority__plan=plan).prefetch_related("evidence__responsible_bodies"):
        assert o.evidence.exists() and o.targets.exists(), o.code
        for item in o.evidence.all():
            assert item.responsible_bodies.exists() and item.responsibility, (o.code, item.order)

