"""``{{ value|amount }}`` (thousand tenge, one decimal) and ``{{ value|number }}`` (whole, or
``number:2`` places), in the active language; an empty value shows as a dash."""

from django import template

from plans.formatting import format_amount, format_number

register = template.Library()


@register.filter
def amount(value) -> str:
    return format_amount(value) or "—"


@register.filter
def number(value, decimals=0) -> str:
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 0
    return format_number(value, places) or "—"
