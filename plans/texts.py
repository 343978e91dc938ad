"""Texts in the reader's language: the one place that marks a fallback to the original text and
names unofficial working translations (pages, PDFs, e-mails and exports all ask here)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

# The languages of every text a plan carries, in the order its columns and forms list them.
# Defined here, where the texts are resolved, so that pure modules (deadlines) need no models;
# plans.models offers the same tuple to the rest of the code.
LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": gettext_lazy("Kazakh"), "ru": gettext_lazy("Russian"), "en": gettext_lazy("English")}


def _parts(value, length: int | None) -> tuple[str, str, bool]:
    text = str(value or "")
    if length:
        text = Truncator(text).chars(length)
    return text, getattr(value, "lang", ""), bool(getattr(value, "fallback", False))


def marked_html(value, length: int | None = None) -> str:
    """The text; when it is the original shown in place of a missing translation, in its own
    ``lang`` with a small ``(kk)`` badge."""
    text, lang, fallback = _parts(value, length)
    if not fallback:
        return format_html("{}", text)
    return format_html(
        '<span lang="{}">{}</span> <span class="lang-mark" lang="{}" title="{}">({})</span>',
        lang,
        text,
        get_language() or "kk",
        _("original text, not translated"),
        lang,
    )


def marked_plain(value, length: int | None = None) -> str:
    """The same for e-mails and exports: ``text [kk]`` when the original stands in."""
    text, lang, fallback = _parts(value, length)
    return f"{text} [{lang}]" if fallback and text else text


def translation_note(plan, lang: str | None = None) -> str:
    """ "Russian: unofficial working translation; the official text is Kazakh." when the reader's
    language is one of the plan's unofficial translations; otherwise empty."""
    lang = (lang or get_language() or "kk")[:2]
    if plan is None or not plan.translation_is_unofficial(lang):
        return ""
    return _("Unofficial working translation (%(language)s); the official text is %(official)s.") % {
        "language": LANGUAGE_NAMES.get(lang, lang),
        "official": LANGUAGE_NAMES.get(plan.official_language, plan.official_language),
    }
