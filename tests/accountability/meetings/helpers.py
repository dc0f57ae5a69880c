"""Reading the meetings pages back: the message beside a field, the error summary, what a field holds."""

import datetime
import io
import zipfile

from tests.forms.html_tree import ids, parse

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{WORD_NS}"/>')
    return buffer.getvalue()


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
        return [li.text for li in box.find_all("li")] if box else []

    def summary_links(self) -> dict[str, str]:
        """Each error summary entry's text and where it links; every link must go to an element that exists."""
        box = self.doc.find("div", class_="govuk-error-summary")
        present = ids(self.doc)
        links = {}
        for a in box.find_all("a") if box else []:
            href = a.attrs["href"]
            assert href.startswith("#") and href[1:] in present, f"{a.text!r} links to missing {href}"
            links[a.text] = href
        return links

    def value(self, name: str) -> str | None:
        element = self.doc.find("input", name=name) or self.doc.find("textarea", name=name)
        if element is None:
            return None
        return element.raw_text.lstrip("\n") if element.tag == "textarea" else element.attrs.get("value", "")

    def selected(self, name: str) -> str | None:
        select = self.doc.find("select", name=name)
        option = select.find("option", selected="") if select else None
        return option.attrs.get("value") if option else None

    def checked(self, name: str) -> list[str]:
        return [i.attrs["value"] for i in self.doc.find_all("input", name=name) if "checked" in i.attrs]

    def title(self) -> str:
        return self.doc.find("title").text

    def banner(self) -> str:
        box = self.doc.find("div", class_="govuk-notification-banner")
        return box.text if box else ""

    def text(self) -> str:
        return self.doc.find("main").text
