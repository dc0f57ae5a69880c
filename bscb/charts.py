"""Charts drawn by the server as SVG: one helper for every chart of the app (the log's heat map, the dashboards
that follow), the same markup in a page and in a PDF.

Why it is written this way:
- Presentation attributes only (fill, stroke, font-size...): no style attribute, no <style>, no script, so the
  strict CSP holds; no external reference (font, image, href to a stylesheet), so WeasyPrint draws it alone.
- Every text and attribute value is escaped here: a label comes from the admin or a record's title.
- role="img" named by its <title> and described by its <desc>: a screen reader hears one picture with its
  summary, and the page's data table beside it gives the figures (DESIGN.md: every chart has a table).
  Where a cell or a bar links somewhere the chart is a role="group" instead (an image's content is
  presentational, and a link inside one is an interactive control nested where assistive technology cannot
  reach it: axe's nested-interactive); each link is named, and kept out of the tab order (tabindex -1), as the
  table's links are the keyboard's and a keyboard user should not tab through each figure twice.
- Each figure is written in text on its cell or bar, so colour is never the only way to read it; fills keep
  3:1 against the white page and the white gaps between cells (WCAG 1.4.11), and the text on a fill 4.5:1.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
BACKGROUND = "#ffffff"
INK = "#0b0c0c"  # GOV.UK text colour
MUTED = "#505a5f"  # GOV.UK secondary text: 7:1 on white
BAR = "#1d70b8"  # GOV.UK blue: 5.2:1 on white

# A heat map's bands, lowest first: each fill 3:1 or more against white, and white text 4.5:1 on it.
BANDS = {
    "Low": "#00703c",  # GOV.UK green
    "Medium": "#6f5700",  # a dark amber
    "High": "#b03a0b",  # a burnt orange
    "Very high": "#6e1a0e",  # a deep red
}


def luminance(colour: str) -> float:
    """The relative luminance of a #rrggbb colour (WCAG 2.2's definition)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """White or near-black, whichever reads better on `fill`."""
    return BACKGROUND if contrast(BACKGROUND, fill) >= contrast(INK, fill) else INK


def _attrs(attrs: dict) -> str:
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"'
                   for name, value in attrs.items() if value is not None)


def _el(tag: str, children: Sequence[str] | str = (), **attrs) -> str:
    """An element: attribute values and a text child escaped here; element children already built by _el."""
    inner = escape(children, quote=False) if isinstance(children, str) else "".join(children)
    return f"<{tag}{_attrs(attrs)}>{inner}</{tag}>" if inner else f"<{tag}{_attrs(attrs)}/>"


def _text(value, x, y, *, size=14, anchor="middle", fill=INK, weight=None, **attrs) -> str:
    return _el("text", str(value), x=x, y=y, font_family=FONT, font_size=size, text_anchor=anchor, fill=fill,
               font_weight=weight, **attrs)


def _svg(chart_id: str, title: str, description: str, width: int, height: int, body: Sequence[str],
         linked: bool = False) -> SafeString:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = _el("svg", [_el("title", title, id=title_id), _el("desc", description, id=desc_id), *body],
              xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {width} {height}", width=width, height=height,
              role="group" if linked else "img", aria_labelledby=title_id, aria_describedby=desc_id, id=chart_id,
              class_="app-chart", focusable="false")
    return mark_safe(svg)  # noqa: S308 - every value above went through escape()


def _linked(shape: list[str], href: str | None, label: str) -> list[str]:
    if not href:
        return shape
    return [_el("a", [_el("title", label), *shape], href=href, tabindex="-1", aria_label=label)]


@dataclass(frozen=True)
class Cell:
    count: int
    band: str = ""  # a key of BANDS: the cell's fill
    href: str | None = None
    label: str = ""  # what the cell holds, in words (its link's name)


def heat_grid(*, chart_id: str, title: str, description: str, rows: Sequence[str], columns: Sequence[str],
              cell: Callable[[int, int], Cell], row_title: str, column_title: str, size: int = 52) -> SafeString:
    """A grid of counts: `rows` labelled top to bottom, `columns` left to right, `cell(row, column)` (indexes
    into them) giving each cell's count, band and link. The row labels sit to the left, the column labels below
    (slanted, so that a long label from the admin still fits)."""
    left, top, gap = 150, 8, 3
    bottom = 120
    width, height = left + len(columns) * size + 8, top + len(rows) * size + bottom
    body = [_el("rect", x=0, y=0, width=width, height=height, fill=BACKGROUND)]
    linked = False
    for r, row in enumerate(rows):
        y = top + r * size
        body.append(_text(row, left - 8, y + size / 2 + 5, size=13, anchor="end"))
        for c in range(len(columns)):
            x = left + c * size
            found = cell(r, c)
            linked = linked or bool(found.href)
            fill = BANDS.get(found.band, MUTED)
            shape = [_el("rect", x=x + gap / 2, y=y + gap / 2, width=size - gap, height=size - gap, fill=fill,
                         stroke=BACKGROUND, stroke_width=gap),
                     _text(found.count, x + size / 2, y + size / 2 + 7, size=20, fill=text_on(fill), weight="bold")]
            body += _linked(shape, found.href, found.label or f"{row}, {columns[c]}: {found.count}")
    base = top + len(rows) * size
    for c, column in enumerate(columns):
        x = left + c * size + size / 2
        body.append(_text(column, x, base + 14, size=13, anchor="end", transform=f"rotate(-40 {x} {base + 14})"))
    body.append(_text(column_title, left + len(columns) * size / 2, height - 8, size=14, weight="bold"))
    body.append(_text(row_title, 8, top + 14, size=14, anchor="start", weight="bold"))
    return _svg(chart_id, title, description, width, height, body, linked)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar], width: int = 560,
              label_width: int = 200, bar_height: int = 28) -> SafeString:
    """Horizontal bars, one a row, each labelled at its left and its value written at its end."""
    gap, top = 10, 8
    largest = max((bar.value for bar in bars), default=0) or 1
    room = width - label_width - 60
    height = top * 2 + len(bars) * (bar_height + gap)
    body = [_el("rect", x=0, y=0, width=width, height=height, fill=BACKGROUND)]
    for i, bar in enumerate(bars):
        y = top + i * (bar_height + gap)
        length = round(room * bar.value / largest)
        body.append(_text(bar.label, label_width - 8, y + bar_height / 2 + 5, size=13, anchor="end"))
        shape = [_el("rect", x=label_width, y=y, width=max(length, 1), height=bar_height, fill=BAR)]
        body += _linked(shape, bar.href, f"{bar.label}: {bar.value}")
        body.append(_text(bar.value, label_width + length + 6, y + bar_height / 2 + 5, size=14, anchor="start",
                          weight="bold"))
    body.append(_el("line", x1=label_width, y1=top - 2, x2=label_width, y2=height - top + 2, stroke=MUTED,
                    stroke_width=1))
    return _svg(chart_id, title, description, width, height, body, any(bar.href for bar in bars))
