"""`load_bradford_plan` (and `load_demo`, which ends with it) loads the plan through the services,
idempotently: a second run duplicates nothing and writes no history. Without the structure it stops,
saying what is missing and what to run."""

from io import StringIO

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from accountability.models import Body, User
from config.demo import DEMO_LOADERS
from plan.demo import demo_plan_load
from plan.loader import DATA_FILE, LOAD_STRUCTURE_FIRST, PlanLoadError, plan_load
from plan.models import EvidenceItem, Outcome, Plan, PlanStatus, Target

pytestmark = pytest.mark.django_db

TITLE = "Bradford Safeguarding Children Board Local Safeguarding Arrangements Plan 2016-18"


def counts():
    """Rows in every table of the plan app, history and links to bodies and themes included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label == "plan"
    }


def load(**options) -> str:
    out = StringIO()
    call_command("load_bradford_plan", stdout=out, **options)
    return out.getvalue()


# First in the module: before the module's demo fixture (tests/conftest.py) has put the structure in.
def test_without_the_structure_the_load_stops_and_says_what_to_run():
    assert not Body.objects.exists()
    before = counts()  # the action settings' row, made by every migrate, and nothing else
    with pytest.raises(CommandError) as error:
        load()
    message = str(error.value)
    assert LOAD_STRUCTURE_FIRST in message and "manage.py load_demo" in message
    assert "PMAE" in message and "L&D" in message and '"Sub group"' in message and '"Neglect"' in message
    assert counts() == before  # nothing written


def test_load_demo_loads_the_plan_in_force_as_the_business_unit_officer(demo):
    from accountability.demo import demo_structure_load

    assert DEMO_LOADERS.index(demo_plan_load) > DEMO_LOADERS.index(demo_structure_load)  # after the structure
    plan = Plan.objects.get(title=TITLE)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.priorities.count() == 3
    assert Outcome.objects.filter(priority__plan=plan).count() == 9
    officer = User.objects.get(email="bu.officer@bscb.example.org")
    for model in (Plan, Outcome, Target, EvidenceItem):
        assert not model.objects.exclude(created_by=officer).exists(), model
        assert set(model.history.values_list("history_user", flat=True)) == {officer.pk}, model


def test_loading_again_duplicates_nothing_and_adds_no_history(demo):
    before = counts()
    # One history row a target; an outcome with themes has a second, for setting them.
    assert before["plan.HistoricalTarget"] == 11 and before["plan.HistoricalOutcome"] == 9 + 3
    out = load()
    assert "3 priorities, 9 outcomes, 11 targets and timelines, 17 evidence items" in out
    assert "Nothing to change" in out
    # `load_demo` run again (which ends with this loader) adds no plan rows nor history either:
    # tests/demo/test_load_again.py counts the plan's tables with the others.
    assert counts() == before


def test_a_record_changed_since_is_put_back_and_the_rest_left_alone(demo):
    outcome = Outcome.objects.get(code="1.2")
    target = outcome.targets.get(order=1)
    Target.objects.filter(pk=target.pk).update(text="Changed")
    audit = outcome.evidence.get(order=1)
    audit.responsible_bodies.set([Body.objects.get(short_name="BSCB")])
    outcome.themes.clear()
    added = Target.objects.create(outcome=outcome, order=3, text="A milestone the business unit added")
    history = target.history.count()

    out = load()
    assert "1 targets updated" in out and "1 outcomes updated" in out and "1 evidence items updated" in out
    target.refresh_from_db()
    assert target.text.startswith("January 2017: 60 neglect cases") and target.history.count() == history + 1
    assert target.history.first().history_user.email == "bu.officer@bscb.example.org"
    assert {b.short_name for b in audit.responsible_bodies.all()} == {"PMAE"}
    assert [t.name for t in outcome.themes.all()] == ["Neglect"]
    assert Target.objects.filter(pk=added.pk).exists()
    before = counts()
    assert "Nothing to change" in load()
    assert counts() == before


def test_a_closed_plan_is_left_as_it_is(demo):
    plan = Plan.objects.get(title=TITLE)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.CLOSED)
    Target.objects.filter(outcome__code="2.2").update(text="Changed")
    before = counts()
    out = load()
    assert "closed plans left as they are" in out
    assert counts() == before
    assert Target.objects.get(outcome__code="2.2").text == "Changed"
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.CLOSED


def test_a_body_or_theme_the_structure_lacks_stops_the_load_before_any_write(demo, tmp_path):
    data = yaml.safe_load(DATA_FILE.read_text())
    data["priorities"][0]["outcomes"][0]["evidence"][0]["bodies"] = ["NOPE"]
    data["priorities"][1]["themes"] = ["No such theme"]
    data["vision"] = "A new vision that must not be saved."
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data))
    before = counts()
    with pytest.raises(PlanLoadError) as error:
        plan_load(path=path)
    assert "bodies NOPE" in str(error.value) and '"No such theme"' in str(error.value)
    assert LOAD_STRUCTURE_FIRST in str(error.value)
    assert counts() == before
    assert "A new vision" not in Plan.objects.get(title=TITLE).vision


def test_the_command_reads_another_file(demo, tmp_path):
    data = yaml.safe_load(DATA_FILE.read_text())
    data["priorities"][1]["outcomes"][4]["targets"][0]["text"] = "Bi-monthly summaries from the DAG"
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data))
    assert "1 targets updated" in load(file=path)
    assert Target.objects.get(outcome__code="2.5").text == "Bi-monthly summaries from the DAG"
