"""A form nobody listed fails here: the fuzz (test_forms.py) posts to the registry's forms (tests/fuzz/registry.py),
so every URL must be in the registry, and every form a page shows must post to a URL whose Case says it takes a
POST. Apart from test_forms.py so that a parallel run opens these pages beside the fuzz, not after it."""

from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.access.registry import CASES
from tests.access.urls import classification_problems
from tests.fuzz.fields import Field, own_fields, post_forms
from tests.fuzz.registry import FORMS

pytestmark = pytest.mark.django_db


def test_every_url_is_in_the_registry():
    """A URL nobody classified may take a POST nobody fuzzes."""
    assert classification_problems(CASES) == []


def _unlisted(name, forms) -> list[str]:
    """The forms the page shows (opened by the case's user with the right) that post to a URL not among `forms`."""
    scenario = CASES[name].setup()
    client = Client()
    if scenario.allowed is not None:
        client.force_login(scenario.allowed)
    response = client.get(reverse(name, kwargs=scenario.kwargs), follow=True)  # (a reset link leads to its form)
    if response.status_code != 200:
        return []
    url = response.request["PATH_INFO"]
    found = []
    for form in post_forms(response.content.decode()):
        path = urlsplit(form["action"]).path or url
        try:
            target = resolve(path).view_name
        except Resolver404:
            target = path
        if target not in forms:
            found.append(f"{name} shows a form posting to {target}, whose Case does not take a POST")
    return found


def test_every_form_a_page_shows_is_fuzzed():
    """Every page of the registry: each form on it posts to a URL whose Case takes a POST (one of FORMS)."""
    unlisted = []
    for name, case in sorted(CASES.items()):
        if not case.html:
            continue
        saved = transaction.savepoint()
        unlisted += _unlisted(name, set(FORMS))
        transaction.savepoint_rollback(saved)
    assert unlisted == []


def test_a_form_nobody_listed_fails():
    """The check is not vacuous: a page whose form posts to a URL not listed as taking a POST is reported."""
    assert _unlisted("meeting-held", set(FORMS) - {"meeting-held"}) == [
        "meeting-held shows a form posting to meeting-held, whose Case does not take a POST"]


def test_the_fuzz_reads_every_kind_of_field():
    """The fields a form offers, read from its HTML: the kinds the strategies tell apart."""
    html = """<form method="post" action="/sign-out/"><input name="csrfmiddlewaretoken"></form>
    <form method="post"><input type="hidden" name="version" value="3"><input name="title">
    <input name="when_0" inputmode="numeric"><textarea name="notes"></textarea>
    <select name="kind"><option value="">Choose</option><option value="a">A</option></select>
    <input type="radio" name="voice" value="x"><input type="radio" name="voice" value="y">
    <input type="checkbox" name="owes" value="p"><input type="checkbox" name="owes" value="q">
    <input type="file" name="document"><button name="save" value="">Save</button></form>"""
    assert own_fields(html) == {
        "version": Field("version", "hidden"), "title": Field("title", "text"),
        "when_0": Field("when_0", "text", numeric=True), "notes": Field("notes", "textarea"),
        "kind": Field("kind", "select", ["", "a"]), "voice": Field("voice", "choice", ["x", "y"]),
        "owes": Field("owes", "choice", ["p", "q"], multiple=True), "document": Field("document", "file"),
        "save": Field("save", "button", [""]),
    }
