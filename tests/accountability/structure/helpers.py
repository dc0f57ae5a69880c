"""Reading the structure pages' forms back: the message beside a field and what it still holds."""

import datetime

from tests.forms.html_tree import parse


def date_data(prefix: str, day: datetime.date | None) -> dict:
    """A GOV.UK date input's three parts as a form posts them."""
    if day is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


class Page:
    def __init__(self, response):
        self.response = response
        self.html = response.content.decode()
        self.doc = parse(self.html)

    def error(self, field: str) -> str | None:
        """The message beside a field (GOV.UK: <p id="id_<field>-error">), without its hidden prefix."""
        element = self.doc.find("p", id=f"id_{field}-error")
        return element.text.removeprefix("Error:").strip() if element else None

    def summary(self) -> list[str]:
        box = self.doc.find("div", class_="govuk-error-summary")
        return [a.text for a in box.find_all("a")] if box else []

    def value(self, name: str) -> str | None:
        element = self.doc.find("input", name=name) or self.doc.find("textarea", name=name)
        if element is None:
            return None
        return element.raw_text if element.tag == "textarea" else element.attrs.get("value", "")

    def selected(self, name: str) -> str | None:
        select = self.doc.find("select", name=name)
        option = select.find("option", selected="") if select else None
        return option.attrs.get("value") if option else None

    def checked(self, name: str) -> list[str]:
        return [i.attrs["value"] for i in self.doc.find_all("input", name=name) if "checked" in i.attrs]

    def title(self) -> str:
        return self.doc.find("title").text

    def links(self) -> list[str]:
        return [a.attrs.get("href") for a in self.doc.find_all("a")]
