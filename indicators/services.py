"""Writes: the indicator catalogue and observations. Every write checks everything first and then
writes all of it in one transaction, or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Agency, Direction

from . import access
from .formats import FileInvalid, Problem, RawRow, Read, read
from .models import Indicator, Observation, Source, Territory
from .periods import Period, PeriodError


@dataclass
class Parsed:
    row: int
    indicator: Indicator
    territory: Territory
    period: Period
    value: Decimal
    status: str
    comment: str
    source: tuple[str, str, dt.date | None, str]
    place: str
    action: str = ""  # new / revised / unchanged, decided against what is stored


@dataclass
class ImportResult:
    rows: list[Parsed] = field(default_factory=list)
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    catalogue: str = ""

    def summary(self) -> str:
        if self.catalogue:
            return self.catalogue
        return _("%(new)s new, %(revised)s revised, %(same)s unchanged observations") % {
            "new": self.created,
            "revised": self.revised,
            "same": self.unchanged,
        }


# --- checking ---------------------------------------------------------------------------------


def _cell(raw: RawRow, column: str, problems: list[Problem], table: str, *, required: bool = True) -> str:
    value = raw.cells.get(column, "").strip()
    if required and not value:
        problems.append(Problem(table, raw.number, column, _("empty")))
    return value


def _decimal(text: str) -> Decimal:
    value = Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    if not value.is_finite() or abs(value) >= Decimal(10) ** 14:
        raise InvalidOperation
    return value


def _parse_row(raw: RawRow, table: str, indicators: dict, territories: dict, problems: list[Problem]) -> Parsed | None:
    before = len(problems)

    def cell(column, required=True):
        return _cell(raw, column, problems, table, required=required)

    code, area, period_text, value_text = cell("INDICATOR"), cell("REF_AREA"), cell("TIME_PERIOD"), cell("OBS_VALUE")
    title, issuer = cell("SOURCE_TITLE"), cell("SOURCE_ISSUER")
    status = cell("OBS_STATUS", False).upper() or Observation.Status.FINAL
    date_text = cell("SOURCE_DATE", False)
    indicator, territory = indicators.get(code), territories.get(area)
    if code and not indicator:
        problems.append(Problem(table, raw.number, "INDICATOR", _("unknown indicator code “%(c)s”") % {"c": code}))
    if area and not territory:
        problems.append(Problem(table, raw.number, "REF_AREA", _("unknown territory code “%(c)s”") % {"c": area}))
    period = value = date = None
    if period_text:
        try:
            period = Period.parse(period_text)
        except PeriodError as exc:
            problems.append(Problem(table, raw.number, "TIME_PERIOD", str(exc)))
    if value_text:
        try:
            value = _decimal(value_text)
        except InvalidOperation:
            problems.append(Problem(table, raw.number, "OBS_VALUE", _("“%(v)s” is not a number") % {"v": value_text}))
    if status not in Observation.Status.values:
        problems.append(
            Problem(table, raw.number, "OBS_STATUS", _("“%(s)s” is not A (final) or P (preliminary)") % {"s": status})
        )
    if date_text:
        try:
            date = dt.date.fromisoformat(date_text[:10])
        except ValueError:
            problems.append(
                Problem(table, raw.number, "SOURCE_DATE", _("“%(d)s” is not a date (YYYY-MM-DD)") % {"d": date_text})
            )
    if len(problems) > before:
        return None
    source = (title[:400], issuer[:300], date, cell("SOURCE_URL", False)[:500])
    return Parsed(
        raw.number,
        indicator,
        territory,
        period,
        value,
        status,
        cell("OBS_COMMENT", False)[:300],
        source,
        cell("SOURCE_PLACE", False)[:300],
    )


def observations_check(read_result: Read) -> list[Parsed]:
    """Every row checked against the catalogue and against what is stored; FileInvalid lists every
    problem with its table, row, column and reason."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    territories = {t.code: t for t in Territory.objects.all()}
    problems: list[Problem] = []
    parsed: list[Parsed] = []
    seen: dict[tuple, int] = {}
    for raw in read_result.rows:
        row = _parse_row(raw, read_result.table, indicators, territories, problems)
        if row is None:
            continue
        key = (row.indicator.code, row.territory.code, row.period, row.source[:2])
        if key in seen:
            reason = _("repeats row %(n)s (same indicator, territory, period and source)") % {"n": seen[key]}
            problems.append(Problem(read_result.table, row.row, "", reason))
            continue
        seen[key] = row.row
        parsed.append(row)
    if problems:
        raise FileInvalid(problems)
    _classify(parsed)
    return parsed


def _classify(rows: list[Parsed]) -> None:
    """Marks each row new, revised or unchanged against the current stored observation."""
    stored = {
        (o.indicator_id, o.territory_id, o.period, o.source.title, o.source.issuer): o
        for o in Observation.objects.current().select_related("source")
    }
    for row in rows:
        old = stored.get((row.indicator.pk, row.territory.pk, row.period, *row.source[:2]))
        row.action = "new" if old is None else ("unchanged" if _same(old, row) else "revised")


def _same(old: Observation, row: Parsed) -> bool:
    return (old.value, old.status, old.place, old.comment) == (row.value, row.status, row.place, row.comment)


# --- writing ----------------------------------------------------------------------------------


@transaction.atomic
def observations_import(*, rows: list[Parsed], user=None) -> ImportResult:
    """Stores checked rows. A changed figure from the same source supersedes the stored one, which
    stays as history; a figure from another source stands beside it."""
    if user is not None and not access.can_load(user):
        raise access.PermissionDenied
    result = ImportResult(rows=rows)
    sources: dict[tuple, Source] = {}
    for row in rows:
        key = row.source[:2]
        if key not in sources:
            source, _created = Source.objects.get_or_create(
                title=key[0], issuer=key[1], defaults={"date": row.source[2], "url": row.source[3]}
            )
            if (source.date, source.url) != row.source[2:] and (row.source[2] or row.source[3]):
                source.date, source.url = row.source[2] or source.date, row.source[3] or source.url
                source.save(update_fields=["date", "url"])
            sources[key] = source
        _store(row, sources[key], user, result)
    return result


def _store(row: Parsed, source: Source, user, result: ImportResult) -> None:
    old = (
        Observation.objects.current()
        .filter(
            indicator=row.indicator,
            territory=row.territory,
            period_start=row.period.start,
            period_end=row.period.end,
            source=source,
        )
        .first()
    )
    if old is not None and _same(old, row):
        result.unchanged += 1
        return
    new = Observation.objects.create(
        indicator=row.indicator,
        territory=row.territory,
        period_start=row.period.start,
        period_end=row.period.end,
        value=row.value,
        status=row.status,
        source=source,
        place=row.place,
        comment=row.comment,
        recorded_by=user,
        superseded_by=old,  # born superseded for a moment, so the one-current-per-source rule holds throughout
    )
    if old is None:
        result.created += 1
        return
    Observation.objects.filter(pk=old.pk).update(superseded_by=new)
    Observation.objects.filter(pk=new.pk).update(superseded_by=None)
    result.revised += 1


@transaction.atomic
def catalogue_import(*, catalogue: dict) -> ImportResult:
    """Territories and indicators from the catalogue (created or updated by code) and the plan
    directions each indicator belongs to, in the named plan and its training copies."""
    problems = _catalogue_problems(catalogue)
    if problems:
        raise FileInvalid(problems)
    agencies = {a.code: a for a in Agency.objects.filter(kind=Agency.Kind.AKIMAT)}
    for t in catalogue["territories"]:
        Territory.objects.update_or_create(
            code=t["code"],
            defaults={
                "name_kk": t["name_kk"],
                "name_ru": t.get("name_ru", ""),
                "name_en": t.get("name_en", ""),
                "kind": t["kind"],
                "agency": agencies.get(t.get("agency") or ""),
                "since": t.get("since"),
                "until": t.get("until"),
            },
        )
    # Training copies show the indicators of the plan they copy (selectors.direction_cards).
    directions = list(Direction.objects.filter(plan__code=str(catalogue.get("plan", ""))))
    made = {}
    for i in catalogue["indicators"]:
        made[i["code"]], _c = Indicator.objects.update_or_create(
            code=i["code"],
            defaults={
                "name_kk": i["name_kk"],
                "name_ru": i.get("name_ru", ""),
                "name_en": i.get("name_en", ""),
                "unit": i["unit"],
                "desirable": i.get("desirable", "neither"),
                "order": i.get("order", 0),
                "additive": bool(i.get("additive")),
            },
        )
        made[i["code"]].directions.set([d for d in directions if d.number in i.get("directions", [])])
    for i in catalogue["indicators"]:
        links = {f: made.get(i.get(f) or "") for f in ("arrivals", "departures", "change_of", "part_of")}
        Indicator.objects.filter(pk=made[i["code"]].pk).update(**links)
    text = _("%(t)s territories and %(i)s indicators; %(d)s plan directions linked") % {
        "t": len(catalogue["territories"]),
        "i": len(made),
        "d": len(directions),
    }
    return ImportResult(catalogue=text)


def _catalogue_problems(catalogue: dict) -> list[Problem]:
    problems = []
    codes = {i.get("code") for i in catalogue.get("indicators", []) if isinstance(i, dict)}
    for table, needed, kinds in (
        ("territories", ("code", "name_kk", "kind"), Territory.Kind.values),
        ("indicators", ("code", "name_kk", "unit"), Indicator.Unit.values),
    ):
        for n, item in enumerate(catalogue.get(table) or [], start=1):
            if not isinstance(item, dict):
                problems.append(Problem(table, n, "", _("not an object")))
                continue
            problems += [Problem(table, n, f, _("empty")) for f in needed if not item.get(f)]
            column = "kind" if table == "territories" else "unit"
            if item.get(column) and item[column] not in kinds:
                reason = _("“%(v)s” is not one of %(all)s") % {"v": item[column], "all": ", ".join(kinds)}
                problems.append(Problem(table, n, column, reason))
            for link in ("arrivals", "departures", "change_of", "part_of"):
                if table == "indicators" and item.get(link) and item[link] not in codes:
                    problems.append(Problem(table, n, link, _("unknown indicator code “%(c)s”") % {"c": item[link]}))
    return problems


def import_file(*, name: str, data: bytes, user=None, dry_run: bool = False) -> ImportResult:
    """A catalogue or observations from any supported file; FileInvalid and nothing written on any problem."""
    if user is not None and not access.can_load(user):
        raise access.PermissionDenied
    found = read(name, data)
    if found.catalogue is not None:
        if dry_run:
            with transaction.atomic():
                result = catalogue_import(catalogue=found.catalogue)
                transaction.set_rollback(True)
            return result
        return catalogue_import(catalogue=found.catalogue)
    rows = observations_check(found)
    if dry_run:
        return preview(rows)
    return observations_import(rows=rows, user=user)


def preview(rows: list[Parsed]) -> ImportResult:
    """What importing the checked rows would do, without writing."""
    return ImportResult(
        rows=rows,
        created=sum(r.action == "new" for r in rows),
        revised=sum(r.action == "revised" for r in rows),
        unchanged=sum(r.action == "unchanged" for r in rows),
    )
