"""Issue 15 §1: a person names the list's current filters and sort, returns to them from the list, renames or
deletes them (with confirmation); nobody else sees or touches them."""

import pytest
from django.urls import reverse

from bscb.services import NotAllowed
from challenge_log import services
from challenge_log.models import SavedView
from tests.helpers.forms import error_summary, opened, post_form

pytestmark = pytest.mark.django_db


def _send(client, url, name):
    """The form as a browser sends it: with the query it carries hidden, and the name typed."""
    return client.post(url, {**opened(client, url), "name": name})


def _saved(log, name="Open challenges to agencies", query="open=1&kind=challenge"):
    return services.saved_view_create(name=name, query=query, by=log["chair"])


def test_a_view_is_named_from_the_list_and_opens_the_list_as_it_was(client_for, log):
    chair = client_for(log["chair"])
    listed = chair.get(f"{reverse('entry-list')}?open=1&kind=challenge&sort=-score&page=2").content.decode()
    link = f"{reverse('saved-view-create')}?open=1&amp;kind=challenge&amp;sort=-score"
    assert f'href="{link}"' in listed  # no page number: a view is of the list, not of its page
    response = _send(chair, link.replace("&amp;", "&"), "Open challenges to agencies")
    assert response.status_code == 302, error_summary(response.content.decode())
    assert response["Location"] == f"{reverse('entry-list')}?open=1&kind=challenge&sort=-score"
    page = chair.get(response["Location"]).content.decode()
    assert "The view \u201cOpen challenges to agencies\u201d was saved" in page
    assert f'href="{reverse("entry-list")}?open=1&amp;kind=challenge&amp;sort=-score">Open challenges to ' \
           f'agencies</a>' in page


def test_the_list_offers_no_saving_of_the_unfiltered_log(client_for, log):
    assert reverse("saved-view-create") not in client_for(log["chair"]).get(reverse("entry-list")).content.decode()


def test_a_view_keeps_only_what_the_list_reads(log):
    view = _saved(log, query="status=open&status=requested&evil=1&page=3&raised_from_0=1&raised_from_1=4"
                             "&raised_from_2=2026")
    assert view.query == "status=open&status=requested&raised_from_0=1&raised_from_1=4&raised_from_2=2026"


def test_a_name_is_needed_and_one_a_person(client_for, log):
    _saved(log)
    chair = client_for(log["chair"])
    url = f"{reverse('saved-view-create')}?kind=risk"
    response = _send(chair, url, "  ")
    html = response.content.decode()
    assert response.status_code == 200 and "Enter a name for the view" in html
    response = _send(chair, url, "open challenges to AGENCIES")
    html = response.content.decode()
    assert "You already have a view named \u201copen challenges to AGENCIES\u201d" in html
    assert 'value="open challenges to AGENCIES"' in html and 'value="kind=risk"' in html  # all kept
    # Another person may use the same name for her own.
    response = _send(client_for(log["member"]), url, "Open challenges to agencies")
    assert response.status_code == 302
    assert SavedView.objects.filter(name="Open challenges to agencies").count() == 2


def test_a_view_is_its_persons_own(client_for, log):
    view = _saved(log)
    other = client_for(log["bpg_chair"])
    assert view.name not in other.get(reverse("entry-list")).content.decode()
    for name in ("saved-view-rename", "saved-view-delete"):
        url = reverse(name, args=[view.pk])
        assert other.get(url).status_code == 403
        assert other.post(url, {"name": "Mine now"}).status_code == 403
    view.refresh_from_db()
    assert view.name == "Open challenges to agencies"
    with pytest.raises(NotAllowed):
        services.saved_view_rename(view=view, name="Mine now", by=log["bpg_chair"])


def test_a_view_is_renamed(client_for, log):
    view = _saved(log)
    chair = client_for(log["chair"])
    response = post_form(chair, reverse("saved-view-rename", args=[view.pk]), {"name": "Challenges, open"})
    assert response.status_code == 302, error_summary(response.content.decode())
    view.refresh_from_db()
    assert (view.name, view.query) == ("Challenges, open", "open=1&kind=challenge")
    assert "The view was renamed." in chair.get(response["Location"]).content.decode()


def test_a_view_is_deleted_after_a_confirmation(client_for, log):
    view = _saved(log)
    chair = client_for(log["chair"])
    url = reverse("saved-view-delete", args=[view.pk])
    page = chair.get(url).content.decode()
    assert "Delete the view \u201cOpen challenges to agencies\u201d?" in page and SavedView.objects.exists()
    response = chair.post(url)
    assert response.status_code == 302 and not SavedView.objects.exists()
    assert "The view \u201cOpen challenges to agencies\u201d was deleted." in chair.get(
        response["Location"]).content.decode()
    assert chair.post(url).status_code == 404  # sent again: nothing left to delete


def test_the_list_with_saved_views_keeps_its_queries(client_for, log):
    from tests.challenge_log.bulk import add_entries
    from tests.helpers.queries import assert_queries_do_not_grow

    for number in range(3):
        _saved(log, name=f"View {number}")
    assert_queries_do_not_grow(client_for(log["chair"]), reverse("entry-list"), add_entries(log), n=10)
