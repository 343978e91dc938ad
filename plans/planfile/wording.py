"""The decree's own wording of responsible agencies, forms of completion and budgets, read into data.

Pure functions over text and a table of agencies: no database, so the reading can be tested and
previewed before anything is written.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from plans.models import Agency, Measure

from .columns import AMOUNT_DECIMALS, AMOUNT_WHOLE_DIGITS

LEAD_MARKS = ("жинақтау", "свод")
AGREEMENT_MARKS = ("келісім бойынша", "по согласованию")
# Stems that name a city in any of an agency's names or its code, in kk/ru/en.
CITY_STEMS = {"Астана": ("астан", "astana", "нұр-сұлтан", "нур-султан"), "Алматы": ("алматы", "almaty")}
# Akimat phrases → which akimats they stand for: every region, plus named cities ("*" = every city).
AKIMAT_PHRASES = [
    (r"облыстардың,? республикалық маңызы бар қалалардың және астананың әкімдіктері", "*"),
    (r"облыстардың,? Астана (?:мен|және) Алматы қалаларының әкімдіктері", ("Астана", "Алматы")),
    (r"облыстардың әкімдіктері|облыс әкімдіктері", ()),
    (r"акиматы областей,? городов республиканского значения и столицы", "*"),
    (r"акиматы областей,? городов Астаны и Алматы", ("Астана", "Алматы")),
    (r"акиматы областей|областные акиматы", ()),
]
FORM_KIND_WORDS = [
    (Measure.FormKind.INFORMATION, ("ақпарат", "информаци", "information")),
    (Measure.FormKind.PROPOSALS, ("ұсыныс", "предложени", "proposal")),
    (Measure.FormKind.ORDER, ("бұйрығы", "бұйрық", "приказ", "order")),
    (Measure.FormKind.DECREE, ("қаулысы", "постановлени", "decree")),
]
BUDGET_PAIR = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*(?:жыл\w*|год\w*|г\.)?\s*[-–—:]\s*(?P<amount>\d[\d\s\u00a0]*(?:[.,]\d+)?)"
    r"\s*(?:мың теңге|тыс\.?\s*тенге)?",
    re.IGNORECASE,
)


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _names_city(agency: dict, city: str) -> bool:
    names = " ".join(str(agency.get(k) or "") for k in ("code", "name_kk", "name_ru", "name_en")).lower()
    return any(stem in names for stem in CITY_STEMS[city])


def akimats_of(agencies: dict[str, dict], cities) -> list[str]:
    """The akimats an akimat phrase stands for, chosen by the agencies' kind and territory, regions
    first, each group in code order (so the agencies table's own order does not matter)."""
    out = []
    for code, a in sorted(
        agencies.items(), key=lambda item: (item[1]["territory"] != Agency.Territory.REGION, item[0])
    ):
        if a["kind"] != Agency.Kind.AKIMAT:
            continue
        if (
            a["territory"] == Agency.Territory.REGION
            or a["territory"] == Agency.Territory.CITY
            and (cities == "*" or any(_names_city({"code": code, **a}, c) for c in cities))
        ):
            out.append(code)
    return out


def parse_responsible(text: str, agencies: dict[str, dict]) -> tuple[list[tuple[str, bool, bool]], list[str]]:
    """``[(agency code, is lead, by agreement), ...]`` in order, and the problems found."""
    text = normalize(text)
    placeholders: dict[str, list[str]] = {}
    for n, (pattern, cities) in enumerate(AKIMAT_PHRASES):
        key = f"@akimats{n}"
        text, found = re.subn(pattern, key, text, flags=re.IGNORECASE)
        if found:
            placeholders[key] = akimats_of(agencies, cities)
    result, problems, seen = [], [], set()
    for item in filter(None, (part.strip() for part in text.split(","))):
        marks = [normalize(m).lower() for m in re.findall(r"\(([^)]*)\)", item)]
        code = normalize(re.sub(r"\([^)]*\)", "", item))
        unknown_marks = [m for m in marks if m not in LEAD_MARKS + AGREEMENT_MARKS]
        if unknown_marks:
            problems.append(_("unknown mark '(%(mark)s)' after '%(code)s'") % {"mark": unknown_marks[0], "code": code})
        lead = any(m in LEAD_MARKS for m in marks)
        agreed = any(m in AGREEMENT_MARKS for m in marks)
        codes = placeholders.get(code, [code])
        if code in placeholders and not codes:
            problems.append(_("the akimat phrase names akimats, but the agencies table has none"))
        for c in codes:
            if c not in agencies:
                problems.append(_("unknown agency code '%(code)s'") % {"code": c})
            elif c in seen:
                problems.append(_("agency '%(code)s' is listed twice") % {"code": c})
            else:
                seen.add(c)
                result.append((c, lead, agreed))
    if sum(1 for _code, lead, _agreed in result if lead) > 1:
        problems.append(_("more than one lead agency (жинақтау)"))
    return result, problems


def parse_amount(text: str) -> Decimal | str:
    """The amount written in ``text`` exactly, or the reason it cannot be stored."""
    try:
        amount = Decimal(re.sub(r"[\s\u00a0]", "", text).replace(",", "."))
    except InvalidOperation:
        return _("'%(text)s' is not an amount") % {"text": text}
    whole, _point, decimals = format(amount, "f").partition(".")
    if len(whole.lstrip("-")) > AMOUNT_WHOLE_DIGITS or len(decimals) > AMOUNT_DECIMALS:
        limits = {"text": text, "digits": AMOUNT_WHOLE_DIGITS, "decimals": AMOUNT_DECIMALS}
        return _("'%(text)s' is out of range (at most %(digits)s digits and %(decimals)s decimals)") % limits
    return amount


def parse_budget(text: str, first_year: int, last_year: int) -> tuple[dict[int, Decimal], str, list[str]]:
    """Per-year amounts (thousand KZT) or a note, and the problems found."""
    text = normalize(text)
    pairs = list(BUDGET_PAIR.finditer(text))
    if not pairs:
        if re.search(r"\d", text):
            message = _("cannot read amounts in '%(text)s': write them as '2014 жыл – 549 642 мың теңге, 2015 жыл – …'")
            return {}, "", [message % {"text": text}]
        return {}, text, []
    budget, problems = {}, []
    for match in pairs:
        year = int(match["year"])
        amount = parse_amount(match["amount"].strip())
        if isinstance(amount, str):
            problems.append(amount)
        elif not first_year <= year <= last_year:
            problems.append(
                _("year %(year)s is outside the plan period %(first)s–%(last)s")
                % {"year": year, "first": first_year, "last": last_year}
            )
        elif year in budget:
            problems.append(_("year %(year)s is given twice") % {"year": year})
        else:
            budget[year] = amount
    leftover = normalize(BUDGET_PAIR.sub("", text).replace(",", " ").replace(";", " "))
    if leftover:
        problems.append(_("cannot read '%(text)s' in the expenses") % {"text": leftover})
    return budget, "", problems


def form_kind_of(wording: str) -> str:
    lowered = wording.lower()
    for kind, words in FORM_KIND_WORDS:
        if any(w in lowered for w in words):
            return kind
    return Measure.FormKind.OTHER
