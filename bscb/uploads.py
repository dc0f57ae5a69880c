"""Uploaded documents, judged by their content: which kind they are (PDF, Word .docx, Excel .xlsx,
OpenDocument .odt, PNG, JPEG), and whether they carry active content, which is refused with a reason for the
message beside the field. Which kinds a field accepts is its caller's choice (bscb.documents).

Refused:
- in a PDF: JavaScript (/JavaScript, /JS); actions that start a program, open or fetch another file, or
  send data (/Launch, /GoToR, /GoToE, /SubmitForm, /ImportData); actions run without a click (/AA, and an
  /OpenAction that is anything but "go to a page"); links to javascript:, vbscript: or data: addresses;
  embedded files (/EmbeddedFile(s), /FileAttachment); multimedia and XML forms, which have their own
  players and scripts (/RichMedia, /Rendition, /Movie, /Sound, /XFA); encryption (what is encrypted cannot
  be checked); web page code anywhere in the file (HTML or script after the %PDF- header). Names are read
  with their #xx escapes decoded (/J#61vaScript), in the file as written and inside its compressed object
  streams (unpacked, within a bound). Two-letter names (/JS, /AA) are looked for outside stream data only,
  as binary data holds them by chance; every JavaScript action also names /S /JavaScript, found anywhere.
- in a Word, Excel or OpenDocument file (or any zip, so that a renamed .docm, .xlsm or .ods is refused for its
  macros rather than for its type): macros (vbaProject.bin, macro-enabled content types, Excel 4 macro
  sheets, ODF Basic/, Scripts/ and Dialogs/ folders, office:script, macro and script addresses); ActiveX
  controls and scripted events; DDE fields, which start a program; content loaded from elsewhere when the
  document opens (a linked template, OLE object, frame or picture; hyperlinks stay allowed); embedded OLE
  objects (an embedded Word or Excel package, such as a chart's data, is checked by the same rules); in a
  workbook, DDE links and formulas that call another program (=cmd|'/c calc'!A1).
- a PNG or JPEG image carries no active content, but must be what it says: its signature, and a plausible
  header (PNG: an IHDR chunk first, with its checksum, sizes and a known colour type; JPEG: a frame header
  before the image data), nothing after its end (IEND; the end-of-image marker), so that a file that starts
  as a picture is not also a web page or an archive.
- a damaged or unusual zip: unreadable, a bad checksum, duplicate names (in any case), unsafe names, data
  after the end, encrypted members, compression other than deflate, XML with a document type declaration;
  and anything that unpacks to more than UNPACKED_MAX_BYTES (zip bombs), read within that bound.

Only the standard library: a PDF is scanned whole rather than parsed as one reader would (a reader's
recovery can find objects that another's cross-reference walk skips), and zipfile never inflates a
member past its declared size, which is bounded before anything is read.
"""

import base64
import bisect
import io
import itertools
import re
import struct
import zipfile
import zlib
from xml.parsers import expat

MB = 1024 * 1024
UNPACKED_MAX_BYTES = 100 * MB  # a zip's members (nested packages included), a PDF's object streams
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_NESTING = 2  # a document, and a package embedded in it
PDF_MAX_STREAMS = 100_000  # a 10 MB PDF from a word processor has hundreds
PDF_MAX_OPEN_ACTIONS = 16  # one a revision
PDF_MAX_OBJECT_STREAMS = 10_000  # each holds up to a few hundred objects
PDF_MAX_LINKS = 20_000  # web addresses, each read for its scheme

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt", PNG: ".png", JPEG: ".jpg"}
IMAGE_MAX_SIDE = 100_000  # pixels: a plausible picture, however large

DAMAGED = "The document is damaged or incomplete. Save it again and upload the new copy."
UNCHECKABLE = (
    "The document is compressed, encrypted or protected in a way that cannot be checked. Save it again "
    "without a password, or print it to a new PDF, and upload that."
)
TOO_LARGE_UNPACKED = "The document is too large to check once unpacked. Upload a smaller document, or split it."
PDF_SCRIPT = (
    "The PDF contains JavaScript, which could run on a reader's computer. Print it to a new PDF, or save "
    "it as PDF/A, and upload that."
)
PDF_ACTION = (
    "The PDF contains an action that starts a program, opens another file or address, sends data, or runs "
    "without a click. Print it to a new PDF, or save it as PDF/A, and upload that."
)
PDF_MEDIA = (
    "The PDF contains multimedia or an XML form (XFA), which can run code. Print it to a new PDF, or save "
    "it as PDF/A, and upload that."
)
PDF_ENCRYPTED = (
    "The PDF is encrypted or protected with a password, so it cannot be checked. Upload a copy without "
    "protection."
)
PDF_HTML = (
    "The file starts as a PDF but contains web page code (HTML or script). Upload the PDF as your PDF "
    "program saved it."
)
EMBEDDED_FILES = (
    "The document has other files or objects embedded in it. Remove them (paste a table or a picture "
    "instead) and upload the document again."
)
MACROS = (
    "The document contains macros. Save it as a PDF, or again without macros (a Word document as .docx, a "
    "workbook as .xlsx, an OpenDocument text as .odt), and upload that."
)
ACTIVE_CONTROLS = (
    "The document contains ActiveX controls, scripted events or script links, which can run code. Remove "
    "them and upload the document again."
)
DDE_FIELD = (
    "The document contains a field that starts another program (DDE). Remove the field and upload the "
    "document again."
)
EXTERNAL_CONTENT = (
    "The document loads content from elsewhere when it is opened (a linked template, object, frame or "
    "picture). Save it as a PDF and upload that, or remove the link and upload the document again."
)

# When a file has several faults, the message for the first of these.
_PRIORITY = [MACROS, ACTIVE_CONTROLS, DDE_FIELD, PDF_SCRIPT, PDF_ACTION, PDF_MEDIA, EXTERNAL_CONTENT,
             EMBEDDED_FILES, PDF_ENCRYPTED, PDF_HTML]


class DocumentRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Budget:
    """Bytes still allowed to be unpacked for one upload."""

    def __init__(self, limit: int):
        self.remaining = limit

    def spend(self, size: int) -> None:
        if size > self.remaining:
            raise DocumentRefused(TOO_LARGE_UNPACKED)
        self.remaining -= size


def _first(reasons) -> str | None:
    for message in _PRIORITY:
        if message in reasons:
            return message
    return None


def read_all(upload) -> bytes:
    upload.seek(0)
    try:
        return upload.read()
    finally:
        upload.seek(0)


def sniff_kind(upload) -> str | None:
    """The document's kind from its first bytes (and, for a zip, its directory), without judging its
    content: for a file already stored and checked when it came in."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head.startswith(_JPEG_SIGNATURE):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                return _zip_kind(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
            return None
        finally:
            upload.seek(0)
    return None


def inspect(upload) -> str | None:
    """The kind of a new upload once its content passes every check above; None if it is none of the
    kinds taken. Raises DocumentRefused with the reason otherwise. The file is left at its start."""
    data = read_all(upload)
    budget = _Budget(UNPACKED_MAX_BYTES)
    if data.startswith(b"%PDF-"):
        reason = _pdf_reason(data, budget)
        if reason:
            raise DocumentRefused(reason)
        return PDF
    if data.startswith(b"PK\x03\x04"):
        archive = _zip_open(data)
        reason = _first(_zip_reasons(archive, budget, depth=1))
        if reason:
            raise DocumentRefused(reason)
        return _zip_kind(archive)
    if data.startswith(_PNG_SIGNATURE):
        _png_check(data)
        return PNG
    if data.startswith(_JPEG_SIGNATURE):
        _jpeg_check(data)
        return JPEG
    return None


# Images ------------------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}  # colour type: depths
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # SOFn


def _png_check(data: bytes) -> None:
    """The signature, then an IHDR chunk of 13 bytes with its checksum, plausible sizes and a known colour type
    and bit depth; the file ends with the IEND chunk."""
    header = data[8:8 + 25]
    if len(header) < 25 or header[:8] != b"\x00\x00\x00\x0dIHDR" or not data.endswith(_PNG_END):
        raise DocumentRefused(DAMAGED)
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", header[8:21])
    if struct.unpack(">I", header[21:25])[0] != zlib.crc32(header[4:21]):
        raise DocumentRefused(DAMAGED)
    if not (0 < width <= IMAGE_MAX_SIDE and 0 < height <= IMAGE_MAX_SIDE) or depth not in _PNG_DEPTHS.get(
            colour, ()) or compression or filtering or interlace not in (0, 1):
        raise DocumentRefused(DAMAGED)


def _jpeg_check(data: bytes) -> None:
    """The signature, then marker segments up to the image data, a frame header (SOFn) among them with a
    plausible precision, sizes and number of components; the file ends with the end-of-image marker."""
    if not data.endswith(b"\xff\xd9"):
        raise DocumentRefused(DAMAGED)
    position, frame = 2, False
    while True:
        if data[position:position + 1] != b"\xff":
            raise DocumentRefused(DAMAGED)
        while data[position + 1:position + 2] == b"\xff":  # fill bytes
            position += 1
        marker = data[position + 1] if position + 1 < len(data) else None
        if marker is None or marker in (0x00, 0xD9) or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            raise DocumentRefused(DAMAGED)  # no image data before the end
        if position + 4 > len(data):
            raise DocumentRefused(DAMAGED)
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        if length < 2 or position + 2 + length > len(data):
            raise DocumentRefused(DAMAGED)
        if marker in _JPEG_FRAMES:
            if length < 8:
                raise DocumentRefused(DAMAGED)
            precision, height, width, components = struct.unpack(">BHHB", data[position + 4:position + 10])
            if precision not in (8, 12, 16) or not (0 < width <= IMAGE_MAX_SIDE) or height > IMAGE_MAX_SIDE \
                    or components not in (1, 2, 3, 4) or length != 8 + 3 * components:
                raise DocumentRefused(DAMAGED)
            frame = True
        if marker == 0xDA:  # start of scan: the image data follows
            if not frame:
                raise DocumentRefused(DAMAGED)
            return
        position += 2 + length


# PDF ---------------------------------------------------------------------------------------------------

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_END_OF_NAME = rb"(?=[" + _DELIMITERS + rb"]|\Z)"


def _name_alternative(name: str) -> bytes:
    """A PDF name as written, any character of it perhaps as #xx (either case of hex digit)."""
    parts = []
    for char in name:
        hex_digits = "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d for d in f"{ord(char):02x}")
        parts.append(b"(?:" + re.escape(char.encode()) + b"|#" + hex_digits.encode() + b")")
    return b"".join(parts)


def _names(*names: str) -> re.Pattern:
    return re.compile(b"/(?:" + b"|".join(_name_alternative(n) for n in names) + b")" + _END_OF_NAME)


# (names, reason). Long names are looked for everywhere, short ones outside stream data (see above).
_PDF_LONG_NAMES = [
    (_names("JavaScript"), PDF_SCRIPT),
    (_names("Launch", "SubmitForm", "ImportData", "GoToR", "GoToE"), PDF_ACTION),
    (_names("EmbeddedFile", "EmbeddedFiles", "FileAttachment"), EMBEDDED_FILES),
    (_names("RichMedia", "Rendition", "Movie", "Sound", "XFA"), PDF_MEDIA),
    (_names("Encrypt"), PDF_ENCRYPTED),
]
_PDF_SHORT_NAMES = [(_names("JS"), PDF_SCRIPT), (_names("AA"), PDF_ACTION)]
_OPEN_ACTION = _names("OpenAction")
_URI = _names("URI")
_S = _names("S")
_NEXT = _names("Next")
_OBJECT_STREAM = _names("ObjStm", "First")
_FILTER = _names("Filter")
_PREDICTOR = _names("Predictor")
_LENGTH = _names("Length")
_NAME = re.compile(rb"/([^" + _DELIMITERS + rb"]*)")
_HEX_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")  # not "endstream": see _streams()
_ENDSTREAM = re.compile(rb"endstream")
_REFERENCE = re.compile(rb"\s*(\d+)\s+(\d+)\s+R(?![A-Za-z])")
_INTEGER = re.compile(rb"\s*(\d+)(?!\d)(?!\s+\d+\s+R)")
# Searched in the file lower-cased (bytes.lower() is much faster than a case-blind pattern).
_MARKUP = re.compile(
    rb"<\s*(?:html|head|body|script|iframe|object|embed|meta|form|!doctype)(?![a-z0-9-])|<(?:svg|img)\s"
    rb"|javascript:|vbscript:"
)
_SCRIPT_ADDRESSES = (b"javascript:", b"vbscript:", b"data:")
_LOOKBACK = 64 * 1024


def _decode_name(raw: bytes) -> bytes:
    return _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


_SPACE = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")  # white space and comments
_SPACE_MAX = 4096


def _skip_space(data: bytes, at: int) -> int:
    """Past the white space and comments at `at`: no writer puts kilobytes of them between a key and its
    value, and reading on would let each of many keys read the file to its end."""
    end = _SPACE.match(data, at, min(len(data), at + _SPACE_MAX)).end()
    if end == at + _SPACE_MAX:
        raise DocumentRefused(UNCHECKABLE)
    return end


def _dictionary(data: bytes, at: int) -> bytes:
    """The dictionary that starts at `at` (<<...>>, nested ones included), or what is left of 64 KB."""
    depth, position, end = 0, at, min(len(data), at + _LOOKBACK)
    while position < end:
        if data.startswith(b"<<", position):
            depth += 1
            position += 2
        elif data.startswith(b">>", position):
            depth -= 1
            position += 2
            if depth == 0:
                return data[at:position]
        else:
            position += 1
    return data[at:end]


def _string_at(data: bytes, at: int, limit: int = 32) -> bytes | None:
    """The first `limit` bytes of the PDF string (literal, with its escapes, or hex) at `at`, decoded (enough
    to read an address's scheme, and bounded however the string runs on); None if there is none."""
    window = data[at:at + 4 * limit + 2]
    if window[:1] == b"<" and window[:2] != b"<<":
        end = window.find(b">")
        digits = re.sub(rb"[^0-9a-fA-F]", b"", window[1:end if end != -1 else len(window)])[:2 * limit]
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    if window[:1] != b"(":
        return None
    out, depth, position = bytearray(), 0, 0
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    while position < len(window) and len(out) < limit:
        byte = window[position]
        if byte == ord("\\") and position + 1 < len(window):
            octal = re.match(rb"[0-7]{1,3}", window[position + 1:position + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                position += 1 + len(octal.group())
                continue
            out += escapes.get(window[position + 1], bytes([window[position + 1]]))
            position += 2
            continue
        if byte == ord("("):
            depth += 1
            if depth == 1:
                position += 1
                continue
        elif byte == ord(")"):
            depth -= 1
            if depth == 0:
                break
        out.append(byte)
        position += 1
    return bytes(out)


class _Pdf:
    """The raw file, its stream data set apart, its object streams unpacked."""

    def __init__(self, data: bytes, budget: _Budget):
        # Linear in the file's size whatever it holds: each keyword's dictionary is looked for back to the
        # keyword before it only, each stream's end found by bisection, the keywords counted.
        self.data = data
        self.outside_streams = []  # the file with every stream's data left out, in order
        self.unpacked = []  # the text of each object stream
        self.objects = {}  # object number -> its bodies found in object streams
        keywords = list(itertools.islice(self._streams(), PDF_MAX_STREAMS + 1))
        self.ends = [match.start() for match in itertools.islice(_ENDSTREAM.finditer(data), PDF_MAX_STREAMS + 1)]
        if len(keywords) > PDF_MAX_STREAMS or len(self.ends) > PDF_MAX_STREAMS:
            raise DocumentRefused(UNCHECKABLE)
        headers = [self._header(match, keywords[index - 1].end() if index else 0)
                   for index, match in enumerate(keywords)]
        position = 0
        for match, header in zip(keywords, headers, strict=True):
            if match.start() >= position:
                self.outside_streams.append(data[position:match.start()])
                position = self._stream_end(header, match.end())
        self.outside_streams.append(data[position:])
        # Object streams are looked for at every "stream" keyword, those inside another stream's data
        # included: a reader goes where the cross-reference table points, not from start to end.
        for match, header in zip(keywords, headers, strict=True):
            if _OBJECT_STREAM.search(header):
                if len(self.unpacked) == PDF_MAX_OBJECT_STREAMS:
                    raise DocumentRefused(UNCHECKABLE)
                self._unpack(header, data[match.end():self._stream_end(header, match.end())], budget)

    def _before_end_of_line(self, at: int) -> int:
        if self.data[at - 2:at] == b"\r\n":
            return at - 2
        return at - 1 if self.data[at - 1:at] in (b"\r", b"\n") else at

    def _streams(self):
        """Each "stream" keyword (a letter before it makes another word, such as "endstream")."""
        for match in _STREAM.finditer(self.data):
            if match.start() == 0 or not self.data[match.start() - 1:match.start()].isalpha():
                yield match

    def _header(self, match, floor: int) -> bytes:
        """The stream's dictionary: from its object's "obj" keyword (after `floor`) to "stream"."""
        floor = max(floor, match.start() - _LOOKBACK)
        start = self.data.rfind(b"obj", floor, match.start())
        return self.data[start if start != -1 else floor:match.start()]

    def _stream_end(self, header: bytes, start: int) -> int:
        length = _LENGTH.search(header)
        direct = _INTEGER.match(header, length.end()) if length else None
        if direct:
            end = start + int(direct.group(1))
            if self.data[end:end + 32].lstrip(b"\x00\t\n\x0c\r ").startswith(b"endstream"):
                return end
        index = bisect.bisect_left(self.ends, start)
        if index == len(self.ends):
            raise DocumentRefused(DAMAGED)  # a stream that never ends: a truncated file
        # The data ends before "endstream" and the end of line in front of it.
        return max(start, self._before_end_of_line(self.ends[index]))

    def _unpack(self, header: bytes, raw: bytes, budget: _Budget) -> None:
        plain_header = _decode_name(header)
        if re.search(rb"/Predictor\s+(?:[2-9]|\d\d)", plain_header):
            raise DocumentRefused(UNCHECKABLE)  # PNG or TIFF predictors: no writer uses them here
        filters = []
        found = _FILTER.search(header)
        if found:
            at = _skip_space(header, found.end())
            if header[at:at + 1] == b"[":
                close = header.find(b"]", at)
                value = header[at:close + 1 if close != -1 else len(header)]
            elif header[at:at + 1] == b"/":
                value = _NAME.match(header, at).group(0)
            else:  # an indirect filter: no writer does it
                raise DocumentRefused(UNCHECKABLE)
            filters = [_decode_name(name) for name in _NAME.findall(value)]
        for name in filters:
            if name in (b"FlateDecode", b"Fl"):
                try:  # bounded: never more than the budget left, plus one byte to tell it was exceeded
                    raw = zlib.decompressobj().decompress(raw, budget.remaining + 1)
                except zlib.error as error:
                    raise DocumentRefused(DAMAGED) from error
            elif name in (b"ASCIIHexDecode", b"AHx"):
                end = raw.find(b">")
                digits = re.sub(rb"[^0-9a-fA-F]", b"", raw[:end if end != -1 else len(raw)])
                raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            elif name in (b"ASCII85Decode", b"A85"):
                end = raw.find(b"~>")
                try:
                    raw = base64.a85decode(re.sub(rb"\s", b"", raw[:end if end != -1 else len(raw)]))
                except ValueError as error:
                    raise DocumentRefused(DAMAGED) from error
            else:  # LZW, run length, a crypt filter...: no writer packs object streams so
                raise DocumentRefused(UNCHECKABLE)
            budget.spend(len(raw))
        self.unpacked.append(raw)
        # Its objects, for an /OpenAction that points at one: pairs of number and offset from /First.
        first = re.search(rb"/First\s+(\d+)(?!\d)(?!\s+\d+\s+R)", plain_header)
        base = int(first.group(1)) if first else len(re.match(rb"[\s\d]*", raw).group())
        numbers = [int(n) for n in re.findall(rb"\d+", raw[:base])]
        pairs = list(zip(numbers[0::2], numbers[1::2], strict=False))
        for index, (number, offset) in enumerate(pairs):
            end = base + pairs[index + 1][1] if index + 1 < len(pairs) else len(raw)
            self.objects.setdefault(number, []).append(raw[base + offset:end])

    def bodies(self, number: int, generation: int) -> list[bytes]:
        """Every definition of an object (a later revision may define it again), a few at most."""
        found = list(self.objects.get(number, []))
        for match in re.finditer(rb"%d\s+%d\s+obj" % (number, generation), self.data):
            if self.data[match.start() - 1:match.start()].isdigit():
                continue
            if len(found) == PDF_MAX_OPEN_ACTIONS:
                raise DocumentRefused(UNCHECKABLE)
            end = self.data.find(b"endobj", match.end(), match.end() + _LOOKBACK)
            found.append(self.data[match.end():end if end != -1 else match.end() + _LOOKBACK])
        return found


def _open_action_reasons(pdf: _Pdf, text: bytes) -> set[str]:
    """An /OpenAction may go to a page (a destination, or a GoTo action); anything else runs unasked."""
    reasons = set()
    for count, match in enumerate(_OPEN_ACTION.finditer(text)):
        if count == PDF_MAX_OPEN_ACTIONS:
            raise DocumentRefused(UNCHECKABLE)
        at = _skip_space(text, match.end())
        values = [text[at:at + _LOOKBACK]]
        reference = _REFERENCE.match(text, at)
        if reference:
            values = [body.lstrip() for body in pdf.bodies(int(reference.group(1)), int(reference.group(2)))]
            if not values:
                reasons.add(PDF_ACTION)  # points at nothing this check can find: not taken on trust
        for value in values:
            if value.startswith(b"[") or value.startswith(b"null"):
                continue
            if value.startswith(b"<<"):
                action = _dictionary(value, 0)
                kind = _S.search(action)
                kind_name = _NAME.match(action, _skip_space(action, kind.end())) if kind else None
                if kind_name and _decode_name(kind_name.group(1)) == b"GoTo" and not _NEXT.search(action):
                    continue
            reasons.add(PDF_ACTION)
    return reasons


def _address(value: bytes) -> bytes:
    """An address as a browser reads it: control characters and spaces dropped ("java\tscript:" is
    "javascript:"), in lower case."""
    return re.sub(rb"[\x00-\x20]", b"", value).lower()


def _uri_reasons(text: bytes) -> set[str]:
    reasons = set()
    for count, match in enumerate(_URI.finditer(text)):
        if count == PDF_MAX_LINKS:
            raise DocumentRefused(UNCHECKABLE)
        value = _string_at(text, _skip_space(text, match.end()))
        if value is not None and _address(value).startswith(_SCRIPT_ADDRESSES):
            reasons.add(PDF_ACTION)
    return reasons


def _pdf_reason(data: bytes, budget: _Budget) -> str | None:
    if b"%%EOF" not in data:
        raise DocumentRefused(DAMAGED)  # a PDF ends with %%EOF: this one was cut short
    pdf = _Pdf(data, budget)
    reasons = set()
    for pattern, reason in _PDF_LONG_NAMES:
        if any(pattern.search(text) for text in [data, *pdf.unpacked]):
            reasons.add(reason)
    for text in [b" ".join(pdf.outside_streams), *pdf.unpacked]:
        for pattern, reason in _PDF_SHORT_NAMES:
            if pattern.search(text):
                reasons.add(reason)
    for text in [data, *pdf.unpacked]:
        reasons |= _open_action_reasons(pdf, text) | _uri_reasons(text)
        if _MARKUP.search(text.lower()):
            reasons.add(PDF_HTML)
    return _first(reasons)


# Zip packages: Word and Excel (OOXML) and OpenDocument ---------------------------------------------------------

_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORD_NS = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://purl.oclc.org/ooxml/wordprocessingml/main"}
_SHEET_NS = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
             "http://purl.oclc.org/ooxml/spreadsheetml/main"}
# A formula that calls another program through DDE: =cmd|'/c calc'!A1, =MSEXCEL|'\..\..\cmd'!A0.
_DDE_FORMULA = re.compile(r"""(?:^|[=(,+\-*/&;\s])[@+\-]?'?[A-Za-z0-9_.\\]+'?\|""")
_ODF_NS_PREFIX = "urn:oasis:names:tc:opendocument:xmlns:"
_ODF_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: a VBA project, an OLE object
_MACRO_FILES = {"vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin", "vbaprojectsignatureagile.bin"}
_MACRO_FOLDERS = {"basic", "scripts", "dialogs"}  # OpenDocument: StarBasic, other script languages
_MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "macrosheet")
_MACRO_ADDRESSES = ("vnd.sun.star.script:", "vnd.sun.star.basic:", "macro:")
_SCRIPT_ADDRESS_PREFIXES = ("javascript:", "vbscript:", "ms-msdt:", "search-ms:")
_RELATIONSHIP_REASONS = {
    "vbaproject": MACROS, "activexcontrol": ACTIVE_CONTROLS, "activexcontrolbinary": ACTIVE_CONTROLS,
    "control": ACTIVE_CONTROLS, "oleobject": EMBEDDED_FILES, "afchunk": EMBEDDED_FILES,
}
_ODF_TEXT_MIMETYPE = ODT.encode()


def _zip_open(data: bytes) -> zipfile.ZipFile:
    # The end of central directory record ends the file (after its comment): nothing hides after it.
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end == -1 or end + 22 > len(data) or end + 22 + struct.unpack("<H", data[end + 20:end + 22])[0] != len(data):
        raise DocumentRefused(DAMAGED)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError,
            struct.error) as error:
        raise DocumentRefused(DAMAGED) from error


def _zip_kind(archive: zipfile.ZipFile) -> str | None:
    names = {name.lower() for name in archive.namelist()}
    if "[content_types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[content_types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    if "mimetype" in names and "content.xml" in names:
        info = archive.getinfo(next(n for n in archive.namelist() if n.lower() == "mimetype"))
        if info.file_size <= 100 and archive.read(info).strip() == _ODF_TEXT_MIMETYPE:
            return ODT
    return None


def _zip_reasons(archive: zipfile.ZipFile, budget: _Budget, depth: int) -> set[str]:
    infos = archive.infolist()
    if len(infos) > ZIP_MAX_MEMBERS:
        raise DocumentRefused(TOO_LARGE_UNPACKED)
    seen = set()
    for info in infos:
        name = info.filename.lower()
        if name in seen or name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or "\x00" in name:
            raise DocumentRefused(DAMAGED)
        seen.add(name)
        if info.flag_bits & 0x1:
            raise DocumentRefused(UNCHECKABLE)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentRefused(UNCHECKABLE)
    budget.spend(sum(info.file_size for info in infos))  # before anything is inflated
    reasons = set()
    for info in infos:
        if info.is_dir():
            folders = info.filename.lower().strip("/").split("/")
            if _MACRO_FOLDERS & set(folders):
                reasons.add(MACROS)
            continue
        try:
            content = archive.read(info)  # never more than file_size; the CRC is checked at the end
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError,
                ValueError) as error:
            raise DocumentRefused(DAMAGED) from error
        reasons |= _member_reasons(info.filename, content, budget, depth)
    return reasons


def _member_reasons(filename: str, content: bytes, budget: _Budget, depth: int) -> set[str]:
    parts = filename.lower().split("/")
    base, folders = parts[-1], set(parts[:-1])
    reasons = set()
    if base in _MACRO_FILES or _MACRO_FOLDERS & folders:
        reasons.add(MACROS)
    if "activex" in folders:
        reasons.add(ACTIVE_CONTROLS)
    if content.startswith(_CFB) and not reasons:
        reasons.add(EMBEDDED_FILES)  # an OLE object: anything can be inside, nothing here can read it
    if content.startswith(b"PK\x03\x04"):  # an embedded package: a chart's workbook, a document
        if depth >= ZIP_MAX_NESTING:
            raise DocumentRefused(UNCHECKABLE)
        reasons |= _zip_reasons(_zip_open(content), budget, depth + 1)
    if base.endswith((".xml", ".rels", ".svg")) or content.lstrip(b"\xef\xbb\xbf\t\n\r ").startswith(
            (b"<", b"\xff\xfe<", b"\xfe\xff\x00<")):
        # Every part that is XML, whatever its name: Word finds a part by its content type, not its name.
        reasons |= _XmlCheck(document_type_allowed=base.endswith(".svg")).run(content)
    return reasons


class _XmlCheck:
    """One XML part, read by expat (so that encodings and character references are decoded as Word or
    LibreOffice would) for what the module docstring lists."""

    def __init__(self, *, document_type_allowed: bool = False):
        # Word and OpenDocument parts never declare a document type; pictures (SVG) often do. Expat
        # (2.4 and later) limits entity expansion, and never fetches an external entity here.
        self.document_type_allowed = document_type_allowed
        self.reasons = set()
        self.fields = []  # the instruction of each Word field (DDE, DDEAUTO...), as its runs spell it
        self.open_fields = []
        self.in_instruction = False
        self.in_formula = False
        self.formula = ""

    def run(self, content: bytes) -> set[str]:
        parser = expat.ParserCreate(namespace_separator=" ")
        if not self.document_type_allowed:
            parser.StartDoctypeDeclHandler = self._doctype
            parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        try:
            parser.Parse(content, True)
        except expat.ExpatError as error:
            raise DocumentRefused(DAMAGED) from error
        for instruction in self.fields:
            words = instruction.split()
            if words and words[0].upper() in ("DDE", "DDEAUTO"):
                self.reasons.add(DDE_FIELD)
        return self.reasons

    def _doctype(self, *args):
        raise DocumentRefused(DAMAGED)

    def _start(self, name: str, attributes: dict):
        namespace, _, local = name.rpartition(" ")
        values = {key.rpartition(" ")[2]: value for key, value in attributes.items()}
        for value in attributes.values():
            address = _address(value.encode("utf-8", "replace")).decode("utf-8", "replace")
            if address.startswith(_MACRO_ADDRESSES):
                self.reasons.add(MACROS)
            elif address.startswith(_SCRIPT_ADDRESS_PREFIXES):
                self.reasons.add(ACTIVE_CONTROLS)
        if namespace == _CONTENT_TYPES_NS and local in ("Default", "Override"):
            kind = values.get("ContentType", "").lower()
            if any(marker in kind for marker in _MACRO_CONTENT_TYPES):
                self.reasons.add(MACROS)
            elif "activex" in kind:
                self.reasons.add(ACTIVE_CONTROLS)
            elif "oleobject" in kind:
                self.reasons.add(EMBEDDED_FILES)
        elif namespace == _RELATIONSHIPS_NS and local == "Relationship":
            kind = values.get("Type", "").rstrip("/").rpartition("/")[2].lower()
            if kind in _RELATIONSHIP_REASONS:
                self.reasons.add(_RELATIONSHIP_REASONS[kind])
            if values.get("TargetMode", "").lower() == "external" and kind != "hyperlink":
                self.reasons.add(EXTERNAL_CONTENT)
        elif namespace in _WORD_NS:
            if local == "fldChar":
                kind = values.get("fldCharType")
                if kind == "begin":
                    self.fields.append("")
                    self.open_fields.append(len(self.fields) - 1)
                elif kind == "end" and self.open_fields:
                    self.open_fields.pop()
            elif local == "instrText":
                self.in_instruction = True
            elif local == "fldSimple":
                self.fields.append(values.get("instr", ""))
        elif namespace in _SHEET_NS:
            if local == "ddeLink":
                self.reasons.add(DDE_FIELD)  # a workbook's link to another program (xl/externalLinks)
            elif local == "f":
                self.in_formula, self.formula = True, ""
        elif local == "event-listener" and namespace.startswith(_ODF_NS_PREFIX):
            self.reasons.add(ACTIVE_CONTROLS)  # OpenDocument: a script or program bound to an event
        elif (namespace, local) in ((_ODF_OFFICE_NS, "script"), (_ODF_TEXT_NS, "execute-macro")):
            self.reasons.add(MACROS)  # a script in the document; a field that runs a macro when clicked
        elif namespace == _ODF_DRAW_NS and local in ("applet", "plugin"):
            self.reasons.add(ACTIVE_CONTROLS)
        elif namespace == _ODF_DRAW_NS and local == "object-ole":
            self.reasons.add(EMBEDDED_FILES)

    def _end(self, name: str):
        namespace, _, local = name.rpartition(" ")
        if namespace in _WORD_NS and local == "instrText":
            self.in_instruction = False
        elif namespace in _SHEET_NS and local == "f":
            self.in_formula = False
            if _DDE_FORMULA.search(self.formula):
                self.reasons.add(DDE_FIELD)

    def _text(self, text: str):
        if self.in_formula:
            self.formula += text
        if self.in_instruction and self.open_fields:
            index = self.open_fields[-1]
            self.fields[index] += text
