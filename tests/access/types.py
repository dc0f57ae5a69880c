"""The shapes of an access case: who may open a URL, and what to build to test it."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Scenario:
    kwargs: dict = field(default_factory=dict)
    allowed: object = None  # a user with the right (None: anonymous is enough)
    refused: object = None  # a signed-in user without the right (record and staff kinds)
    post_data: dict = field(default_factory=dict)
    # What a refused POST must leave unchanged: called before and after, results compared.
    state: Callable[[], object] = lambda: None
    bad_kwargs: dict | None = None  # token kind: the same URL with a wrong secret


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
