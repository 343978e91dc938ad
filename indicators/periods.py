"""Reference periods of observations, as SDMX writes them: ``2025`` (year), ``2025-S1`` (half-year),
``2025-Q3`` (quarter), ``2025-04`` (month) and ``2025-01/2025-05`` (a span of whole months).

A span that is exactly a year, half-year or quarter is that period, so "January–June 2025" and
"2025-S1" are the same observation period. Pure code: no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _


class PeriodError(ValueError):
    pass


YEAR, HALF, QUARTER, MONTH, SPAN = "year", "half", "quarter", "month", "span"
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(text: str) -> tuple[int, int]:
    match = _MONTH_RE.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise PeriodError(_("“%(text)s” is not a month (YYYY-MM)") % {"text": text})
    return int(match[1]), int(match[2])


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def months(cls, year: int, first: int, year_to: int, last: int) -> Period:
        return cls(dt.date(year, first, 1), _month_end(year_to, last))

    @classmethod
    def parse(cls, text: str) -> Period:
        text = (text or "").strip()
        if re.fullmatch(r"\d{4}", text):
            return cls.months(int(text), 1, int(text), 12)
        if match := re.fullmatch(r"(\d{4})-([SQ])(\d)", text):
            year, kind, n = int(match[1]), match[2], int(match[3])
            size = 6 if kind == "S" else 3
            if not 1 <= n <= 12 // size:
                raise PeriodError(_("“%(text)s” is not a half-year or quarter") % {"text": text})
            return cls.months(year, (n - 1) * size + 1, year, n * size)
        if "/" in text:
            first, last = (_month(part.strip()) for part in text.split("/", 1))
            period = cls.months(*first, *last)
            if period.end < period.start:
                raise PeriodError(_("“%(text)s” ends before it starts") % {"text": text})
            return period
        if _MONTH_RE.match(text):
            return cls.months(*_month(text), *_month(text))
        raise PeriodError(
            _("“%(text)s” is not a period: use 2025, 2025-S1, 2025-Q1, 2025-01 or 2025-01/2025-06") % {"text": text}
        )

    @property
    def month_count(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def kind(self) -> str:
        n, first = self.month_count, self.start.month
        if self.start.year != self.end.year:
            return SPAN
        if n == 12:
            return YEAR
        if n == 6 and first in (1, 7):
            return HALF
        if n == 3 and first in (1, 4, 7, 10):
            return QUARTER
        return MONTH if n == 1 else SPAN

    @property
    def code(self) -> str:
        kind, y, m = self.kind, self.start.year, self.start.month
        if kind == YEAR:
            return str(y)
        if kind == HALF:
            return f"{y}-S{(m - 1) // 6 + 1}"
        if kind == QUARTER:
            return f"{y}-Q{(m - 1) // 3 + 1}"
        if kind == MONTH:
            return f"{y}-{m:02d}"
        return f"{y}-{m:02d}/{self.end.year}-{self.end.month:02d}"

    def year_before(self) -> Period:
        """The same months a year earlier: what "compared with the corresponding period" means."""
        return Period.months(self.start.year - 1, self.start.month, self.end.year - 1, self.end.month)

    def label(self) -> str:
        kind, y = self.kind, self.start.year
        if kind == YEAR:
            return str(y)
        if kind == HALF:
            return (_("January–June %(year)s") if self.start.month == 1 else _("July–December %(year)s")) % {"year": y}
        if kind == QUARTER:
            return _("Q%(n)s %(year)s") % {"n": (self.start.month - 1) // 3 + 1, "year": y}
        return self.code

    def __str__(self) -> str:
        return self.code
