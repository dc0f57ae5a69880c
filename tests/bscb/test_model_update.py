"""bscb.services.model_update, the one way services change a saved record: only the fields whose value
changed, full_clean first, only those fields saved (with who and when), history kept, and whether anything
changed returned."""

import pytest
from django.core.exceptions import ValidationError

from accountability.models import Membership
from bscb.models import Theme
from bscb.services import model_update
from tests.factories import BodyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(db):
    creator = UserFactory()
    theme = Theme.objects.create(name="Neglect", description="The plan's first theme.", created_by=creator,
                                 modified_by=creator)
    return Theme.objects.get(pk=theme.pk)


def test_nothing_changed_writes_nothing(theme, django_assert_num_queries):
    versions = theme.history.count()
    with django_assert_num_queries(0):
        assert model_update(theme, {"name": "Neglect", "description": "The plan's first theme."},
                            by=UserFactory.build()) is False
    assert theme.history.count() == versions


def test_a_change_is_stamped_saved_and_kept_in_history(theme):
    editor = UserFactory()
    assert model_update(theme, {"name": "Neglect", "description": "Changed."}, by=editor) is True
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.description, stored.modified_by, stored.created_by) == ("Changed.", editor, theme.created_by)
    assert stored.modified_on > stored.created_on
    latest = stored.history.latest()
    assert (latest.description, latest.history_user, latest.history_type) == ("Changed.", editor, "~")


def test_only_the_changed_fields_are_saved(theme):
    """Two edits of different fields from copies read at the same time both stand."""
    other = Theme.objects.get(pk=theme.pk)
    model_update(theme, {"description": "Changed."}, by=UserFactory())
    model_update(other, {"name": "Neglect of children"}, by=UserFactory())
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.description) == ("Neglect of children", "Changed.")


def test_a_value_the_model_refuses_is_not_saved(theme):
    with pytest.raises(ValidationError) as refused:
        model_update(theme, {"name": ""}, by=UserFactory())
    assert "name" in refused.value.message_dict
    assert Theme.objects.get(pk=theme.pk).name == "Neglect"


def test_a_related_record_is_compared_by_its_key_without_a_query(django_assert_num_queries):
    membership = Membership.objects.get(pk=MembershipFactory().pk)  # nothing related loaded
    body = membership.body.__class__.objects.get(pk=membership.body_id)
    with django_assert_num_queries(0):
        assert model_update(membership, {"body": body}, by=UserFactory.build()) is False
    assert model_update(membership, {"body": BodyFactory()}, by=UserFactory()) is True


def test_many_to_many_fields_are_set_after_the_record_and_kept_in_history():
    """Set with the rest (and checked against an edit form's version with them: test_versions.py); a reverse
    relation is still the services' own."""
    from plan.models import Plan, Priority
    from tests.factories import ThemeFactory

    priority = Priority.objects.create(plan=Plan.objects.create(title="P", first_year=2016, last_year=2018),
                                       number=1, statement="S")
    neglect, editor = ThemeFactory(name="Neglect"), UserFactory()
    assert model_update(priority, {"themes": [neglect]}, by=editor) is True
    assert list(priority.themes.all()) == [neglect]
    latest = priority.history.latest()
    assert (latest.history_user, list(latest.themes.values_list("theme", flat=True))) == (editor, [neglect.pk])
    assert model_update(priority, {"themes": [neglect]}, by=editor) is False
    with pytest.raises(ValueError, match="functions"):
        model_update(BodyFactory(), {"functions": []}, by=editor)
