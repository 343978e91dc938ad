"""Deadlines as action plans write them (kk "орындау мерзімі", ru "срок исполнения").

A plan's table gives each measure a deadline in one cell: a month or a day of a given year, several
of them, or a date every year, possibly from a given year on. `parse_deadline` reads such a cell,
in Kazakh or Russian, into a `Schedule`; `Schedule.due_dates` turns it into concrete dates inside a
plan's period. Pure Python on purpose: models, seed loaders and tests use it without a database.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from .texts import LANGUAGES

KK_MONTHS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)
RU_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
# Hard-coded rather than calendar.month_name, which follows the process locale.
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

CONTINUOUS_WORDING = {"kk": "тұрақты", "ru": "постоянно", "en": "continuously"}
EVERY_WORDING = {
    "kk": {1: "ай сайын", 3: "тоқсан сайын", 6: "жарты жылда бір рет", 12: "жыл сайын"},
    "ru": {1: "ежемесячно", 3: "ежеквартально", 6: "раз в полугодие", 12: "ежегодно"},
    "en": {1: "every month", 3: "every quarter", 6: "every half-year", 12: "every year"},
}


class DeadlineError(ValueError):
    """A deadline text that cannot be read completely; `text` is that text, `reason` says why."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"cannot read the deadline {text!r}: {reason}")
        self.text = text
        self.reason = reason


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass(frozen=True)
class DueDate:
    """One concrete due moment as written: a day, or a whole month when `day` is None."""

    year: int
    month: int
    day: int | None = None

    def __post_init__(self) -> None:
        if not datetime.MINYEAR <= self.year <= datetime.MAXYEAR:
            raise ValueError(f"there is no year {self.year}")
        if not 1 <= self.month <= 12:
            raise ValueError(f"there is no month {self.month}")
        if self.day is not None and not 1 <= self.day <= _days_in(self.year, self.month):
            raise ValueError(f"there is no day {self.day} in {self.year}-{self.month:02d}")

    def as_date(self) -> datetime.date:
        """The due date; a month-precision deadline is due on the last day of that month."""
        return datetime.date(self.year, self.month, self.day or _days_in(self.year, self.month))

    def shifted(self, years: int) -> DueDate:
        year = self.year + years
        # 29 February moved to a common year becomes 28 February, as dateutil's relativedelta does.
        day = None if self.day is None else min(self.day, _days_in(year, self.month))
        return DueDate(year, self.month, day)

    def describe(self, lang: str) -> str:
        m = self.month - 1
        if lang == "kk":
            return f"{self.year} жылғы {_day_prefix(self.day)}{KK_MONTHS[m]}"
        if lang == "ru":
            if self.day is None:
                return f"{RU_MONTHS[m]} {self.year} года"
            return f"{self.day} {_RU_GENITIVE[m]} {self.year} года"
        return f"{_day_prefix(self.day)}{EN_MONTHS[m]} {self.year}"


@dataclass(frozen=True)
class Schedule:
    """When a measure is due: one-off dates, an annual date, or (in principle) both."""

    once: tuple[DueDate, ...] = ()
    annual_month: int | None = None
    annual_day: int | None = None
    annual_from: int | None = None
    # Every 1, 3, 6 or 12 months, due on the last day of each such period (from a year, optionally).
    every_months: int | None = None
    every_from: int | None = None
    # Reported on in every period until accepted as completed; it has no due date of its own.
    continuous: bool = False

    def __post_init__(self) -> None:
        # A list would make the frozen dataclass unhashable and compare unequal to the tuple.
        object.__setattr__(self, "once", tuple(self.once))
        if self.every_months not in (None, 1, 3, 6, 12):
            raise ValueError(f"a deadline cannot recur every {self.every_months} months")
        if self.every_from is not None and self.every_months is None:
            raise ValueError("a start year needs a recurrence")
        if self.annual_month is None:
            if self.annual_day is not None or self.annual_from is not None:
                raise ValueError("an annual day or start year needs an annual month")
            return
        DueDate(2001, self.annual_month)
        # Checked against a common year: "29 February every year" has no date in most years.
        if self.annual_day is not None and not 1 <= self.annual_day <= _days_in(2001, self.annual_month):
            raise ValueError(f"there is no day {self.annual_day} in month {self.annual_month} every year")
        if self.annual_from is not None:
            DueDate(self.annual_from, self.annual_month)

    @property
    def recurring(self) -> bool:
        return self.annual_month is not None or self.every_months is not None

    def due_dates(self, first_year: int, last_year: int) -> list[datetime.date]:
        """Sorted distinct due dates within the years first_year..last_year (inclusive)."""
        dates = {d.as_date() for d in self.once if first_year <= d.year <= last_year}
        if self.annual_month is not None:
            start = first_year if self.annual_from is None else max(first_year, self.annual_from)
            for year in range(start, last_year + 1):
                dates.add(DueDate(year, self.annual_month, self.annual_day).as_date())
        if self.every_months is not None:
            start = first_year if self.every_from is None else max(first_year, self.every_from)
            for year in range(start, last_year + 1):
                months = range(self.every_months, 13, self.every_months)
                dates.update(DueDate(year, month).as_date() for month in months)
        return sorted(dates)

    def shifted(self, years: int) -> Schedule:
        """The same schedule with every year moved by `years` (for training copies of a plan)."""
        return dataclasses.replace(
            self,
            once=tuple(d.shifted(years) for d in self.once),
            annual_from=None if self.annual_from is None else self.annual_from + years,
            every_from=None if self.every_from is None else self.every_from + years,
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "once": [{"year": d.year, "month": d.month, "day": d.day} for d in self.once],
            "annual_month": self.annual_month,
            "annual_day": self.annual_day,
            "annual_from": self.annual_from,
        }
        # The later forms are written only when used, so earlier schedules keep their exact JSON.
        if self.every_months is not None:
            data.update(every_months=self.every_months, every_from=self.every_from)
        if self.continuous:
            data["continuous"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Schedule:
        # Strict keys: a misspelt key must not quietly turn into "no deadline".
        return cls(
            once=tuple(DueDate(d["year"], d["month"], d["day"]) for d in data["once"]),
            annual_month=data["annual_month"],
            annual_day=data["annual_day"],
            annual_from=data["annual_from"],
            every_months=data.get("every_months"),
            every_from=data.get("every_from"),
            continuous=bool(data.get("continuous")),
        )

    def describe(self, lang: str) -> str:
        """Canonical wording in 'kk', 'ru' or 'en'; parse_deadline reads the kk and ru back."""
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}, expected one of {LANGUAGES}")
        if self.continuous:
            return CONTINUOUS_WORDING[lang]
        parts = [d.describe(lang) for d in self.once]
        if self.annual_month is not None:
            parts.append(self._describe_annual(lang, self.annual_month))
        if self.every_months is not None:
            parts.append(self._describe_every(lang))
        return "; ".join(parts)

    def _describe_every(self, lang: str) -> str:
        start = self.every_from
        wordings = {"kk": f" ({start} жылдан бастап)", "ru": f" (начиная с {start} года)", "en": f" (from {start})"}
        since = "" if start is None else wordings[lang]
        return EVERY_WORDING[lang][self.every_months] + since

    def _describe_annual(self, lang: str, month: int) -> str:
        m, day, start = month - 1, self.annual_day, self.annual_from
        if lang == "kk":
            since = "" if start is None else f" ({start} жылдан бастап)"
            return f"{_day_prefix(day)}{KK_MONTHS[m]} жыл сайын{since}"
        if lang == "ru":
            since = "" if start is None else f" (начиная с {start} года)"
            when = f"в {_RU_PREPOSITIONAL[m]}" if day is None else f"к {day} {_RU_GENITIVE[m]}"
            return f"ежегодно {when}{since}"
        since = "" if start is None else f" (from {start})"
        return f"{_day_prefix(day)}{EN_MONTHS[m]} every year{since}"


def _day_prefix(day: int | None) -> str:
    return "" if day is None else f"{day} "


# --- parsing -------------------------------------------------------------------------------------


def _ru_forms(nominative: str) -> set[str]:
    if nominative[-1] in "ьй":  # январь, май: января, январе, январю, январем
        stem = nominative[:-1]
        return {nominative} | {stem + ending for ending in ("я", "е", "ю", "ем")}
    return {nominative + ending for ending in ("", "а", "е", "у", "ом")}  # март, августа


# Case endings after a month name ("шілдеге", "қаңтардан", "мамырға", "шілдедегі"). Vowel harmony
# is not enforced: a wrong-harmony ending still names the month unambiguously.
_KK_ENDINGS = (
    "",
    "ға",
    "ге",
    "қа",
    "ке",
    "да",
    "де",
    "та",
    "те",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "дың",
    "дің",
    "тың",
    "тің",
    "ның",
    "нің",
    "ды",
    "ді",
    "ты",
    "ті",
    "ны",
    "ні",
)

_RU_GENITIVE = tuple((m[:-1] + "я") if m[-1] in "ьй" else m + "а" for m in RU_MONTHS)
_RU_PREPOSITIONAL = tuple((m[:-1] + "е") if m[-1] in "ьй" else m + "е" for m in RU_MONTHS)

_MONTH_WORDS: dict[str, tuple[int, str]] = {
    **{stem + ending: (n, "kk") for n, stem in enumerate(KK_MONTHS, 1) for ending in _KK_ENDINGS},
    **{form: (n, "ru") for n, nom in enumerate(RU_MONTHS, 1) for form in _ru_forms(nom)},
}

# Words that say nothing beyond the numbers and months around them ("2014 жылғы", "к 5 июля",
# "май 2014 г.", "шілдеге дейін"), with the language each belongs to (None: either).
_FILLERS: dict[str, str | None] = {
    "жылғы": "kk",
    "жыл": "kk",
    "ж": "kk",
    "дейін": "kk",
    "г": "ru",
    "гг": "ru",
    "год": "ru",
    "года": "ru",
    "годов": "ru",
    "к": "ru",
    "в": "ru",
    "до": "ru",
    "(": None,
    ")": None,
}
_FILLERS.update({"годах": "ru", "годы": "ru", "жылдары": "kk", "жылдарда": "kk", "жылдардың": "kk"})
_SEPARATORS: dict[str, str | None] = {",": None, ";": None, "және": "kk", "и": "ru"}

# Quarters: a Roman or Arabic numeral ("I", "2-", "3-ші", "4-й") before the word for quarter.
_QUARTER_NUMERALS = {"і": 1, "іі": 2, "ііі": 3, "іv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_WORDS = {
    **{"тоқсан" + e: "kk" for e in ("", "ы", "да", "ында", "ына", "ға", "ның", "ының")},
    **{"квартал" + e: "ru" for e in ("", "а", "е", "у")},
}
_ORDINAL_ENDINGS = ("ші", "шы", "інші", "ыншы", "й", "го", "м")
# Recurrences other than "every year on a date": word sequences → months between due dates.
_EVERY_PHRASES: list[tuple[tuple[str, ...], int, str]] = sorted(
    [
        (("ай", "сайын"), 1, "kk"),
        (("тоқсан", "сайын"), 3, "kk"),
        (("әр", "тоқсан", "сайын"), 3, "kk"),
        (("жарты", "жылда", "бір", "рет"), 6, "kk"),
        (("жарты", "жыл", "сайын"), 6, "kk"),
        (("жылына", "бір", "рет"), 12, "kk"),
        (("ежемесячно",), 1, "ru"),
        (("каждый", "месяц"), 1, "ru"),
        (("ежеквартально",), 3, "ru"),
        (("каждый", "квартал"), 3, "ru"),
        (("раз", "в", "квартал"), 3, "ru"),
        (("раз", "в", "полугодие"), 6, "ru"),
        (("один", "раз", "в", "полугодие"), 6, "ru"),
        (("каждое", "полугодие"), 6, "ru"),
        (("раз", "в", "полгода"), 6, "ru"),
        (("один", "раз", "в", "полгода"), 6, "ru"),
        (("раз", "в", "год"), 12, "ru"),
        (("один", "раз", "в", "год"), 12, "ru"),
    ],
    key=lambda phrase: -len(phrase[0]),
)
_CONTINUOUS = {"тұрақты": "kk", "тұрақты негізде": "kk", "үнемі": "kk", "постоянно": "ru", "на постоянной основе": "ru"}


def _quarter(words: list[str], i: int) -> tuple[int, int] | None:
    """(quarter, words used) when a quarter numeral starts at ``words[i]``."""
    if words[i] not in _QUARTER_NUMERALS:
        return None
    j = i + 1
    if j < len(words) and words[j] == "-":
        j += 1
        if j < len(words) and words[j] in _ORDINAL_ENDINGS:
            j += 1
    if j < len(words) and words[j] in _QUARTER_WORDS:
        return _QUARTER_NUMERALS[words[i]], j + 1 - i
    return None


def _every(words: list[str], i: int) -> tuple[int, int, str] | None:
    for phrase, months, lang in _EVERY_PHRASES:
        if tuple(words[i : i + len(phrase)]) == phrase:
            return months, len(phrase), lang
    return None


# PDF extraction spreads some words letter by letter ("Ш і л д е", "с а й ы н"); words stay apart
# by two spaces or a line break. Three letters at least, so that ru "и в январе" stays as it is.
_LETTER_SPACED = re.compile(r"(?<!\S)[^\W\d_](?: [^\W\d_]){2,}(?!\S)")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))
# Every non-space character lands in some token, so nothing is skipped unread.
_WORD = re.compile(r"[0-9]+|[^\W\d_]+|\S")


class _Tok(NamedTuple):
    kind: str  # "year" | "day" | "month" | "sep" | "dash" | "annual" | "from"
    word: str  # as written (normalised), for error messages
    value: int = 0  # the year, day or month number


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isascii() and word.isdigit()


Classified = tuple["_Tok | None", int, "str | None"]


def _phrase(words: list[str], i: int) -> Classified | None:
    """A token of several words starting at ``words[i]`` (a recurrence, a quarter, a start year)."""
    word, nxt, after = (words[i : i + 3] + ["", ""])[:3]
    if every := _every(words, i):
        months, size, lang = every
        return _Tok("every", " ".join(words[i : i + size]), months), size, lang
    if quarter := _quarter(words, i):
        number, size = quarter
        return _Tok("month", " ".join(words[i : i + size]), number * 3), size, _QUARTER_WORDS[words[i + size - 1]]
    if word == "жыл" and nxt == "сайын":
        return _Tok("annual", "жыл сайын"), 2, "kk"
    if _is_year(word) and nxt in ("жылдан", "ж") and after == "бастап":
        return _Tok("from", word, int(word)), 3, "kk"
    if word == "начиная" and nxt == "с" and _is_year(after):
        return _Tok("from", after, int(after)), 3, "ru"
    if word == "с" and _is_year(nxt):
        return _Tok("from", nxt, int(nxt)), 2, "ru"
    return None


def _word(words: list[str], i: int) -> Classified:
    """The token of the single word ``words[i]`` (None for a filler word), 1, and its language."""
    word = words[i]
    if word == "ежегодно":
        return _Tok("annual", word), 1, "ru"
    if word.isascii() and word.isdigit():
        if len(word) == 4:
            return _Tok("year", word, int(word)), 1, None
        if len(word) <= 2:
            return _Tok("day", word, int(word)), 1, None
        raise ValueError(f"{word!r} is neither a day nor a year")
    if word in _MONTH_WORDS:
        month, lang = _MONTH_WORDS[word]
        return _Tok("month", word, month), 1, lang
    if word in _SEPARATORS:
        return _Tok("sep", word), 1, _SEPARATORS[word]
    if word == "-":
        return _Tok("dash", word), 1, None
    if word in _FILLERS:
        return None, 1, _FILLERS[word]
    raise ValueError(f"unknown word {word!r}")


def _tokens(text: str) -> tuple[list[_Tok], str | None]:
    """Classify the words of `text`; returns the tokens and the language ('kk', 'ru' or None)."""
    text = _LETTER_SPACED.sub(lambda m: m[0].replace(" ", ""), text)
    # Latin "i" stands in for Kazakh "і" in many older documents ("сәуiр").
    text = text.lower().replace("ё", "е").replace("i", "і").translate(_DASHES)
    # A dot only ends an abbreviation here ("г.", "ж."); "05.07.2014" still fails on "05".
    words = [w for w in _WORD.findall(text) if w != "."]
    toks: list[_Tok] = []
    langs: set[str | None] = set()
    i = 0
    while i < len(words):
        tok, size, lang = _phrase(words, i) or _word(words, i)
        if tok is not None:
            toks.append(tok)
        langs.add(lang)
        i += size
    langs.discard(None)
    if len(langs) > 1:
        raise ValueError("it mixes Kazakh and Russian words")
    return toks, (langs.pop() if langs else None)


def parse_deadline(text: str) -> Schedule:
    """Read a deadline cell in Kazakh or Russian; DeadlineError unless every word is understood."""
    if not text or not text.strip():
        raise DeadlineError(text, "it is empty")
    if " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split()) in _CONTINUOUS:
        return Schedule(continuous=True)
    try:
        toks, lang = _tokens(text)
        annual = [t for t in toks if t.kind == "annual"]
        starts = [t for t in toks if t.kind == "from"]
        every = [t for t in toks if t.kind == "every"]
        rest = [t for t in toks if t.kind not in ("annual", "from", "every")]
        if every:
            return _every_schedule(rest, every + annual, starts)
        if annual:
            return _annual(rest, annual, starts)
        if starts:
            raise ValueError(f"a start year ({starts[0].word}) only makes sense for an annual deadline")
        return Schedule(once=_once(rest, lang))
    except ValueError as e:
        raise DeadlineError(text, str(e)) from None


def _every_schedule(rest: list[_Tok], every: list[_Tok], starts: list[_Tok]) -> Schedule:
    if len(every) > 1 or len(starts) > 1:
        raise ValueError("the recurrence or the start year is given twice")
    core = [t for t in rest if t.kind not in ("sep", "dash")]
    if core:
        raise ValueError(f"a recurring deadline ({every[0].word!r}) takes no date ({core[0].word!r})")
    months = every[0].value if every[0].kind == "every" else 12
    return Schedule(every_months=months, every_from=starts[0].value if starts else None)


def _annual(rest: list[_Tok], annual: list[_Tok], starts: list[_Tok]) -> Schedule:
    if len(annual) > 1 or len(starts) > 1:
        raise ValueError("'every year' or the start year is given twice")
    # Punctuation between the parts ("5 қаңтар, жыл сайын", "ежегодно – к 5 июля") adds nothing.
    core = [t for t in rest if t.kind not in ("sep", "dash")]
    if not core:
        return _every_schedule(rest, annual, starts)
    kinds = [t.kind for t in core]
    if kinds not in (["month"], ["day", "month"]):
        raise ValueError("an annual deadline needs exactly one month, or day and month, and no year")
    return Schedule(
        annual_month=core[-1].value,
        annual_day=core[0].value if len(core) == 2 else None,
        annual_from=starts[0].value if starts else None,
    )


def _once(toks: list[_Tok], lang: str | None) -> tuple[DueDate, ...]:
    if dashes := [t for t in toks if t.kind == "dash"]:
        raise ValueError(f"a dash ({dashes[0].word!r}) reads as a range, not as due dates")
    # Doubled separators ("5 июля 2014 года, и 5 января 2015 года") and a trailing comma or
    # semicolon add nothing; a dangling "және"/"и" may be a cut-off cell, so it stays an error.
    toks = [
        t
        for k, t in enumerate(toks)
        if t.kind != "sep"
        or (k + 1 < len(toks) and toks[k + 1].kind != "sep")
        or (k + 1 == len(toks) and t.word not in ",;")
    ]
    cursor = _Cursor(toks)
    dates: list[DueDate] = []
    while True:
        # Kazakh puts the year(s) first ("2014, 2015 жылғы 5 шілде"), Russian last ("5 июля 2014,
        # 2015 годов"); a phrase lists several years, phrases are separated by commas and the like.
        if lang == "ru":
            day, month = cursor.day_month()
            years = cursor.years()
        else:
            years = cursor.years()
            day, month = cursor.day_month()
        dates += [DueDate(year, month, day) for year in years]
        if cursor.at_end():
            return tuple(dates)
        cursor.take("sep", "a separator between dates")


class _Cursor:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks, self.pos = toks, 0

    def at_end(self) -> bool:
        return self.pos == len(self.toks)

    def peek(self, offset: int = 0) -> str | None:
        pos = self.pos + offset
        return self.toks[pos].kind if pos < len(self.toks) else None

    def take(self, kind: str, what: str) -> _Tok:
        if self.peek() != kind:
            found = "the end" if self.at_end() else repr(self.toks[self.pos].word)
            raise ValueError(f"expected {what}, found {found}")
        self.pos += 1
        return self.toks[self.pos - 1]

    def years(self) -> list[int]:
        years = [self.take("year", "a year").value]
        while self.peek() == "sep" and self.peek(1) == "year":
            self.pos += 1
            years.append(self.take("year", "a year").value)
        return years

    def day_month(self) -> tuple[int | None, int]:
        day = self.take("day", "a day").value if self.peek() == "day" else None
        return day, self.take("month", "a month").value
