"""How a person is identified at sign-in: one normalised email address for storage, the account lookup,
django-axes' lockout and password reset. (Not in bscb.backends: accountability.models imports this, and
importing Django's auth backends needs the user model loaded.)"""

import unicodedata

from django.conf import settings


def normalise_email(address: str | None) -> str:
    """The one form of an email address that sign-in, the lockout, password reset and storage use.

    NFKC (as Django's AbstractBaseUser.clean() does to a user name), surrounding space removed,
    every letter lower case. Accounts are stored in this form and looked up by exact equality with
    it, never `iexact`: PostgreSQL's UPPER() folds more than Python's lower() ("ſ" matches "s"), so
    a match in any case could reach an account under a key that django-axes counts apart."""
    return unicodedata.normalize("NFKC", address or "").strip().lower()


def axes_username(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: django-axes counts failures, and locks, under the normalised address,
    so "Daniel.Wilson@..." and "daniel.wilson@..." share one count whichever form was posted
    (the sign-in page or the admin's)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", request.POST).get(field)
    return normalise_email(value) if isinstance(value, str) else value
