"""Every email the app sends is built here from three templates: `<name>_subject.txt`, `<name>.txt`
and `<name>.html` (under templates/.../email/). Emails carry links, never the text of records, and
name the partnership from its configuration. Sending is the caller's: a Celery task, never a request."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .partnership import partnership_get


def absolute_url(path: str) -> str:
    """A link people can follow from their mail: the site's address before a path."""
    base = settings.SITE_URL.rstrip("/")
    return base + path if base and path.startswith("/") else path


def sender(partnership) -> str:
    """Who an email comes from: DEFAULT_FROM_EMAIL, named after the partnership where it gives no name
    of its own ("Bradford Safeguarding Children Board <no-reply@governance.example.org>")."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return settings.DEFAULT_FROM_EMAIL if name else formataddr((partnership.name, address))


def templated_email(*, template: str, context: dict, to: list[str], headers: dict | None = None,
                    connection=None) -> EmailMultiAlternatives:
    partnership = partnership_get()
    context = {"partnership": partnership, **context}
    # A header must be one line, whatever the template's line breaks.
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(subject, render_to_string(f"{template}.txt", context),
                                     sender(partnership), to, headers=headers, connection=connection)
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
