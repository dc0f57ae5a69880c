"""The one chart helper (bscb/charts.py): SVG a strict CSP lets through and WeasyPrint draws alone, every text
escaped, each figure in text, colours that keep their contrast. Parsed as XML, so broken markup fails."""

import xml.etree.ElementTree as ET

from bscb import charts

SVG = "{http://www.w3.org/2000/svg}"


def _grid(**more):
    counts = {(0, 0): 3, (1, 2): 12}
    bands = ["Low", "Medium", "High", "Very high"]
    return charts.heat_grid(
        chart_id="g", title="Current <scores>", description="Open entries & their scores.",
        rows=["Likely", 'Rare "1"'], columns=["Minor", "Moderate", "<b>Major</b>"], row_title="Likelihood",
        column_title="Impact",
        cell=lambda r, c: charts.Cell(count=counts.get((r, c), 0), band=bands[(r + c) % 4],
                                      href=f"/log/?likelihood={r}&impact={c}" if (r, c) in counts else None),
        **more)


def _texts(root):
    return [t.text for t in root.iter(f"{SVG}text")]


def test_a_grid_is_named_and_described_and_states_every_count_in_text():
    root = ET.fromstring(str(_grid()))
    assert root.get("role") == "group"  # its cells link: an image's content would hide them
    assert root.get("aria-labelledby") == "g-title" and root.get("aria-describedby") == "g-desc"
    assert root.find(f"{SVG}title").text == "Current <scores>"  # escaped in the markup, read back as typed
    assert root.find(f"{SVG}desc").text == "Open entries & their scores."
    assert sorted(_texts(root)) == sorted(
        ["Likely", "3", "0", "0", 'Rare "1"', "0", "0", "12", "Minor", "Moderate", "<b>Major</b>", "Impact",
         "Likelihood"])


def test_text_from_the_admin_cannot_become_markup():
    markup = str(_grid())
    assert "<b>" not in markup and "&lt;b&gt;Major&lt;/b&gt;" in markup
    assert 'aria-label="Rare &quot;1&quot;, &lt;b&gt;Major&lt;/b&gt;: 12"' in markup  # an attribute cannot be closed
    assert "Current &lt;scores&gt;" in markup


def test_a_linked_cell_is_for_the_pointer_and_names_itself():
    root = ET.fromstring(str(_grid()))
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["/log/?likelihood=0&impact=0", "/log/?likelihood=1&impact=2"]
    assert all(a.get("tabindex") == "-1" for a in links)  # the table beside it carries the keyboard's links
    assert [a.get("aria-label") for a in links] == ["Likely, Minor: 3", 'Rare "1", <b>Major</b>: 12']


def test_nothing_a_strict_csp_refuses_or_a_pdf_cannot_fetch():
    for svg in (str(_grid()), str(charts.bar_chart(chart_id="b", title="T", description="D", bars=[
            charts.Bar("Opened", 4, "/log/quarters/2017Q1/opened/"), charts.Bar("Closed", 0)]))):
        root = ET.fromstring(svg)
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert tags <= {"svg", "title", "desc", "rect", "text", "a", "line"}, tags
        attributes = {name for element in root.iter() for name in element.attrib}
        assert not {"style", "onclick", "onload"} & attributes
        assert all(not element.get("href", "/").startswith(("http", "//", "data:")) for element in root.iter())


def test_bars_are_as_long_as_their_values_and_state_them():
    root = ET.fromstring(str(charts.bar_chart(chart_id="b", title="T", description="D", width=460, label_width=200,
                                              bars=[charts.Bar("Opened", 4), charts.Bar("Closed", 2),
                                                    charts.Bar("Withdrawn", 0)])))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.BAR]
    # 460 wide, 200 for the labels, 60 for the values: the largest bar is 200 long.
    assert [bar.get("width") for bar in bars] == ["200", "100", "1"]
    assert {"Opened", "Closed", "Withdrawn", "4", "2", "0"} <= set(_texts(root))


def test_an_empty_bar_chart_draws_without_dividing_by_zero():
    root = ET.fromstring(str(charts.bar_chart(chart_id="b", title="T", description="D", bars=[])))
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "T"


def test_a_chart_without_links_is_one_image():
    root = ET.fromstring(str(charts.bar_chart(chart_id="b", title="T", description="D",
                                              bars=[charts.Bar("Opened", 4)])))
    assert root.get("role") == "img" and not list(root.iter(f"{SVG}a"))


def test_contrast_is_worked_out_as_wcag_defines_it():
    assert round(charts.contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(charts.contrast("#767676", "#ffffff"), 2) == 4.54  # the well-known smallest grey that passes
    assert charts.contrast("#ffffff", "#ffffff") == 1.0


def test_each_band_keeps_3_to_1_against_the_page_and_its_text_4_5_to_1():
    for band, fill in charts.BANDS.items():
        assert charts.contrast(fill, charts.BACKGROUND) >= 3, band
        assert charts.contrast(charts.text_on(fill), fill) >= 4.5, band
    assert charts.contrast(charts.BAR, charts.BACKGROUND) >= 3
    assert charts.text_on("#ffdd00") == charts.INK  # a light fill gets dark text
