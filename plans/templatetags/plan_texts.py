from django import template
from django.utils.html import format_html

from plans import texts

register = template.Library()


@register.filter
def langmark(value, length=None):
    """``{{ measure.title|langmark }}`` (or ``|langmark:160`` to shorten): the text in the reader's
    language, or the original one marked with its language."""
    return texts.marked_html(value, int(length) if length else None)


@register.filter
def langmark_plain(value, length=None):
    return texts.marked_plain(value, int(length) if length else None)


@register.simple_tag
def translation_note(plan):
    """A note naming the reader's language as an unofficial working translation of the plan."""
    note = texts.translation_note(plan)
    return format_html('<p class="translation-note" role="note">{}</p>', note) if note else ""


@register.simple_tag
def translation_note_plain(plan):
    return texts.translation_note(plan)
