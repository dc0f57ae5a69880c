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

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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
