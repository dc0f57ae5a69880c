"""A corpus of uploads, made by code: clean PDF, Word and OpenDocument files as their programs write them,
and each kind of active content or damage that bscb.uploads refuses (issue 12, item 6).

PDFs have a correct cross-reference table (or, with object streams, a cross-reference stream); zips are
written by zipfile, an OpenDocument file with its mimetype first and stored, as the standard asks."""

import base64
import io
import random
import struct
import warnings
import zipfile
import zlib

# PDF ----------------------------------------------------------------------------------------------------

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (Minutes of the meeting held on 3 March) Tj ET"


def stream(dictionary: bytes, data: bytes, *, compress: bool = True) -> bytes:
    """A stream object's body: its dictionary (without << >>) with /Length, then the data."""
    if compress:
        data = zlib.compress(data)
        dictionary += b" /Filter /FlateDecode"
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf(objects: dict[int, bytes], *, trailer: bytes = b"", header: bytes = HEADER) -> bytes:
    """A PDF with a classic cross-reference table; object 1 is the catalog."""
    out = bytearray(header)
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R " % size + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def object_stream(packed: dict[int, bytes], *, dictionary: bytes = b"/Type /ObjStm",
                  filters: tuple[str, ...] = ("FlateDecode",)) -> bytes:
    """The body of an object stream holding `packed` (object number -> body)."""
    offsets, body = [], b""
    for number, content in packed.items():
        offsets.append(b"%d %d" % (number, len(body)))
        body += content + b"\n"
    head = b" ".join(offsets) + b"\n"
    data = head + body
    for name in reversed(filters):
        if name == "FlateDecode":
            data = zlib.compress(data)
        elif name == "ASCII85Decode":
            data = base64.a85encode(data) + b"~>"
        elif name == "LZWDecode":
            pass  # not encoded: the check must refuse it for its filter before reading it
    filter_value = b"[" + b" ".join(b"/" + n.encode() for n in filters) + b"]" if filters else b""
    return (b"<< " + dictionary + b" /N %d /First %d" % (len(packed), len(head))
            + (b" /Filter " + filter_value if filters else b"") + b" /Length %d >>\nstream\n" % len(data)
            + data + b"\nendstream")


def pdf_with_object_stream(plain: dict[int, bytes], packed: dict[int, bytes], *, stream_number: int,
                           dictionary: bytes = b"/Type /ObjStm", filters: tuple[str, ...] = ("FlateDecode",)
                           ) -> bytes:
    """A PDF 1.5 file: `packed` objects inside one object stream, found through a cross-reference stream."""
    out = bytearray(HEADER)
    offsets = {}
    objects = {**plain, stream_number: object_stream(packed, dictionary=dictionary, filters=filters)}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_number = max([*objects, *packed]) + 1
    offsets[xref_number] = len(out)
    rows = bytearray(b"\x00" + struct.pack(">IH", 0, 65535))
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows += b"\x01" + struct.pack(">IH", offsets[number], 0)
        else:
            index = list(packed).index(number)
            rows += b"\x02" + struct.pack(">IH", stream_number, index)
    data = zlib.compress(bytes(rows))
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
            b"stream\n" % (xref_number, xref_number + 1, len(data)) + data + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def _binary_font() -> bytes:
    """Font-like binary data that happens to hold "/JS ", "/AA " and "<" bytes, as binary data does."""
    noise = random.Random(12).randbytes(4096)
    return noise[:1000] + b"/JS " + noise[1000:2000] + b"/AA>" + noise[2000:]


def clean_objects(*, open_action: bytes = b"/OpenAction [3 0 R /Fit]") -> dict[int, bytes]:
    """A one-page PDF as a word processor writes it: a link to a web page, a font, metadata."""
    xmp = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Minutes</dc:title></rdf:Description>'
           b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R " + open_action + b" /PageMode /UseOutlines "
           b"/Outlines 8 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font "
           b"<< /F1 5 0 R >> >> /Annots [6 0 R] >>",
        4: stream(b"", PAGE_TEXT),
        5: b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FontFile2 9 0 R >>",
        6: b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 715] /A << /S /URI "
           b"/URI (https://www.example.org/minutes) >> >>",
        7: stream(b"/Type /Metadata /Subtype /XML", xmp, compress=False),
        8: b"<< /Type /Outlines /First 10 0 R /Last 10 0 R /Count 1 >>",
        9: stream(b"/Length1 4104", _binary_font(), compress=False),
        10: b"<< /Title (Minutes) /Parent 8 0 R /Dest [3 0 R /XYZ 0 842 0] >>",
    }


def clean_pdf() -> bytes:
    return pdf(clean_objects(), trailer=b"/Info << /Producer (Writer) /Title (Minutes 50%) >>")


def clean_pdf_with_object_stream() -> bytes:
    """As a modern writer does it: the small objects packed in a compressed object stream, the opening
    action a page destination held in another object."""
    objects = clean_objects(open_action=b"/OpenAction 11 0 R")
    packed = {number: objects.pop(number) for number in (1, 2, 3, 5, 6, 8, 10)}
    packed[11] = b"<< /S /GoTo /D [3 0 R /Fit] >>"
    return pdf_with_object_stream(objects, packed, stream_number=12)


def pdf_with_action(action: bytes, **kwargs) -> bytes:
    """A clean PDF whose catalog opens with `action` (a dictionary or a reference)."""
    objects = clean_objects(open_action=b"/OpenAction " + action)
    objects.update(kwargs.pop("extra", {}))
    return pdf(objects, **kwargs)


def pdf_with_catalog_entry(entry: bytes, extra: dict[int, bytes] | None = None) -> bytes:
    objects = clean_objects(open_action=b"/OpenAction [3 0 R /Fit] " + entry)
    objects.update(extra or {})
    return pdf(objects)


def pdf_with_packed_javascript(**kwargs) -> bytes:
    """The JavaScript action inside a compressed object stream, where the raw file never shows it."""
    objects = clean_objects(open_action=b"/OpenAction 11 0 R")
    packed = {1: objects.pop(1), 11: b"<< /S /JavaScript /JS (app.launchURL\\('https://evil.example/'\\)) >>"}
    return pdf_with_object_stream(objects, packed, stream_number=12, **kwargs)


def pdf_with_object_stream_inside_another_stream() -> bytes:
    """An object stream whose bytes sit inside another stream's data (by its /Length): a reader that
    follows the cross-reference table still finds it."""
    hidden = b"12 0 obj\n" + object_stream({11: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}) + b"\nendobj\n"
    objects = clean_objects(open_action=b"/OpenAction 11 0 R")
    objects[13] = stream(b"", b"junk\n" + hidden, compress=False)
    return pdf(objects)


def pdf_with_html() -> bytes:
    """A file that a browser would show as a web page, but that starts as a PDF."""
    return (b"%PDF-1.4\n<html><body><script>document.location='https://evil.example/'</script></body></html>\n"
            b"%%EOF\n")


def pdf_with_html_in_a_stream() -> bytes:
    objects = clean_objects()
    objects[11] = stream(b"", b"<!DOCTYPE html><html><svg onload=alert(1)></svg></html>", compress=False)
    return pdf(objects)


def deflated_zeros(size: int) -> bytes:
    """`size` bytes of zeros (a whole number of megabytes) in zlib format, made in a second or so: each
    megabyte is packed alone (a full flush between them), so every one packs to the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(size // len(chunk)):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * (size // len(chunk)) + packer.flush() + struct.pack(">I", checksum)


def pdf_bomb(size: int) -> bytes:
    """An object stream that inflates to `size` bytes of zeros (about a thousandth of that packed)."""
    packed = deflated_zeros(size)
    objects = clean_objects()
    objects[11] = (b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
                   + packed + b"\nendstream")
    return pdf(objects)


# Zip packages: Word (OOXML) and OpenDocument ---------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJ"
                       "RU5ErkJggg==")
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def zip_bytes(files: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(overrides: dict[str, str], defaults: dict[str, str] | None = None) -> str:
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml",
                "png": "image/png", **(defaults or {})}
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{CT_NS}">'
            + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults.items())
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items())
            + "</Types>")


def relationships(*rels: tuple[str, str, str] | tuple[str, str, str, str]) -> str:
    """(id, type's last part, target[, target mode])"""
    items = []
    for rel in rels:
        rel_id, kind, target, *mode = rel
        kind_uri = kind if "://" in kind else f"{R}/{kind}"
        extra = f' TargetMode="{mode[0]}"' if mode else ""
        items.append(f'<Relationship Id="{rel_id}" Type="{kind_uri}" Target="{target}"{extra}/>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{REL_NS}">' \
           + "".join(items) + "</Relationships>"


def word_body(inner: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
            f"<w:body>{inner}<w:sectPr/></w:body></w:document>")


CLEAN_BODY = (
    "<w:p><w:r><w:t>Minutes of the meeting held on 3 March.</w:t></w:r></w:p>"
    '<w:p><w:hyperlink r:id="rId9"><w:r><w:t>The plan</w:t></w:r></w:hyperlink></w:p>'
    # Fields as Word writes them: a page number and a hyperlink, each instruction split over runs.
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPER'
    '</w:instrText></w:r><w:r><w:instrText>LINK "https://www.example.org/" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>link</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
)


def docx_files(*, body: str = CLEAN_BODY, main_type: str = DOCX_MAIN, extra: dict | None = None,
               document_rels: tuple = (), overrides: dict | None = None, defaults: dict | None = None) -> dict:
    files = {
        "[Content_Types].xml": content_types({
            "/word/document.xml": main_type,
            "/word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
            "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
            **(overrides or {})}, defaults),
        "_rels/.rels": relationships(("rId1", "officeDocument", "word/document.xml"),
                                     ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/"
                                              "metadata/core-properties", "docProps/core.xml")),
        "word/document.xml": body,
        "word/_rels/document.xml.rels": relationships(
            ("rId1", "styles", "styles.xml"), ("rId2", "image", "media/image1.png"),
            ("rId9", "hyperlink", "https://www.example.org/plan", "External"), *document_rels),
        "word/styles.xml": f'<?xml version="1.0"?><w:styles xmlns:w="{W}"/>',
        "word/media/image1.png": PNG,
        "docProps/core.xml": '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                             'package/2006/metadata/core-properties"/>',
    }
    files.update(extra or {})
    return files


def docx(**kwargs) -> bytes:
    return zip_bytes(docx_files(body=word_body(kwargs.pop("body", CLEAN_BODY)), **kwargs))


def xlsx(*, main_type: str = XLSX_MAIN, extra: dict | None = None, overrides: dict | None = None) -> bytes:
    files = {
        "[Content_Types].xml": content_types({"/xl/workbook.xml": main_type, **(overrides or {})}),
        "_rels/.rels": relationships(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                           'spreadsheetml/2006/main"/>',
    }
    files.update(extra or {})
    return zip_bytes(files)


def clean_docx_with_chart() -> bytes:
    """A chart's data is an Excel workbook embedded in the document: checked, and clean, so accepted."""
    return docx(extra={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx(),
                       "word/charts/chart1.xml": '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.'
                                                 'openxmlformats.org/drawingml/2006/chart"/>'},
                document_rels=(("rId5", "chart", "charts/chart1.xml"),))


def renamed_docm() -> bytes:
    """A macro-enabled Word document (.docm) renamed .docx."""
    return docx(main_type=DOCM_MAIN, defaults={"bin": "application/vnd.ms-office.vbaProject"},
                document_rels=(("rId7", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                                "vbaProject.bin"),),
                extra={"word/vbaProject.bin": CFB, "word/vbaData.xml": '<?xml version="1.0"?><wne:vbaSuppData '
                       'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>'})


def renamed_xlsm() -> bytes:
    return xlsx(main_type=XLSM_MAIN, extra={"xl/vbaProject.bin": CFB})


def dde_docx(split: bool = True) -> bytes:
    if split:
        field = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                 ' DD</w:instrText></w:r><w:r><w:instrText>EAUTO c:\\\\Windows\\\\System32\\\\cmd.exe "/k calc"'
                 '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    else:
        field = '<w:p><w:fldSimple w:instr=" DDE cmd.exe /k calc "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
    return docx(body=CLEAN_BODY + field)


ODF = {prefix: f"urn:oasis:names:tc:opendocument:xmlns:{name}:1.0" for prefix, name in (
    ("office", "office"), ("text", "text"), ("draw", "drawing"), ("script", "script"), ("style", "style"),
    ("manifest", "manifest"), ("meta", "meta"))}
ODF_NS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in ODF.items()) + \
    ' xmlns:xlink="http://www.w3.org/1999/xlink"'
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def odt_content(inner: str = "", scripts: str = "<office:scripts/>") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} office:version="1.3">'
            f"{scripts}<office:body><office:text><text:p>Minutes of the meeting held on 3 March. "
            '<text:a xlink:type="simple" xlink:href="https://www.example.org/plan">The plan</text:a></text:p>'
            f"{inner}</office:text></office:body></office:document-content>")


def odt(*, content: str | None = None, extra: dict | None = None, mimetype: str = ODT_MIMETYPE) -> bytes:
    """An OpenDocument text file as LibreOffice writes it: mimetype first and stored, then the rest."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("Configurations2/", "")
        archive.writestr("content.xml", content or odt_content())
        archive.writestr("styles.xml", f'<?xml version="1.0"?><office:document-styles {ODF_NS}/>')
        archive.writestr("meta.xml", f'<?xml version="1.0"?><office:document-meta {ODF_NS}/>')
        archive.writestr("settings.xml", f'<?xml version="1.0"?><office:document-settings {ODF_NS}/>')
        archive.writestr("Thumbnails/thumbnail.png", PNG)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        archive.writestr("META-INF/manifest.xml", (
            f'<?xml version="1.0"?><manifest:manifest xmlns:manifest="{ODF["manifest"]}" manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"))
    return buffer.getvalue()


def odt_with_basic() -> bytes:
    return odt(extra={
        "Basic/script-lc.xml": '<?xml version="1.0"?><library:libraries xmlns:library="http://openoffice.org/'
                               '2000/library"/>',
        "Basic/Standard/Module1.xml": '<?xml version="1.0"?><script:module xmlns:script="http://openoffice.org/'
                                      '2000/script" script:name="Module1">Sub Main\nShell("calc")\nEnd Sub'
                                      "</script:module>"})


def odt_with_event_script() -> bytes:
    listener = ('<office:event-listeners><script:event-listener script:language="ooo:script" '
                'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?'
                'language=Basic&amp;location=document"/></office:event-listeners>')
    return odt(content=odt_content(scripts=f"<office:scripts>{listener}</office:scripts>"))


# Damage -------------------------------------------------------------------------------------------------


def with_duplicate_names(other: str = "word/document.xml") -> bytes:
    """A second entry under the same name (or the same in another case): readers differ on which wins."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name"
        with zipfile.ZipFile(buffer, "w") as archive:
            for file_name, content in docx_files(body=word_body(CLEAN_BODY)).items():
                archive.writestr(file_name, content)
            archive.writestr(other, word_body(""))
    return buffer.getvalue()


def with_bad_checksum() -> bytes:
    data = bytearray(zip_bytes(docx_files(body=word_body(CLEAN_BODY)), compression=zipfile.ZIP_STORED))
    at = data.find(b"Minutes of the meeting")
    data[at] ^= 0x20
    return bytes(data)


def with_member_patched(data: bytes, name: bytes, *, flag_bits: int = 0, method: int | None = None,
                        declared_size: int | None = None) -> bytes:
    """`data` with one member's entry changed in the central directory (and its local header): flags
    set, its compression method, its declared size."""
    data = bytearray(data)
    position = 0
    while (central := data.find(b"PK\x01\x02", position)) != -1:
        name_length = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + name_length] == name:
            local = struct.unpack("<I", data[central + 42:central + 46])[0]
            for header, flags_at, method_at in ((central, 8, 10), (local, 6, 8)):
                flags = struct.unpack("<H", data[header + flags_at:header + flags_at + 2])[0]
                data[header + flags_at:header + flags_at + 2] = struct.pack("<H", flags | flag_bits)
                if method is not None:
                    data[header + method_at:header + method_at + 2] = struct.pack("<H", method)
            if declared_size is not None:
                data[central + 24:central + 28] = struct.pack("<I", declared_size)
        position = central + 4
    return bytes(data)


def with_lying_size(actual: int = 50 * 1024 * 1024, declared: int = 1000) -> bytes:
    """A member that declares `declared` bytes and inflates to `actual`: read no further than declared."""
    data = zip_bytes({**docx_files(body=word_body(CLEAN_BODY)), "word/media/image2.png": bytes(actual)})
    return with_member_patched(data, b"word/media/image2.png", declared_size=declared)


def with_encrypted_member() -> bytes:
    return with_member_patched(docx(), b"word/styles.xml", flag_bits=0x1)


def with_unusual_compression() -> bytes:
    return with_member_patched(docx(), b"word/styles.xml", method=zipfile.ZIP_BZIP2)


# Excel workbooks and images (issue 14 §5) -----------------------------------------------------------------

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet(cells: str = '<c r="A1"><v>82</v></c><c r="B1"><f>SUM(A1:A3)</f><v>82</v></c>') -> str:
    return (f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData><row r="1">{cells}</row>'
            "</sheetData></worksheet>")


def workbook(*, cells: str | None = None, extra: dict | None = None, overrides: dict | None = None,
             main_type: str = XLSX_MAIN) -> bytes:
    """A workbook as Excel writes one: a sheet with a number and a formula."""
    files = {"xl/worksheets/sheet1.xml": sheet() if cells is None else sheet(cells),
             "xl/_rels/workbook.xml.rels": relationships(("rId1", "worksheet", "worksheets/sheet1.xml"))}
    return xlsx(main_type=main_type, extra={**files, **(extra or {})}, overrides={
        "/xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        **(overrides or {})})


def workbook_with_dde_link() -> bytes:
    """An external link to another program (DDE), as Excel keeps one in xl/externalLinks."""
    return workbook(extra={"xl/externalLinks/externalLink1.xml":
                           f'<?xml version="1.0"?><externalLink xmlns="{SHEET_NS}"><ddeLink ddeService="cmd" '
                           'ddeTopic="/c calc"/></externalLink>'})


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(*, width: int = 2, height: int = 2, depth: int = 8, colour: int = 2, header: bytes | None = None,
        after: bytes = b"") -> bytes:
    ihdr = header if header is not None else struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(3 * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(rows))
            + png_chunk(b"IEND", b"") + after)


def jpeg_segment(marker: int, data: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data


def jpeg(*, frame: bytes | None = struct.pack(">BHHB", 8, 2, 2, 1) + b"\x01\x11\x00",
         after: bytes = b"") -> bytes:
    """A JPEG's shape: JFIF header, quantisation table, frame header, Huffman table, scan, image data, end."""
    parts = [b"\xff\xd8", jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
             jpeg_segment(0xDB, b"\x00" + bytes(range(1, 65)))]
    if frame is not None:
        parts.append(jpeg_segment(0xC0, frame))
    parts += [jpeg_segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00"),
              jpeg_segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"), b"\x00\x00\xff\x00\x00", b"\xff\xd9", after]
    return b"".join(parts)


def base64_png() -> bytes:
    """The one-pixel picture the Word corpus holds, as an upload of its own."""
    return PNG
