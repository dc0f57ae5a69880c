from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def _came_from(request) -> str | None:
    """The page the request came from (its Referer), if it is one of ours: the way back to the form."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return None


def bad_request(request, exception=None):
    """A request Django refused before any view saw it. A form too large to read (more than
    DATA_UPLOAD_MAX_MEMORY_SIZE of data) gets its own page, 413, which says what the limit is and how to
    get back to the form; anything else, the plain 400 page. Neither reads the request's data."""
    context = {"back": _came_from(request)}
    if isinstance(exception, RequestDataTooBig):
        context["limit"] = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).replace("\xa0", " ")
        return render(request, "413.html", context, status=413)
    return render(request, "400.html", context, status=400)
