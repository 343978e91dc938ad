"""Reads: the dashboard, an indicator's page, the indicators of a plan's directions, the PDF annex
and the coordinators' list of findings. Each loads what it shows in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from plans.models import Direction, Measure

from . import charts, validation
from .models import Indicator, Observation, Target, Territory, plain
from .periods import HALF, MONTH, QUARTER, SPAN, YEAR


def current_observations(**filters) -> list[Observation]:
    return list(Observation.objects.current().filter(**filters).select_related("indicator", "territory", "source"))


def findings(observations: list[Observation] | None = None) -> list[validation.Finding]:
    return validation.find(current_observations() if observations is None else observations)


@dataclass
class Card:
    """An indicator at country level: its latest figure against the same months a year earlier and
    against the target, coloured by whether the change goes the desirable way."""

    indicator: Indicator
    series: list[Observation] = field(default_factory=list)
    latest: Observation | None = None
    previous: Observation | None = None
    target: Target | None = None
    findings: list = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        if not (self.latest and self.previous):
            return None
        return plain(self.latest.value - self.previous.value)

    @property
    def trend(self) -> str:
        """good / bad / neutral — the class that colours the change."""
        change, desirable = self.change, self.indicator.desirable
        if not change or desirable == Indicator.Desirable.NEITHER:
            return "neutral"
        return "good" if (change > 0) == (desirable == Indicator.Desirable.UP) else "bad"

    @property
    def chart(self):
        kinds = {
            YEAR: _("years"),
            HALF: _("half-years"),
            QUARTER: _("quarters"),
            MONTH: _("months"),
            SPAN: _("other spans"),
        }
        by_kind = defaultdict(list)
        for o in self.series:
            tip = f"{o.period.label()}: {plain(o.value)} — {o.source.title}"
            by_kind[o.period.kind].append((o.period.code, (o.period_end, o.period_start), o.value, tip))
        series = [(kinds[k], points) for k, points in by_kind.items()]
        return charts.line_chart(series, title=self.indicator.name) if series else ""


def _latest(series: list[Observation]) -> tuple[Observation | None, Observation | None]:
    """The newest period (the longer one when two end together, the newer source when two sources
    give it), and the observation for the same months a year earlier."""
    if not series:
        return None, None
    latest = max(series, key=lambda o: (o.period_end, -o.period_start.toordinal(), o.source.date or o.period_end, o.pk))
    before = [o for o in series if o.period == latest.period.year_before()]
    previous = next((o for o in before if o.source_id == latest.source_id), before[0] if before else None)
    return latest, previous


def _cards(indicators, observations: list[Observation], found, plan=None) -> list[Card]:
    country = defaultdict(list)
    for o in observations:
        if o.territory.kind == Territory.Kind.COUNTRY:
            country[o.indicator_id].append(o)
    cards = []
    for ind in indicators:
        series = sorted(country.get(ind.pk, []), key=lambda o: (o.period_start, o.period_end, o.source_id))
        latest, previous = _latest(series)
        targets = [t for t in ind.targets.all() if plan is None or t.plan_id == plan.pk]
        cards.append(
            Card(
                ind,
                series,
                latest,
                previous,
                targets[0] if targets else None,
                [f for f in found if ind.pk in f.indicators],
            )
        )
    return cards


def _indicators():
    return Indicator.objects.prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("plan")))


def regional_ranking(
    indicator: Indicator, observations: list[Observation]
) -> tuple[str, list[tuple[int, Observation]]]:
    """The newest period with regional figures, territories ranked from the highest value."""
    regional = [
        o for o in observations if o.indicator_id == indicator.pk and o.territory.kind != Territory.Kind.COUNTRY
    ]
    if not regional:
        return "", []
    newest = max(o.period for o in regional)
    rows = sorted((o for o in regional if o.period == newest), key=lambda o: (-o.value, o.territory.code))
    return newest.label(), list(enumerate(rows, start=1))


def dashboard(*, region_indicator: str = "") -> dict:
    observations = current_observations()
    found = validation.find(observations)
    indicators = list(_indicators())
    cards = _cards(indicators, observations, found)
    with_regions = [
        i
        for i in indicators
        if any(o.indicator_id == i.pk and o.territory.kind != Territory.Kind.COUNTRY for o in observations)
    ]
    chosen = next((i for i in with_regions if i.code == region_indicator), with_regions[0] if with_regions else None)
    period, ranking = regional_ranking(chosen, observations) if chosen else ("", [])
    return {
        "cards": cards,
        "findings": found,
        "region_indicators": with_regions,
        "region_indicator": chosen,
        "region_period": period,
        "ranking": ranking,
    }


def indicator_detail(*, code: str) -> dict:
    indicator = get_object_or_404(_indicators(), code=code)
    history = list(
        Observation.objects.filter(indicator=indicator).select_related(
            "indicator", "territory", "source", "superseded_by__source"
        )
    )
    observations = current_observations()
    found = [f for f in validation.find(observations) if indicator.pk in f.indicators]
    card = _cards([indicator], observations, found)[0]
    period, ranking = regional_ranking(indicator, observations)
    directions = (
        Direction.objects.filter(indicators=indicator)
        .select_related("plan")
        .order_by("plan__is_training", "plan__code", "number")
    )
    measures = Measure.objects.filter(indicators=indicator).select_related("plan").order_by("plan__code", "number")
    return {
        "indicator": indicator,
        "card": card,
        "history": history,
        "findings": found,
        "region_period": period,
        "ranking": ranking,
        "directions": directions,
        "measures": measures,
    }


def direction_cards(plan) -> dict[int, list[Card]]:
    """The indicators of each of the plan's directions by direction number, with their latest
    figures. A training copy shows the indicators of the plan it copies."""
    linked = plan.source_plan_id or plan.pk
    through = Indicator.directions.through.objects.filter(direction__plan=linked)
    links = list(through.values_list("direction__number", "indicator_id"))
    if not links:
        return {}
    observations = current_observations()
    indicators = list(_indicators().filter(pk__in={i for _n, i in links}))
    cards = {c.indicator.pk: c for c in _cards(indicators, observations, validation.find(observations), plan)}
    result = defaultdict(list)
    for number, indicator_id in links:
        result[number].append(cards[indicator_id])
    for cards_of in result.values():
        cards_of.sort(key=lambda c: (c.indicator.order, c.indicator.code))
    return dict(result)


def annex(plan=None) -> list[Card]:
    """For the consolidated report: every indicator with a country figure, its latest value,
    change, source and findings."""
    observations = current_observations()
    return [c for c in _cards(list(_indicators()), observations, validation.find(observations), plan) if c.latest]


def export_selection(*, indicator: str = "", territory: str = "", include_history: bool = False) -> list[Observation]:
    qs = Observation.objects.all() if include_history else Observation.objects.current()
    if indicator:
        qs = qs.filter(indicator__code__in=indicator.split(","))
    if territory:
        qs = qs.filter(territory__code__in=territory.split(","))
    return list(qs.select_related("indicator", "territory", "source"))


def territories_by_indicator() -> dict[int, list[str]]:
    """The codes of the territories each indicator has current figures for, in one query."""
    pairs = (
        Observation.objects.current()
        .values_list("indicator_id", "territory__code")
        .distinct()
        .order_by("indicator_id", "territory__code")
    )
    result: dict[int, list[str]] = defaultdict(list)
    for indicator_id, code in pairs:
        result[indicator_id].append(code)
    return dict(result)


def observation_rows():
    """Every observation, superseded ones included, with what it is of, its source and the older
    figures it revised; callers filter (``current()`` for today's figures)."""
    return Observation.objects.select_related("indicator", "territory", "source").prefetch_related(
        Prefetch("revises", queryset=Observation.objects.order_by("id").only("id", "superseded_by"))
    )
