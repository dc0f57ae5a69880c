"""How each view declares who may open it; the access sweep (tests/access) checks every URL.

Kinds, after DESIGN.md:
- public: opens without sign-in (sign-in, password reset, accessibility statement, health).
- token: opens without sign-in, with a secret in the URL (password reset link, calendar feed).
- signed_in: every signed-in member (partnership records and pages of one's own).
- record: the view decides per record with a `rules` permission (body and restricted records),
  through `get_object_or_403`, and answers 403 to a signed-in user without the right.
- staff: administrators only.
LoginRequiredMiddleware sends the anonymous to sign-in for every kind but public and token.

These are the views' read checks. A write's rule lives in its service, which refuses a person without
the right with bscb.services.NotAllowed, a PermissionDenied: Django answers it with a 403, so no view
catches it, and a POST without the right is refused even where a view's own check is missing.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve

PUBLIC, TOKEN, SIGNED_IN, RECORD, STAFF = "public", "token", "signed_in", "record", "staff"


def _mark(kind, *, login_required=True):
    def decorate(view):
        view.access = kind
        if not login_required:
            view.login_required = False
        return view

    return decorate


public = _mark(PUBLIC, login_required=False)
token = _mark(TOKEN, login_required=False)
signed_in = _mark(SIGNED_IN)
record = _mark(RECORD)


def staff(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.access = STAFF
    return wrapped


def get_object_or_403(request, perm: str, queryset, **lookup):
    """The record, or 404 when it does not exist, or 403 when the user has no right to it."""
    obj = get_object_or_404(queryset, **lookup)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


# Which of many addresses open for a reader, asked of the app whose view decides (issue 13 §2: a page must
# not link what then refuses its reader). A page that draws its own links asks the view's permission with
# `{% has_perm %}`; a page that shows addresses made elsewhere (a notice's, stored when its reminder was
# sent) asks here, and names the thing without a link where it does not open.
_LINK_RULES: dict[str, Callable[[object, list[dict]], list[bool]]] = {}


def link_rule(url_name: str):
    """Register, for a view deciding per record, `rule(user, [kwargs, ...]) -> [bool, ...]`: whether each
    of its addresses opens for the user, by the permission the view itself checks, for all of them at once
    (a query, not one an address)."""
    def register(rule):
        _LINK_RULES[url_name] = rule
        return rule

    return register


def links_that_open(user, paths) -> set[str]:
    """The paths among `paths` that open for `user`: those of a view with a link rule as its rule says,
    each view asked once; any other is left as it is (its page is every member's, or no rule says)."""
    asked: dict[str, list[tuple[str, dict]]] = {}
    opens = set()
    for path in set(paths):
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            match = None
        if match is not None and match.url_name in _LINK_RULES:
            asked.setdefault(match.url_name, []).append((path, match.kwargs))
        else:
            opens.add(path)
    for name, found in asked.items():
        answers = _LINK_RULES[name](user, [kwargs for _, kwargs in found])
        opens.update(path for (path, _), ok in zip(found, answers, strict=True) if ok)
    return opens
