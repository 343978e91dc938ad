"""``{{ value|amount }}`` (thousand tenge, one decimal), ``{{ value|number }}`` (whole, or
``number:2`` places) and ``{{ value|figure }}`` (the places the figure has), in the active
language; an empty value shows as a dash. ``{% docref number date %}``: a letter's or an act's
number and date in the language's official word order."""

from django import template

from plans.formatting import document_ref, format_amount, format_figure, format_number

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


@register.simple_tag
def docref(number, date=None) -> str:
    return document_ref(number, date)
