from django import template
from django.utils.html import format_html

from bscb import text

register = template.Library()


@register.filter
def shorten(value, limit):
    """A long text cut for a heading or a table cell: bscb.text.shorten (a word boundary, an ellipsis)."""
    return text.shorten(value, int(limit))


@register.simple_tag
def crumb(label, href=None):
    """One breadcrumb; the last, the current page, is given without a link."""
    if href:
        return format_html(
            '<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{}">{}</a></li>',
            href, label,
        )
    return format_html('<li class="govuk-breadcrumbs__list-item" aria-current="page">{}</li>', label)


@register.simple_tag
def page_query(request):
    """The current query string without its page number, for pagination links that keep filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@register.filter
def in_section(path, href):
    """Whether a page at `path` belongs to the navigation section at `href` (home only itself)."""
    return path == href or (href != "/" and path.startswith(href))
