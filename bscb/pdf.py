"""HTML to PDF, the one way every app prints (a Board pack, the quarterly outcome report).

- WeasyPrint is imported when a PDF is drawn, not when Django starts: it loads Pango, which a web process
  that never prints need not pay for.
- Nothing is fetched over the network. The document is given an address of its own that resolves nowhere
  (BASE_URL); its stylesheet and images under STATIC_URL are read from disk (the staticfiles finders, then
  STATIC_ROOT), files under MEDIA_URL from the default storage's folder, `data:` addresses as they are;
  everything else is refused. Fetching from our own server could deadlock two sync workers, and would let
  a document reach other addresses.
- Tagged for accessibility (PDF/UA-1, with the document's language and title): public-sector bodies are
  bound by WCAG, and their Board papers are published.
- PRINT_CSS: cover, page numbers and a running header for every document, and tables whose rows do not
  split across a page and whose header repeats. A document's own stylesheet comes after it.
"""

import logging
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

# An address that resolves nowhere: relative links in the HTML become addresses under it, which the fetcher
# answers from disk or refuses.
BASE_URL = "https://document.invalid/"
FONT = 'system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif'
REFUSED = "Refused: a document reads only the service's own static and stored files, never the network."

# The font is set inside @page too: page-margin text (the running header, the page number) otherwise
# falls back to a serif font (STACK.md).
PRINT_CSS = f"""
@page {{
  size: A4; margin: 22mm 18mm 20mm 18mm; font-family: {FONT}; font-size: 9pt; color: #505a5f;
  @top-left {{ content: string(running-title); font-family: {FONT}; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-family: {FONT}; }}
}}
@page :first {{ @top-left {{ content: none; }} @bottom-right {{ content: none; }} }}
html {{ font-family: {FONT}; font-size: 11pt; line-height: 1.4; color: #0b0c0c; }}
.running-title {{ string-set: running-title content(); }}
[data-running-title] {{ string-set: running-title attr(data-running-title); }}
h1, h2, h3 {{ break-after: avoid; line-height: 1.2; }}
h1 {{ font-size: 22pt; }} h2 {{ font-size: 16pt; }} h3 {{ font-size: 13pt; }}
a {{ color: #1d70b8; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 12pt; }}
thead {{ display: table-header-group; }}
tr, img, svg {{ break-inside: avoid; }}
th, td {{ border-bottom: 1px solid #b1b4b6; padding: 4pt 6pt 4pt 0; text-align: left; vertical-align: top; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: 4pt; }}
.cover {{ page: cover; break-after: page; padding-top: 60mm; }}
.cover .partnership {{ font-size: 14pt; color: #505a5f; }}
.page-break {{ break-before: page; }}
.restricted {{ font-weight: bold; color: #d4351c; }}
"""


def _static_path(path: str) -> str | None:
    """A file under STATIC_URL, from the finders (development) or STATIC_ROOT (collected)."""
    relative = path[len(settings.STATIC_URL):]
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if found:
        return found if isinstance(found, str) else found[0]
    if settings.STATIC_ROOT:
        return _inside(Path(settings.STATIC_ROOT), relative)
    return None


def _media_path(path: str) -> str | None:
    from django.core.files.storage import default_storage

    location = getattr(default_storage, "location", None)
    return _inside(Path(location), path[len(settings.MEDIA_URL):]) if location else None


def _inside(root: Path, relative: str) -> str | None:
    """The file `relative` names under `root`, or None if it is missing or climbs out of it."""
    candidate = (root / relative).resolve()
    root = root.resolve()
    if root != candidate and root not in candidate.parents:
        return None
    return str(candidate) if candidate.is_file() else None


def local_file(url: str) -> str | None:
    """The file on disk that a document's address stands for (None: refused)."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        return None
    path = unquote(parts.path)
    if ".." in path.split("/") or "\\" in path:
        return None
    if path.startswith(settings.STATIC_URL):
        return _static_path(path)
    if settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
        return _media_path(path)
    return None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DiskOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = local_file(url)
            if found is None:
                raise ValueError(f"{REFUSED} ({url})")
            with open(found, "rb") as handle:
                body = handle.read()
            return URLFetcherResponse(url, body, headers={"Content-Type": _content_type(found)})

    return DiskOnly(allowed_protocols={"https", "data"})


def _content_type(path: str) -> str:
    import mimetypes

    return mimetypes.guess_type(os.path.basename(path))[0] or "application/octet-stream"


def render_pdf(html: str, *, title: str, lang: str = "en-GB", stylesheets: tuple[str, ...] = ()) -> bytes:
    """A PDF/UA-1 document of `html` (a whole page: its <html lang> and <title> are set from `lang` and
    `title` when missing), styled by PRINT_CSS and then `stylesheets` (CSS text)."""
    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line a page otherwise
    fetcher = _fetcher()
    if "<html" not in html[:500].lower():
        html = f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title></title></head>' \
               f"<body>{html}</body></html>"
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    sheets = [CSS(string=PRINT_CSS, url_fetcher=fetcher), *(CSS(string=s, url_fetcher=fetcher) for s in stylesheets)]
    rendered = document.render(stylesheets=sheets, pdf_variant="pdf/ua-1")
    rendered.metadata.title = title
    rendered.metadata.lang = lang
    return rendered.write_pdf(pdf_variant="pdf/ua-1")
