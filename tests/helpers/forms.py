"""Posting a page's form as a browser does: with what the page put in it (an edit form's version, a form's
one-time token: bscb.forms.RecordForm), not only what a test types."""

from html.parser import HTMLParser

# Inputs a browser does not send as typed values.
NOT_SENT = {"submit", "button", "reset", "file", "image"}
# The hidden fields bscb.forms.RecordForm adds (its VERSION and ONCE; test_form_guards.py checks they are).
GUARDS = ("version", "once")


class _FormParser(HTMLParser):
    """The fields of each <form method="post"> of a page, in order: (name, value) pairs as a browser would send
    them with nothing changed (checked boxes and radios, selected options, textareas' text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # each: {"action": str, "fields": [(name, value)]}
        self._form = None
        self._select = None  # [name, multiple, chosen, first]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = {name: ("" if value is None else value) for name, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self._form = {"action": attrs.get("action", ""), "fields": []}
                self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in NOT_SENT or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self._form["fields"].append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, "multiple" in attrs, [], None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[3] is None:
                self._select[3] = value
            if "selected" in attrs:
                self._select[2].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the one newline that follows <textarea>.
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, chosen, first = self._select
            values = chosen if chosen or multiple else ([first] if first is not None else [])
            self._form["fields"].extend((name, value) for value in values)
            self._select = None


def _own_forms(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if not form["action"]]


def page_form(html: str) -> dict[str, list[str]]:
    """The fields of the page's own form (the POST form without an action of its own: not the header's
    sign-out), as name -> values, as it would be sent with nothing changed."""
    own = _own_forms(html)
    assert own, "the page has no form that posts to itself"
    fields = {}
    for name, value in own[-1]["fields"]:
        fields.setdefault(name, []).append(value)
    return fields


def as_post(fields: dict) -> dict:
    """Form fields (name -> values) as the test client's post data."""
    return {name: values if len(values) != 1 else values[0] for name, values in fields.items()}


def hidden_fields(html: str) -> dict[str, str]:
    """The page form's guards: its versions (one a form, prefixed where a page has several) and one-time token."""
    if not _own_forms(html):
        return {}
    return {name: values[0] for name, values in page_form(html).items() if name.rsplit("-", 1)[-1] in GUARDS}


def opened(client, url: str) -> dict:
    """Open the form page: its form as it would be sent back unchanged."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return as_post(page_form(response.content.decode()))


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """Open the form page, then post `data` with what the page's form carries besides (its hidden fields), as
    a browser sends it. A page that does not open (a 403) is posted `data` alone."""
    response = client.get(url)
    guards = hidden_fields(response.content.decode()) if response.status_code == 200 else {}
    return client.post(url, {**guards, **(data or {})}, **kwargs)


def error_summary(html: str) -> str:
    """The text of the page's error summary ("" if none): for a failing test's message."""
    from tests.forms.html_tree import parse

    summary = parse(html).find(class_="govuk-error-summary")
    return summary.text if summary is not None else ""
