"""How numbers, dates and names read in each language: one home for every page, e-mail and PDF.

Dates follow Django's locale formats (``config/formats/<lang>/formats.py``): prose
(``DATE_FORMAT``: "2015 жылғы 5 қаңтар", "5 января 2015 г.", "5 January 2015") and tables
(``SHORT_DATE_FORMAT``: "05.01.2015", "05 Jan 2015"). Templates use Django's ``date`` filter with
those names; Python code uses ``format_date``.

Kazakh and Russian group thousands with a no-break space and use a decimal comma
(``403 987,4``); English uses ``403,987.4``. Amounts go through ``Decimal`` so that a float
artefact (``96794.2999999999``) can never reach a reader. Downloads keep raw numbers.
"""

from __future__ import annotations

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone, translation
from django.utils.translation import get_language, pgettext

NBSP = "\u00a0"
SEPARATORS = {"kk": (NBSP, ","), "ru": (NBSP, ","), "en": (",", ".")}


def _lang(lang: str | None) -> str:
    code = (lang or get_language() or "kk")[:2]
    return code if code in SEPARATORS else "kk"


def to_decimal(value) -> Decimal | None:
    """The value as a Decimal (floats through their shortest repr), or None when it is no number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value, decimals: int = 0, lang: str | None = None) -> str:
    """``value`` rounded half-up to ``decimals`` places, grouped by thousands in the language's way;
    an empty string when it is not a number."""
    number = to_decimal(value)
    if number is None:
        return ""
    thousands, point = SEPARATORS[_lang(lang)]
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "−" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    text = thousands.join([whole, *groups])
    return sign + text + (point + fraction if decimals else "")


def format_figure(value, lang: str | None = None) -> str:
    """A measured figure with the decimal places it has (``23 761``, ``13,6``), grouped by thousands."""
    number = to_decimal(value)
    if number is None:
        return ""
    places = max(0, -number.normalize().as_tuple().exponent)
    return format_number(number, places, lang)


def format_amount(value, lang: str | None = None) -> str:
    """A thousand-tenge amount as the decree prints it: one decimal place."""
    return format_number(value, 1, lang)


def format_date(value, lang: str | None = None, *, short: bool = False) -> str:
    """A date (or a moment, in local time with its hour) in the language's prose form, or its
    table form when ``short``; an empty string for no date."""
    if not value:
        return ""
    moment = isinstance(value, datetime.datetime)
    if moment and timezone.is_aware(value):
        value = timezone.localtime(value)
    name = ("SHORT_" if short else "") + ("DATETIME_FORMAT" if moment else "DATE_FORMAT")
    with translation.override(_lang(lang)):
        return formats.date_format(value, name)


def document_ref(number, date=None, lang: str | None = None) -> str:
    """A letter's or an act's number and date in the language's official word order:
    "№ 42 от 05.02.2015", "05.02.2015 № 42", "No. 42 of 05 Feb 2015"."""
    if not number:
        return ""
    with translation.override(_lang(lang)):
        if not date:
            return pgettext("document", "No. %(number)s") % {"number": number}
        return pgettext("document", "No. %(number)s of %(date)s") % {
            "number": number,
            "date": format_date(date, short=True),
        }


# Alphabetical order as Kazakh and Russian readers expect it. Kazakh follows its own alphabet
# (Қ after К, І after Ы); Russian places the Kazakh letters right after their base letters.
KK_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RU_ALPHABET = "аәбвгғдеёжзиійкқлмнңоөпрстуұүфхһцчшщъыьэюя"


def collation_key(text: str, lang: str | None = None) -> tuple:
    """A sort key putting Cyrillic names in the language's alphabetical order (digits first,
    then Cyrillic, then Latin; case and punctuation only break ties)."""
    return _collation_key(text or "", _lang(lang))


@functools.lru_cache(maxsize=8192)  # the same few hundred names, sorted on every page
def _collation_key(text: str, code: str) -> tuple:
    alphabet = RU_ALPHABET if code == "ru" else KK_ALPHABET
    latin_first = code == "en"
    key = []
    for char in text.lower():
        if char.isdigit():
            key.append((0, ord(char)))
        elif char in alphabet:
            key.append((2 if latin_first else 1, alphabet.index(char)))
        elif "a" <= char <= "z":
            key.append((1 if latin_first else 2, ord(char)))
        elif char.isalpha():
            key.append((3, ord(char)))
    return (tuple(key), text)


def sort_by_name(items, name=lambda item: str(item), lang: str | None = None) -> list:
    return sorted(items, key=lambda item: collation_key(name(item), lang))
