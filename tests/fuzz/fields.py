"""The fields a page's own form offers, as the fuzz needs them: every input, not only those a browser would send
unchanged (tests/helpers/forms.py's page_form), with the options a select, a radio group or a group of check boxes
offers and whether a text input takes a number."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Inputs that are buttons: sent only when clicked, and only where they have a name.
BUTTONS = {"submit", "button", "reset", "image"}
# A GOV.UK date input: three inputs, day, month and year, named <name>_0, _1 and _2.
DATE_PART = re.compile(r"^(?P<name>.+)_(?P<part>[012])$")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, select, choice (radios, check boxes), file, button
    options: list[str] = field(default_factory=list)
    multiple: bool = False  # a select multiple or a group of check boxes
    numeric: bool = False  # type=number or inputmode=numeric


class _FieldParser(HTMLParser):
    """The fields of each <form method="post"> of a page: {"action": str, "fields": {name: Field}}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None

    def _field(self, name, kind, **kwargs) -> Field:
        fields = self._form["fields"]
        if name not in fields:
            fields[name] = Field(name, kind, **kwargs)
        return fields[name]

    def handle_starttag(self, tag, attrs):
        attrs = {name: ("" if value is None else value) for name, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self._form = {"action": attrs.get("action", ""), "fields": {}}
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                found = self._field(name, "choice")
                found.options.append(attrs.get("value", "on"))
                found.multiple = found.multiple or kind == "checkbox"
            elif kind in BUTTONS:
                self._field(name, "button").options.append(attrs.get("value", ""))
            elif kind in ("file", "hidden"):
                self._field(name, kind)
            else:
                self._field(name, "text", numeric=kind == "number" or attrs.get("inputmode") == "numeric")
        elif tag == "button" and name:
            self._field(name, "button").options.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._field(name, "textarea")
        elif tag == "select" and name:
            self._select = self._field(name, "select", multiple="multiple" in attrs)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str) -> list[dict]:
    """Every form of the page that posts: its action ("" for the page itself) and its fields."""
    parser = _FieldParser()
    parser.feed(html)
    return parser.forms


def own_fields(html: str) -> dict[str, Field]:
    """The fields of the page's own form (as page_form: the last POST form without an action), or none."""
    own = [form for form in post_forms(html) if not form["action"]]
    return own[-1]["fields"] if own else {}


def date_groups(names) -> dict[str, list[str]]:
    """The GOV.UK date inputs among the names: the date's name -> its day, month and year inputs' names."""
    parts = {}
    for name in names:
        match = DATE_PART.match(name)
        if match:
            parts.setdefault(match["name"], set()).add(name)
    return {date: [f"{date}_{n}" for n in range(3)] for date, found in parts.items() if len(found) == 3}
