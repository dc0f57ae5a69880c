"""What the fuzz posts (Hypothesis strategies): the form as the page would send it with the case's own answers,
then a few of its fields changed to something hostile (empty, very long, control characters and NUL bytes,
numbers out of range, impossible dates, choices the form did not offer, a field sent twice), its guards now and
then spoiled, unknown fields added and a hostile `next` in the form or the query string."""

from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

from hypothesis import strategies as st

from tests.fuzz.fields import Field, date_groups
from tests.helpers.forms import GUARDS


class _Absent:
    """A field the post leaves out."""

    def __repr__(self):
        return "ABSENT"


ABSENT = _Absent()


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


@dataclass
class Post:
    data: dict  # name -> a str, a list of str (the name repeated), an Upload, or ABSENT
    query: str = ""  # "" or "?next=..."
    urlencoded: bool = False  # as a browser's form (application/x-www-form-urlencoded), else multipart

    def sent(self) -> dict:
        """As the test client takes it: a file as an open file with its name (the client sends the name's last
        part, as a browser does)."""
        sent = {}
        for name, value in self.data.items():
            if value is ABSENT:
                continue
            if isinstance(value, Upload):
                file = BytesIO(value.content)
                file.name = value.name
                value = file
            sent[name] = value
        return sent


# Text a browser can send: any character but a lone surrogate, which no encoding can carry.
_CHARACTERS = st.characters(exclude_categories=("Cs",))
TEXT = st.text(_CHARACTERS, max_size=40)
ODD_TEXT = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\r\n", "\t", "\x1b[31m", "\x7f", "\u202e", "\ufeff", "\u200b", "\U0010ffff",
    "\U0001f600", "<script>alert(1)</script>", "' OR '1'='1", "%s %d %n", "{{ 7|add:7 }}", "{% debug %}",
    "../../etc/passwd", "\\", "null", "None", "[]", "true",
])
# Longer than a name (150), a title (300), a free text (10,000), and than the limit on a form's data (2 MB: in
# letters that need no escaping, which the test client encodes quickly).
LONG = st.one_of(
    st.tuples(st.sampled_from([151, 301, 1_001, 10_001, 100_001]),
              st.sampled_from(["x", "\u00e9", "\U0001f600", "\x00"])).map(lambda pair: pair[1] * pair[0]),
    st.just("x" * (2 * 1024 * 1024 + 1)),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from([
        "0", "-0", "+1", "-1", "1.5", "1e3", "1e309", "1_000", " 7 ", "007", "0x10", "\u0663", "\U0001d7df",
        "\u00b2", "NaN", "inf", "-inf", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
        "9" * 30, "9" * 5000,
    ]),
)
GENERIC = st.one_of(
    st.just(ABSENT), ODD_TEXT, TEXT, NUMBERS, LONG,
    st.lists(TEXT, min_size=2, max_size=3),  # the name sent twice or more
)
WRONG_CHOICES = st.sampled_from([
    "", "0", "-1", "999999999", "2147483648", "99999999999999999999", "1.5", "abc", "\x00", "1\x00", " 1", "on",
])

# A GOV.UK date: day, month and year typed separately, each part real or not (a real year four times in ten: a
# year of other than four digits is refused before the parts are put together).
DAYS = ["0", "00", "29", "30", "31", "32", "-1", "x", " 1", "1.0", "\u0663\u0661", "2147483648", "99999999999999999999"]
MONTHS = ["0", "2", "13", "-1", "feb", "2147483648", "99999999999999999999"]
YEARS = ["0", "00", "0000", "17", "0017", "999", "1899", "2101", "9999", "10000", "-1", "-2017", "+2017", "2147483648",
         "99999999999999999999", "20x7", "\uff12\uff10\uff11\uff17", "2017.0", " 2017"]
DATE = st.one_of(
    st.tuples(st.sampled_from(["1", "28", *DAYS]), st.sampled_from(["1", "12", *MONTHS]),
              st.one_of(st.sampled_from(["1900", "2017", "2100"]), st.sampled_from(YEARS))),
    st.tuples(st.just("31"), st.just("2"), st.sampled_from(["2017", *YEARS])),  # 31 February
    st.tuples(GENERIC, GENERIC, GENERIC),
)

NEXT = st.sampled_from([
    "present", "//evil.example", "javascript:alert(1)", "https://evil.example/", "/\\evil.example",
    "\\\\evil.example", "http:evil.example", " /due/", "/due/", "", "\x00", "/" + "a" * 3000,
    "/%0d%0aSet-Cookie:x=1", "data:text/html,<script>alert(1)</script>", "/admin/",
])
GUARD_VALUES = st.one_of(
    st.just(ABSENT),
    st.sampled_from(["", "0", "-1", "999999999", "2147483648", "99999999999999999999", "9" * 5000, "1.0", "x",
                     "\x00", "a" * 16, "a" * 65, "%" * 20]),
    TEXT,
)
UPLOADS = st.builds(
    Upload,
    name=st.sampled_from(["minutes.pdf", "minutes.docx", "minutes.odt", "minutes.exe", "../../etc/passwd",
                          "a" * 300 + ".pdf", "m\x00.pdf", "", "\u00fc.odt"]),
    content=st.one_of(st.binary(max_size=64), st.binary(max_size=64).map(lambda tail: b"%PDF-1.4\n" + tail),
                      st.binary(max_size=64).map(lambda tail: b"PK\x03\x04" + tail)),
)
EXTRA_NAMES = st.one_of(
    st.sampled_from(["id", "pk", "status", "is_superuser", "is_staff", "submit", "save", "delete", "_method",
                     "form-TOTAL_FORMS", "created_by", "history_user"]),
    st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=20),
)


def value_for(field: Field | None):
    """A hostile value for one field, by what the field is."""
    if field is None:  # a name the case posts that the page does not show
        return GENERIC
    if field.kind == "file":
        return st.one_of(UPLOADS, GENERIC)
    if field.kind in ("select", "choice", "button"):
        options = st.sampled_from(field.options) if field.options else WRONG_CHOICES
        return st.one_of(options, WRONG_CHOICES, st.lists(st.one_of(options, WRONG_CHOICES), min_size=2, max_size=4),
                         GENERIC)
    if field.numeric:
        return st.one_of(NUMBERS, GENERIC)
    return GENERIC


def _is_guard(name: str) -> bool:
    return name.rsplit("-", 1)[-1] in GUARDS


@st.composite
def posts(draw, fields: dict[str, Field], base: dict) -> Post:
    """`base`: the form as the page sends it with the case's answers (its guards included). Up to three of its
    fields (a date's three inputs counted as one) are changed; a guard is spoiled one time in eight."""
    data = dict(base)
    names = [name for name in dict.fromkeys([*fields, *base]) if name != "csrfmiddlewaretoken"]
    dates = date_groups(names)
    in_dates = {name for parts in dates.values() for name in parts}
    units = [("date", date) for date in dates]
    units += [("field", name) for name in names if name not in in_dates and not _is_guard(name)]
    if "next" not in names:
        units.append(("next", "next"))
    for kind, name in draw(st.lists(st.sampled_from(units), max_size=3, unique=True)):
        if kind == "date":
            data.update(zip(dates[name], draw(DATE), strict=True))
        elif kind == "next":
            data["next"] = draw(NEXT)
        else:
            data[name] = draw(value_for(fields.get(name)))
    for guard in (name for name in names if _is_guard(name)):
        if draw(st.integers(0, 7)) == 7:
            data[guard] = draw(GUARD_VALUES)
    for name, value in draw(st.dictionaries(EXTRA_NAMES, GENERIC, max_size=2)).items():
        data.setdefault(name, value)
    query = draw(st.one_of(st.just(""), NEXT.map(lambda value: "?" + urlencode({"next": value}))))
    uploads = any(isinstance(value, Upload) for value in data.values())
    return Post(data=data, query=query, urlencoded=not uploads and draw(st.booleans()))


def always(fields: dict[str, Field], base: dict) -> list[Post]:
    """Posts tried on every run before the random ones: the form as the page sends it with the case's answers,
    the errors seen before (a date part beyond a C int, 2147483648: an OverflowError; a `next` that is not a
    path, "present"), so that a bounded run cannot miss them."""
    tried = [Post(data=dict(base)), Post(data={**base, "next": "present"}, query="?next=present")]
    for parts in date_groups([*fields, *base]).values():
        tried.append(Post(data={**base, **dict(zip(parts, ["2147483648", "1", "2017"], strict=True))}))
        tried.append(Post(data={**base, **dict(zip(parts, ["1", "2147483648", "2017"], strict=True))}))
    return tried
