from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def crumb(label, href=None):
    """One breadcrumb; the last, the current page, is given without a link."""
    if href:
        return format_html(
            '<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{}">{}</a></li>',
            href, label,
        )
    return format_html('<li class="govuk-breadcrumbs__list-item" aria-current="page">{}</li>', label)
