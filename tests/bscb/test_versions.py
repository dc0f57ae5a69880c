"""bscb.versions through bscb.services.model_update: a change saved from a form opened before someone else's
is refused in the fields that person changed (issue 12 §2), with their current values and who changed them;
nothing is refused that loses nothing."""

import pytest

from bscb.models import Theme
from bscb.services import model_update
from bscb.versions import UNKNOWN, Conflict, version_of
from tests.factories import ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return ThemeFactory(name="Neglect", description="The plan's first theme.")


def _fresh(theme):
    return Theme.objects.get(pk=theme.pk)


def test_a_version_is_the_latest_history_row_and_moves_on_with_each_change(theme):
    opened = version_of(theme)
    assert opened == theme.history.latest().history_id
    model_update(_fresh(theme), {"description": "Changed."}, by=UserFactory())
    assert version_of(theme) > opened
    assert version_of(Theme()) == 0


def test_a_change_from_a_stale_form_is_refused_with_what_changed_and_who_changed_it(theme):
    first, second = UserFactory(full_name="Ann First"), UserFactory(full_name="Bea Second")
    opened = version_of(theme)
    model_update(_fresh(theme), {"description": "Ann's words."}, by=first, version=opened)
    # Bea changes the name, from a form still showing the old description.
    with pytest.raises(Conflict) as refused:
        model_update(_fresh(theme), {"name": "Neglect of children", "description": "The plan's first theme."},
                     by=second, version=opened)
    conflict = refused.value
    [change] = conflict.changes
    # Bea did not change the description: the form is to show Ann's, so that saving again keeps it.
    assert (change.name, change.value, change.by, change.untouched) == ("description", "Ann's words.", first, True)
    assert "Ann First" in change.message() and "“Ann's words.”" in change.message()
    assert conflict.version == version_of(theme)
    assert conflict.message_dict == {"description": [change.message()]}
    assert (_fresh(theme).name, _fresh(theme).description) == ("Neglect", "Ann's words.")
    # Checked against the version the conflict gave, the same change is saved.
    assert model_update(_fresh(theme), {"name": "Neglect of children", "description": "The plan's first theme."},
                        by=second, version=conflict.version) is True
    assert _fresh(theme).name == "Neglect of children"


def test_nothing_is_refused_that_loses_nothing(theme):
    opened = version_of(theme)
    model_update(_fresh(theme), {"description": "Ann's words."}, by=UserFactory(), version=opened)
    # A field the stale form does not send; and the same change sent twice (the double click).
    assert model_update(_fresh(theme), {"name": "Neglect of children"}, by=UserFactory(), version=opened) is True
    assert model_update(_fresh(theme), {"description": "Ann's words."}, by=UserFactory(), version=opened) is False
    assert (_fresh(theme).name, _fresh(theme).description) == ("Neglect of children", "Ann's words.")


def test_a_field_both_changed_keeps_the_senders_answer_for_her_to_choose(theme):
    opened = version_of(theme)
    model_update(_fresh(theme), {"description": "Ann's words."}, by=UserFactory(), version=opened)
    with pytest.raises(Conflict) as refused:
        model_update(_fresh(theme), {"description": "Bea's words."}, by=UserFactory(), version=opened)
    [change] = refused.value.changes
    assert (change.value, change.untouched) == ("Ann's words.", False)
    assert "Your answer is kept" in change.message()


def test_a_form_opened_before_the_record_was_made_compares_with_what_was_made():
    """A summary's first draft: a form opened when there was none (version 0)."""
    from reporting.models import SummaryVersion
    from tests.reporting.helpers import expected_summary

    summary, chair, _ = expected_summary()
    draft = SummaryVersion.objects.create(summary=summary, number=1, progress="Ann's progress.")
    with pytest.raises(Conflict) as refused:
        model_update(draft, {"progress": "", "risks": "Bea's risks."}, by=chair, version=0)
    [change] = refused.value.changes
    assert (change.name, change.untouched) == ("progress", True)


def test_a_form_without_its_version_is_refused_wherever_it_differs(theme):
    with pytest.raises(Conflict) as refused:
        model_update(_fresh(theme), {"name": "Neglect", "description": "Other words."}, by=UserFactory(),
                     version=UNKNOWN)
    assert [change.name for change in refused.value.changes] == ["description"]
    assert model_update(_fresh(theme), {"name": "Neglect", "description": "The plan's first theme."},
                        by=UserFactory(), version=UNKNOWN) is False


def test_a_many_to_many_change_is_a_change_of_the_record():
    from plan.models import Plan, Priority

    priority = Priority.objects.create(plan=Plan.objects.create(title="P", first_year=2016, last_year=2018),
                                       number=1, statement="S")
    neglect, online = ThemeFactory(name="Neglect"), ThemeFactory(name="Online safety")
    opened, first = version_of(priority), UserFactory(full_name="Ann First")
    assert model_update(Priority.objects.get(pk=priority.pk), {"themes": [neglect]}, by=first, version=opened)
    assert version_of(priority) > opened
    with pytest.raises(Conflict) as refused:
        model_update(Priority.objects.get(pk=priority.pk), {"statement": "New", "themes": [online]},
                     by=UserFactory(), version=opened)
    [change] = refused.value.changes
    assert (change.name, change.display, change.by) == ("themes", "Neglect", first)
    assert list(priority.themes.all()) == [neglect]
