"""Following a page's links as its reader: every internal link a page shows must open for the person it
shows it to (issue 13 §2: a link to a record the reader is then refused is a page that lies). A page
draws each link from the rule its target is opened by; these helpers check that it did."""

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Not pages of the app's own (the admin guards itself and is swept apart), or not pages at all.
NOT_FOLLOWED = ("/static/", "/media/", "/admin/")


class _Anchors(HTMLParser):
    """The page's links, and the addresses its pickers go to: a GET form whose one control is a select
    (the quarter or year an overview shows) goes to one address an option."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []
        self._form = None  # [action, [select names], [options of the first select], other controls]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form":
            get = (attrs.get("method") or "get").lower() == "get"
            self._form = [attrs.get("action") or "", [], [], 0] if get else None
        elif self._form is not None and tag == "select":
            self._form[1].append(attrs.get("name"))
        elif self._form is not None and tag == "option" and len(self._form[1]) == 1:
            self._form[2].append(attrs.get("value") or "")
        elif self._form is not None and tag in ("input", "textarea") and attrs.get("name"):
            self._form[3] += 1

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            action, selects, options, others = self._form
            if len(selects) == 1 and selects[0] and not others:
                self.hrefs.extend(f"{action}?{urlencode({selects[0]: value})}" for value in options)
            self._form = None


def internal_links(html: str, page_url: str = "/") -> list[str]:
    """The addresses of the app's own pages that `html`'s links (and pickers) go to, path and query, in
    page order: not fragments of the page itself, other sites, mail addresses, static files or the admin."""
    parser = _Anchors()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin("http://testserver" + page_url, href))
        if parts.scheme != "http" or parts.netloc != "testserver" or parts.path.startswith(NOT_FOLLOWED):
            continue
        if href.startswith("#"):
            continue
        link = parts.path + (f"?{parts.query}" if parts.query else "")
        if link not in links:
            links.append(link)
    return links


def _is_html(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def links_refused(client, html: str, page_url: str, checked: dict | None = None, worth=None) -> dict[str, int]:
    """The links of a page (`html`, at `page_url`) that do not open for `client`'s reader: address and
    status (403, 404, or any error). `checked` (address: status) saves opening an address twice; `worth`
    (address: bool), where given, says which links to open."""
    checked = {} if checked is None else checked
    refused = {}
    for link in internal_links(html, page_url):
        if worth is not None and not worth(link):
            continue
        if link not in checked:
            checked[link] = client.get(link).status_code
        if checked[link] >= 400:
            refused[link] = checked[link]
    return refused


def url_name(address: str) -> str | None:
    try:
        return resolve(urlsplit(address).path).url_name
    except Resolver404:
        return None


@dataclass
class Crawl:
    """What a reader met, following links from the home page: each address opened and its status, the
    links that did not open and the pages that showed them."""

    opened: dict[str, int] = field(default_factory=dict)
    refused: dict[str, set[str]] = field(default_factory=dict)  # address: the pages that linked it
    expanded: Counter = field(default_factory=Counter)  # pages whose links were followed, by URL name

    def report(self) -> str:
        return "\n".join(f"{address} ({self.opened[address]}) linked from {', '.join(sorted(pages))}"
                         for address, pages in sorted(self.refused.items()))


def crawl(client, start: str = "/", *, per_record_page: int = 4) -> Crawl:
    """Open `start` as `client`'s reader and follow every internal link breadth first. Every link on a
    page followed is opened; a page's own links are followed for every page without a record in its
    address (lists, overviews, their filters, periods and pages) and for the first `per_record_page`
    pages of each kind of record page (a meeting's, a summary's...), which show the same links for
    records alike: the business unit opens some two thousand addresses otherwise."""
    found = Crawl()
    queue = deque([(start, None)])
    while queue:
        address, linked_from = queue.popleft()
        if address not in found.opened:
            response = client.get(address)
            found.opened[address] = response.status_code
            name = url_name(address)
            record_page = bool(resolve(urlsplit(address).path).kwargs) if name else False
            follow = _is_html(response) and (not record_page or found.expanded[name] < per_record_page)
            if follow:
                found.expanded[name] += 1
                queue.extend((link, address) for link in internal_links(response.content.decode(), address))
        if found.opened[address] >= 400 and linked_from is not None:
            found.refused.setdefault(address, set()).add(linked_from)
    return found
