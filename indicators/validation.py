"""Rules that show where figures disagree, instead of picking one silently.

* net = arrivals − departures, for the same territory and period;
* a stated change (%, or "times") against the change computed from the two observations it
  compares (the same months a year earlier), at the precision the change is stated with;
* shares within 0–100; parts not above their whole; regions not above the country;
* two sources giving different values for the same indicator, territory and period.

Pure functions over current observations (with indicator, territory and source loaded); a finding
names every observation it rests on, and so their sources.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from django.utils.translation import gettext as _

from plans.formatting import format_figure

from .models import Indicator, Observation, Territory, plain


@dataclass
class Finding:
    rule: str
    observations: list[Observation]
    stated: Decimal
    expected: Decimal
    extra: dict = field(default_factory=dict)

    RULES = ("net", "change", "share", "part", "regions", "sources")

    @property
    def indicators(self) -> set[int]:
        return {o.indicator_id for o in self.observations}

    @property
    def subject(self) -> Observation:
        return self.observations[0]

    @property
    def sources(self) -> list[str]:
        """The documents the finding rests on, each once, in order."""
        return list(dict.fromkeys(o.source.title for o in self.observations))

    @property
    def brief(self) -> str:
        """Without the indicator's name, for a table that names it already."""
        if self.rule == "sources":
            values = " / ".join(_fmt(o.value) for o in self.observations)
            return f"{self.subject.period.label()}, {self.subject.territory.name}: {self.rule_label} ({values})"
        return f"{self.subject.period.label()}: {self.rule_label} ({_fmt(self.stated)} ≠ {_fmt(self.expected)})"

    @property
    def rule_label(self) -> str:
        return {
            "net": _("net ≠ arrivals − departures"),
            "change": _("stated change ≠ computed change"),
            "share": _("share outside 0–100 %"),
            "part": _("parts above their whole"),
            "regions": _("regions above the country"),
            "sources": _("sources disagree"),
        }[self.rule]

    @property
    def message(self) -> str:
        s, e = _fmt(self.stated), _fmt(self.expected)
        o = self.subject
        if self.rule == "net":
            return _("%(indicator)s, %(period)s: stated %(stated)s, but arrivals − departures = %(expected)s") % {
                "indicator": o.indicator.name,
                "period": o.period.label(),
                "stated": s,
                "expected": e,
            }
        if self.rule == "change":
            return _("%(indicator)s, %(period)s: stated %(stated)s, computed from the observations %(expected)s") % {
                "indicator": o.indicator.name,
                "period": o.period.label(),
                "stated": s,
                "expected": e,
            }
        if self.rule == "share":
            return _("%(indicator)s, %(period)s: %(stated)s %% is not between 0 and 100") % {
                "indicator": o.indicator.name,
                "period": o.period.label(),
                "stated": s,
            }
        if self.rule in ("part", "regions"):
            return _("%(indicator)s, %(period)s: the whole is %(stated)s, its parts add up to %(expected)s") % {
                "indicator": o.indicator.name,
                "period": o.period.label(),
                "stated": s,
                "expected": e,
            }
        return _("%(indicator)s, %(territory)s, %(period)s: the sources give %(values)s") % {
            "indicator": o.indicator.name,
            "territory": o.territory.name,
            "period": o.period.label(),
            "values": ", ".join(_fmt(x.value) for x in self.observations),
        }

    def line(self) -> str:
        """One line for the console: the finding and every observation with its source."""
        cited = "; ".join(
            f"{x.indicator.code} {x.territory.code} {x.period.code} = {_fmt(x.value)} [{x.source}"
            f"{', ' + x.place if x.place else ''}]"
            for x in self.observations
        )
        return f"{self.rule}: {self.message} — {cited}"


def _fmt(value: Decimal) -> str:
    """A figure as the reader's language writes it (``−18,85``, ``7 300``), to two decimal places at most."""
    value = Decimal(value)
    if value != value.to_integral():
        value = value.quantize(Decimal("0.01"))
    return format_figure(plain(value))


def find(observations: list[Observation]) -> list[Finding]:
    """Every finding about ``observations`` (current ones), in a stable order."""
    at = defaultdict(list)  # (indicator, territory, period) -> observations
    for o in observations:
        at[(o.indicator_id, o.territory_id, o.period)].append(o)
    indicators = {o.indicator_id: o.indicator for o in observations}
    findings = [
        *_net(at, indicators),
        *_change(at, indicators),
        *_shares(observations),
        *_parts(at, indicators),
        *_regions(observations),
        *_sources(at),
    ]
    return findings


def _net(at, indicators) -> list[Finding]:
    found = []
    for (ind, terr, period), nets in at.items():
        net = indicators[ind]
        if not (net.arrivals_id and net.departures_id):
            continue
        for n, a, d in product(
            nets, at.get((net.arrivals_id, terr, period), []), at.get((net.departures_id, terr, period), [])
        ):
            if n.value != a.value - d.value:
                found.append(Finding("net", [n, a, d], n.value, a.value - d.value))
    return found


def _computed_change(unit: str, now: Decimal, before: Decimal) -> Decimal:
    return now / before if unit == Indicator.Unit.TIMES else (now / before - 1) * 100


def _change(at, indicators) -> list[Finding]:
    found = []
    for (ind, terr, period), stated in at.items():
        change = indicators[ind]
        if not change.change_of_id:
            continue
        base = change.change_of_id
        for c, a, b in product(
            stated, at.get((base, terr, period), []), at.get((base, terr, period.year_before()), [])
        ):
            if not b.value:
                continue
            computed = _computed_change(change.unit, a.value, b.value)
            # Compared at the precision the change is stated with: −20.7 against −18.85 differs,
            # −40.5 against −40.46 does not.
            precision = Decimal(1).scaleb(min(plain(c.value).as_tuple().exponent, 0))
            if computed.quantize(precision) != c.value.quantize(precision):
                found.append(Finding("change", [c, a, b], c.value, computed))
    return found


def _shares(observations) -> list[Finding]:
    return [
        Finding("share", [o], o.value, Decimal(100))
        for o in observations
        if o.indicator.unit == Indicator.Unit.PERCENT
        and not o.indicator.change_of_id
        and not Decimal(0) <= o.value <= Decimal(100)
    ]


def _parts(at, indicators) -> list[Finding]:
    parts_of = defaultdict(list)
    for ind in indicators.values():
        if ind.part_of_id:
            parts_of[ind.part_of_id].append(ind.pk)
    found = []
    for (ind, terr, period), wholes in at.items():
        if ind not in parts_of:
            continue
        parts = [max(at[(p, terr, period)], key=lambda o: o.value) for p in parts_of[ind] if (p, terr, period) in at]
        total = sum((p.value for p in parts), Decimal(0))
        found += [Finding("part", [w, *parts], w.value, total) for w in wholes if parts and total > w.value]
    return found


def _regions(observations) -> list[Finding]:
    country, regions = defaultdict(list), defaultdict(dict)
    for o in observations:
        if not o.indicator.additive:
            continue
        key = (o.indicator_id, o.period)
        if o.territory.kind == Territory.Kind.COUNTRY:
            country[key].append(o)
        elif o.territory_id not in regions[key] or o.value > regions[key][o.territory_id].value:
            regions[key][o.territory_id] = o
    found = []
    for key, wholes in country.items():
        parts = list(regions.get(key, {}).values())
        total = sum((p.value for p in parts), Decimal(0))
        found += [Finding("regions", [w, *parts], w.value, total) for w in wholes if parts and total > w.value]
    return found


def _sources(at) -> list[Finding]:
    return [
        Finding("sources", sorted(obs, key=lambda o: o.source_id), obs[0].value, obs[-1].value)
        for obs in at.values()
        if len({o.value for o in obs}) > 1
    ]
