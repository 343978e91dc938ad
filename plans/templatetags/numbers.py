"""``{{ value|amount }}`` (thousand tenge, one decimal), ``{{ value|number }}`` (whole, or
``number:2`` places) and ``{{ value|figure }}`` (the places the figure has), in the active
language; an empty value shows as a dash."""

from django import template

from plans.formatting import format_amount, format_figure, format_number

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


@register.filter
def figure(value) -> str:
    return format_figure(value) or "—"
