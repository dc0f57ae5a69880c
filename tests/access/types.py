"""The shapes of an access case: who may open a URL, and what to build to test it."""

from collections.abc import Callable
from dataclasses import dataclass, field

# The refusals DESIGN.md names, each tried where a right is refused (record and staff kinds), and each
# a reader of the partnership's pages (signed-in kind) who must meet no link that refuses them.
WRONG_ROLE, OTHER_SUB_GROUP, OTHER_AGENCY = "a wrong role", "a member of another sub group", "a lead of another agency"


@dataclass
class Invalid:
    """How the axe sweep brings a form to its error state, where emptying its fields and pressing its first
    button does not: another button to press, fields to fill with something wrong (CSS selector: value),
    or a change to the record after the page opened (called with the Scenario) that the POST then
    refuses with a message (a confirmation: the meeting was held meanwhile)."""

    button: str | None = None
    fill: dict = field(default_factory=dict)
    meanwhile: Callable | None = None


@dataclass
class Scenario:
    kwargs: dict = field(default_factory=dict)
    allowed: object = None  # a user with the right (None: anonymous is enough)
    # Signed-in users without the right (record and staff kinds), where they differ: the wrong role (a
    # member of the very body who is not its chair, a chair of the body whose work it is, a body that
    # receives the work...); a member of another sub group; a lead of another agency. Left None, the
    # sweep makes the last two (a member of a body of their own, a lead of an agency of their own) and
    # the first (a person with no seat at all).
    refused: object = None
    other_sub_group: object = None
    other_agency: object = None
    # A refusal that does not apply here (OTHER_SUB_GROUP: any body's member raises an entry for their own
    # body), with the reason: the sweep does not try it.
    not_refused: dict[str, str] = field(default_factory=dict)
    post_data: dict = field(default_factory=dict)
    # What a refused POST must leave unchanged: called before and after, results compared.
    state: Callable[[], object] = lambda: None
    bad_kwargs: dict | None = None  # token kind: the same URL with a wrong secret
    # Text of the record that only a reader with the right may read (a draft's sections): no list page
    # shows it to a refused user.
    private: tuple[str, ...] = ()


@dataclass
class Case:
    kind: str
    setup: Callable[[], Scenario] = Scenario
    post: bool = False  # whether the view accepts a form POST
    get_status: int = 200  # what the allowed user gets
    post_status: int = 200  # what the allowed user's POST of post_data gets
    html: bool = True  # an HTML page (the axe sweep opens it)
    # Token kind: what a wrong secret gets. A page (200) must then say that it refused, in
    # refused_text; a feed or a file is refused outright (404), never served.
    refused_status: int = 404
    refused_text: str = ""
    # The list pages (URL names taking no arguments) that show the record this URL opens: each links it
    # for the allowed user and never for a refused one, who sees at most its name and state.
    listed_on: tuple[str, ...] = ()
    # A form's state of error, for the axe sweep (tests/browser/test_axe_sweep.py), which posts every form
    # of the registry and checks the page that says what is wrong: by default its fields emptied and its
    # first button pressed; `invalid` says otherwise. A form with no state of error gives the reason.
    invalid: Invalid | None = None
    no_error_state: str = ""
