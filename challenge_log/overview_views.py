"""The log at a glance: the heat map of open entries and the quarter's outcomes (issue 15 §2, §3). Every signed-in
member reads the log (challenge_log.view_log); what each counts is what the reader may see (overview.py)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from bscb import access, charts
from bscb.periods import Period, quarter_label

from . import overview, selectors

LIKELIHOOD, IMPACT = "likelihood", "impact"


def _crumbs():
    return [("Challenge and risk log", reverse("entry-list"))]


def _cell_href(target: bool, likelihood: int, impact: int) -> str:
    """The log's list filtered to one cell (its filters: challenge_log/filters.py)."""
    prefix = "target_" if target else ""
    return f"{reverse('entry-list')}?{urlencode({'open': 1, prefix + LIKELIHOOD: likelihood, prefix + IMPACT: impact})}"


def _grid(counts: dict, target: bool, settings) -> dict:
    """One grid's picture and its table: likelihood 5 (top) to 1, impact 1 (left) to 5."""
    likelihoods = list(reversed(overview.SCALE))
    rows = [f"{n} {settings.likelihood_label(n)}" for n in likelihoods]
    columns = [f"{n} {settings.impact_label(n)}" for n in overview.SCALE]
    which = "Target" if target else "Current"

    def cell(r, c):
        likelihood, impact = likelihoods[r], c + 1
        count = counts.get((likelihood, impact), 0)
        band = settings.band(likelihood * impact)
        return charts.Cell(count=count, band=band, href=_cell_href(target, likelihood, impact),
                           label=f"Likelihood {rows[r]}, impact {columns[c]} ({band}): {count} "
                                 f"entr{'y' if count == 1 else 'ies'}")

    total = sum(counts.values())
    svg = charts.heat_grid(
        chart_id=f"heat-{which.lower()}", title=f"{which} scores of open entries",
        description=f"{total} open entr{'y' if total == 1 else 'ies'} with a {which.lower()} score, by likelihood "
                    f"(rows) and impact (columns). The table that follows gives each count.",
        rows=rows, columns=columns, cell=cell, row_title="Likelihood", column_title="Impact")
    table = [(rows[r], [cell(r, c) for c in range(5)]) for r in range(5)]
    return {"title": f"{which} score", "svg": svg, "table": table, "columns": columns, "total": total,
            "id": which.lower()}


@access.signed_in
def heat_map(request):
    """Open entries on the 5 x 5 scale, now and as targeted, side by side; each cell opens the list filtered to
    it."""
    found = overview.heat_map(request.user)
    settings = selectors.scale()
    bands = [(band, colour) for band, colour in charts.BANDS.items()]
    ranges = {"Low": f"1 to {settings.low_up_to}", "Medium": f"{settings.low_up_to + 1} to {settings.medium_up_to}",
              "High": f"{settings.medium_up_to + 1} to {settings.high_up_to}",
              "Very high": f"{settings.high_up_to + 1} to 25"}
    return render(request, "challenge_log/heat_map.html", {
        "found": found, "grids": [_grid(found.current, False, settings), _grid(found.target, True, settings)],
        "bands": [(band, colour, ranges[band]) for band, colour in bands],
        "crumbs": _crumbs(), "current": "Heat map"})


def _quarter(code: str | None) -> Period:
    if code is None:
        return overview.current_quarter()
    quarter = overview.quarter_named(code)
    if quarter is None:  # a mistyped address: the 404 page, not a server error
        raise Http404("No such quarter: quarters are named like 2017Q1.")
    return quarter


def _neighbours(quarter: Period) -> dict:
    before = overview.quarter_on(quarter.start - timedelta(days=1))
    after = overview.quarter_on(quarter.end + timedelta(days=1))
    today = overview.current_quarter()
    earlier = overview.code_of(before)
    return {"previous": (earlier, before) if overview.quarter_named(earlier) else None,
            "next": (overview.code_of(after), after) if after.start <= today.start else None,
            "this_quarter": overview.code_of(today) if today != quarter else None}


@access.signed_in
def quarter_outcomes(request, code=None):
    """The quarter's outcomes for the BPG and the Board, the current quarter unless the address names one; each
    figure opens the records behind it."""
    quarter = _quarter(code)
    outcomes = overview.quarter_outcomes(request.user, quarter)
    bars = [charts.Bar(figure.label, count, reverse("log-quarter-records", args=[outcomes.code, figure.name]))
            for figure, count in outcomes.figures()]
    chart = charts.bar_chart(chart_id="quarter-chart", title=f"The log's outcomes, {outcomes.label}",
                             description="Each figure of the table that follows, as a bar.", bars=bars,
                             label_width=420, width=720)
    return render(request, "challenge_log/quarter_outcomes.html", {
        "outcomes": outcomes, "chart": chart, "rows": list(zip(outcomes.figures(), bars, strict=True)),
        **_neighbours(quarter), "crumbs": _crumbs(), "current": f"Outcomes, {outcomes.label}"})


@access.signed_in
def quarter_records(request, code, figure):
    """The records behind one of the quarter's figures, oldest first, a page at a time."""
    quarter = _quarter(code)
    chosen = overview.FIGURE_NAMES.get(figure)
    if chosen is None:
        raise Http404("No such figure.")
    records, row = overview.quarter_records(request.user, quarter, chosen)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    label = quarter_label(quarter)
    return render(request, "challenge_log/quarter_records.html", {
        "figure": chosen, "label": label, "code": overview.code_of(quarter), "page": page,
        "rows": [row(record) for record in page.object_list],
        "crumbs": [*_crumbs(), (f"Outcomes, {label}", reverse("log-quarter", args=[overview.code_of(quarter)]))],
        "current": chosen.label})
