"""The report's snapshot keeps days as ISO text (plain JSON): shown as "3 April 2017"."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def day(value: str) -> str:
    if not value:
        return ""
    try:
        return f"{date.fromisoformat(value):%-d %B %Y}"
    except ValueError:
        return value


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key) if mapping else None
