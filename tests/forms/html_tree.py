"""A very small HTML tree for tests, on Python's html.parser (lxml and bs4 are not installed)."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: ("" if value is None else value) for name, value in attrs}
        self.parent = parent
        self.children = []  # Elements and strings

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self):
        return self.attrs.get("class", "").split()

    @property
    def described_by(self):
        return self.attrs.get("aria-describedby", "").split()

    def elements(self):
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def find_all(self, tag=None, class_=None, **attrs):
        found = []
        for element in self.elements():
            if tag and element.tag != tag:
                continue
            if class_ and class_ not in element.classes:
                continue
            if any(element.attrs.get(name.replace("_", "-")) != value for name, value in attrs.items()):
                continue
            found.append(element)
        return found

    def find(self, tag=None, class_=None, **attrs):
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None

    def child_elements(self):
        return [child for child in self.children if isinstance(child, Element)]

    @property
    def raw_text(self):
        return "".join(child if isinstance(child, str) else child.raw_text for child in self.children)

    @property
    def text(self):
        return " ".join(self.raw_text.split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        assert node is not self.root, f"</{tag}> closes nothing"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


def ids(document):
    """Every id in the document; fails on a duplicate."""
    seen = []
    for element in document.elements():
        if "id" in element.attrs:
            assert element.attrs["id"] not in seen, f"duplicate id {element.attrs['id']}"
            seen.append(element.attrs["id"])
    return set(seen)
