"""The issued report's documents: the PDF (through bscb.pdf, the one way the service prints: WeasyPrint, tagged
PDF/UA-1, static files read from disk and nothing fetched from anywhere else) and the DOCX (python-docx), both made
from the snapshot alone, never from the records."""

from io import BytesIO

from bscb import pdf


def render_pdf(html: str, *, title: str, lang: str = "en-GB") -> bytes:
    """A tagged PDF of the report's standalone HTML document (its own print stylesheet comes after the shared one)."""
    return pdf.render_pdf(html, title=title, lang=lang)


# The delegates the paper names; the attendance report has them all.
DELEGATES_SHOWN = 40
COUNTS = ("expected", "present", "delegate", "apologies", "absent")


def _rate(row: dict) -> int | None:
    return round(100 * (row["present"] + row["delegate"]) / row["expected"]) if row["expected"] else None


def attendance_summary(attendance: list[dict]) -> dict:
    """The snapshot's attendance (a table by agency for each body) as the paper prints it: one table by agency
    across the bodies, one row a body, and the delegates sent. A partnership ten times Bradford's size has a
    hundred bodies, and a table for each made the paper 80 pages."""
    agencies: dict[str, dict] = {}
    bodies = []
    for body in attendance:
        total = dict.fromkeys(COUNTS, 0)
        for row in body["agencies"]:
            counts = agencies.setdefault(row["agency"], dict.fromkeys(COUNTS, 0))
            for key in COUNTS:
                counts[key] += row[key]
                total[key] += row[key]
        bodies.append({"body": body["body"], **total, "rate": _rate(total),
                       "delegates": len(body["delegates"])})
    delegates = [{**d, "body": body["body"]} for body in attendance for d in body["delegates"]]
    by_agency = [{"agency": name, **counts, "rate": _rate(counts)} for name, counts in sorted(agencies.items())]
    return {"by_agency": by_agency, "by_body": bodies, "delegates": delegates[:DELEGATES_SHOWN],
            "delegates_total": len(delegates)}


def render_docx(report, snapshot: dict, narrative: dict, *, partnership: str) -> bytes:
    """The same snapshot as a Word document with real headings and tables, for the business unit to reuse."""
    from docx import Document

    from .outcome_models import REPORT_SECTIONS

    doc = Document()
    doc.core_properties.title = title_of(report)
    doc.core_properties.language = "en-GB"
    doc.add_heading(title_of(report), level=0)
    doc.add_paragraph(partnership)
    doc.add_paragraph(f"{snapshot['quarter']['label']}. Version {report.version}.")

    def table(headings: list[str], rows: list[list]) -> None:
        grid = doc.add_table(rows=1, cols=len(headings))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, headings, strict=True):
            cell.text = text
        for row in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None else str(value)

    doc.add_heading("Headline figures", level=1)
    table(["Figure", "Value"], [[label, value] for label, value in headline(snapshot)])
    for name, heading in REPORT_SECTIONS:
        doc.add_heading(heading, level=1)
        if narrative.get(name):
            for paragraph in narrative[name].split("\n\n"):
                doc.add_paragraph(paragraph)
        _docx_section(doc, table, name, snapshot)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_section(doc, table, name: str, s: dict) -> None:
    if name == "progress":
        for priority in s["progress"]:
            doc.add_heading(f"Priority {priority['number']}: {priority['title']}", level=2)
            doc.add_paragraph(f"{priority['status_label']}; {priority['closed']} of {priority['total']} actions "
                              f"closed ({priority['percent']}%); {priority['overdue']} overdue.")
            table(["Outcome", "Status", "Actions", "Closed", "Overdue"],
                  [[f"{o['code']} {o['statement']}", o["status_label"], o["total"], o["closed"], o["overdue"]]
                   for o in priority["outcomes"]])
            for o in priority["outcomes"]:
                for update in o["updates"]:
                    doc.add_paragraph(f"{o['code']}, {update['action']} ({update['status']}, {update['on']}): "
                                      f"{update['text']}", style="List Bullet")
                for item in o["impact"]:
                    doc.add_paragraph(f"{o['code']}, evidence of impact, {item['action']}: {item['text']}",
                                      style="List Bullet")
    elif name == "ratification":
        waiting = s["figures"]["awaiting_ratification"]
        if waiting > len(s["ratification"]):
            doc.add_paragraph(f"{waiting} actions await ratification: the {len(s['ratification'])} waiting longest "
                              "are listed (the ratification list and the Board pack have them all).")
        table(["Action", "Whose", "Outcomes", "Signed off"],
              [[f"{a['reference']} {a['description']}", a["body"], a["outcomes"], a["signed_off_on"]]
               for a in s["ratification"]] or [["None awaiting ratification", "", "", ""]])
    elif name == "log":
        table(["Outcome in the quarter", "Count"], [[f["label"], f["count"]] for f in s["log"]["figures"]])
        doc.add_paragraph(f"Open entries: {s['log']['heat_map']['open']} "
                          f"({s['log']['heat_map']['unscored']} not scored).")
        table(["Likelihood", "Impact", "Band", "Open entries"],
              [[c[0], c[1], c[3], c[2]] for c in s["log"]["heat_map"]["cells"] if c[2]])
    elif name == "reports":
        for key, heading in REPORT_KINDS:
            if s["reports"][key]:
                doc.add_heading(heading, level=2)
                table(["Body", "Standing", "Due", "Received", "Issues for the Board"],
                      [[r["body"], r["standing_label"], r["due"], r["submitted_on"], r.get("issues", "")]
                       for r in s["reports"][key]])
    elif name == "attendance":
        summary = attendance_summary(s["attendance"])
        for heading, key, first in (("By agency, across the bodies", "by_agency", "agency"),
                                    ("By body", "by_body", "body")):
            doc.add_heading(heading, level=2)
            table([first.capitalize(), "Expected", "Present", "Delegate", "Apologies", "Absent", "Rate"],
                  [[row[first], *(row[key] for key in COUNTS), "" if row["rate"] is None else f"{row['rate']}%"]
                   for row in summary[key]])
        if summary["delegates"]:
            doc.add_heading("Delegates sent", level=2)
        for d in summary["delegates"]:
            doc.add_paragraph(f"{d['on']}, {d['body']}: {d['name']}, {d['role']}, for {d['agency']}",
                              style="List Bullet")
    elif name == "decisions":
        table(["Body", "Date", "Decision", "Children's wishes and feelings"],
              [[d["body"], d["on"], d["text"], d["how"] if d["informed"] else "Not applicable"]
               for d in s["decisions"]] or [["No decisions recorded", "", "", ""]])


REPORT_KINDS = [("quarterly", "Quarterly summaries"), ("meeting", "Summaries after meetings"),
                ("yearly", "Yearly assurance reports")]


def title_of(report) -> str:
    return f"Quarterly outcome report, {report.snapshot.get('quarter', {}).get('label', report.quarter_code)}"


def headline(snapshot: dict) -> list[tuple[str, object]]:
    """The headline figures in words, in the order the report shows them."""
    f = snapshot["figures"]
    rate = f["attendance_rate"]
    return [
        ("Actions counted in the plan", f["actions"]),
        ("Actions closed", f["actions_closed"]),
        ("Actions overdue", f["actions_overdue"]),
        ("Actions awaiting ratification", f["awaiting_ratification"]),
        ("Log entries opened in the quarter", f["log_opened"]),
        ("Log entries escalated to the Board", f["log_escalated"]),
        ("Quarterly summaries received on time", f["quarterly_received"]),
        ("Quarterly summaries received late", f["quarterly_received_late"]),
        ("Quarterly summaries missing", f["quarterly_missing"]),
        ("Attendance at meetings held", "No meetings recorded" if rate is None else f"{rate}%"),
        ("Decisions recorded", f["decisions"]),
        ("Decisions informed by children's wishes and feelings", f["decisions_informed_by_children"]),
    ]
