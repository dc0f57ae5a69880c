"""Pieces several dashboards draw: a bar chart with its table from a list of figures, and the log's heat map."""

from bscb import charts
from challenge_log.overview import SCALE, heat_map

from .links import Figure, log_url


def bars(chart_id: str, title: str, description: str, figures: list[Figure]) -> dict:
    """A bar chart of `figures` (each bar linking where its figure does) and the rows of its table."""
    svg = charts.bar_chart(chart_id=chart_id, title=title, description=description,
                           bars=[charts.Bar(f.label, f.count, f.href or None) for f in figures]) if figures else ""
    return {"id": chart_id, "title": title, "svg": svg, "figures": figures, "total": sum(f.count for f in figures)}


def log_heat_map(user, scale) -> dict:
    """The open entries the reader may see on the 5 x 5 scale, now: each cell linking the log's list filtered
    to it (the heat map page's own links). Two grouped counts."""
    found = heat_map(user)
    likelihoods = list(reversed(SCALE))
    rows = [f"{n} {scale.likelihood_label(n)}" for n in likelihoods]
    columns = [f"{n} {scale.impact_label(n)}" for n in SCALE]

    def cell(r, c):
        likelihood, impact = likelihoods[r], c + 1
        count = found.current.get((likelihood, impact), 0)
        band = scale.band(likelihood * impact)
        return charts.Cell(count=count, band=band, href=log_url(open=1, likelihood=likelihood, impact=impact),
                           label=f"Likelihood {rows[r]}, impact {columns[c]} ({band}): {count}")

    svg = charts.heat_grid(
        chart_id="dashboard-heat", title="Current scores of open log entries",
        description=f"{found.open} open entries you may see, by likelihood (rows) and impact (columns). The table "
                    "that follows gives each count.",
        rows=rows, columns=columns, cell=cell, row_title="Likelihood", column_title="Impact")
    return {"svg": svg, "columns": columns, "table": [(rows[r], [cell(r, c) for c in range(5)]) for r in range(5)],
            "open": found.open, "unscored": found.unscored}
