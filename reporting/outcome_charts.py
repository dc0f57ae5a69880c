"""The report's charts, drawn from its snapshot by bscb.charts: the same SVG in the page and in the PDF, each with
its table beside it (the templates)."""

from bscb import charts


def heat(snapshot: dict) -> dict:
    """The open entries on the 5 x 5 scale: likelihood 5 (top) to 1, impact 1 (left) to 5."""
    found = snapshot["log"]["heat_map"]
    cells = {(c[0], c[1]): (c[2], c[3]) for c in found["cells"]}
    rows = list(reversed(found["likelihoods"]))
    columns = found["impacts"]

    def cell(r, c):
        count, band = cells[(5 - r, c + 1)]
        return charts.Cell(count=count, band=band, label=f"Likelihood {rows[r]}, impact {columns[c]}: {count}")

    svg = charts.heat_grid(
        chart_id="report-heat", title="Open entries of the log by current score",
        description=f"{found['open']} open entries every member may read, by likelihood (rows) and impact "
                    "(columns). The table that follows gives each count.",
        rows=rows, columns=columns, cell=cell, row_title="Likelihood", column_title="Impact")
    table = [(rows[r], [cells[(5 - r, c + 1)] for c in range(5)]) for r in range(5)]
    return {"svg": svg, "table": table, "columns": columns}


def progress(snapshot: dict):
    """The share of each priority's actions closed."""
    bars = [charts.Bar(label=f"Priority {p['number']}", value=p["percent"]) for p in snapshot["progress"]]
    if not bars:
        return None
    return charts.bar_chart(chart_id="report-progress", title="Share of each priority's actions closed (%)",
                            description="The percentage of each priority's actions closed. The table that "
                                        "follows gives each priority's figures.", bars=bars)
