"""Outcome indicators: the migration figures a plan is meant to move, and their observations.

An observation is never overwritten: a newer figure from the same source for the same indicator,
territory and period supersedes the older one, which stays as history. Different sources stand
side by side; where they disagree the validation rules say so (``validation.py``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.formatting import format_date
from plans.models import localized

from .periods import Period


def plain(value: Decimal) -> Decimal:
    """A stored value without trailing zeros and without an exponent: 23761, 20.7."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class Territory(models.Model):
    """The country, a region or a city of republican significance, coded as ISO 3166-2:KZ does.
    ``since``/``until`` keep the 2014 set (14 regions, 2 cities) beside today's (17 and 3)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_kk = models.CharField(_("name (kk)"), max_length=200)
    name_ru = models.CharField(_("name (ru)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (en)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The akimat that answers for the territory in the plan, when the plan lists one.
    agency = models.ForeignKey(
        "plans.Agency",
        verbose_name=_("akimat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="territories",
    )
    since = models.PositiveSmallIntegerField(_("exists since"), null=True, blank=True)
    until = models.PositiveSmallIntegerField(_("exists until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERSONS = "persons", _("persons")
        PERCENT = "percent", _("%")
        TIMES = "times", _("times")
        COUNT = "count", _("number")

    class Desirable(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")
        NEITHER = "neither", _("neither")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_kk = models.CharField(_("name (kk)"), max_length=300)
    name_ru = models.CharField(_("name (ru)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (en)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    desirable = models.CharField(
        _("desirable direction"), max_length=10, choices=Desirable.choices, default=Desirable.NEITHER
    )
    order = models.PositiveSmallIntegerField(default=0)
    # What the validation rules check: net = arrivals − departures; a stated change of another
    # indicator against the change computed from its observations; parts not above their whole.
    arrivals = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("net of: arrivals")
    )
    departures = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("net of: departures")
    )
    change_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="changes", verbose_name=_("change of")
    )
    part_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="parts", verbose_name=_("part of")
    )
    additive = models.BooleanField(_("regions add up to at most the country"), default=False)
    directions = models.ManyToManyField(
        "plans.Direction", verbose_name=_("plan directions"), blank=True, related_name="indicators"
    )
    measures = models.ManyToManyField(
        "plans.Measure", verbose_name=_("measures"), blank=True, related_name="indicators"
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Target(models.Model):
    """A plan's baseline and target for an indicator (country level)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="indicator_targets")
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=20, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_period = models.CharField(_("target period"), max_length=20, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "plan"], name="indicator_target_unique")]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.plan.code} · {self.indicator.code}: {self.baseline} → {self.target}"


class Source(models.Model):
    """The document a figure is taken from."""

    title = models.CharField(_("title"), max_length=400)
    issuer = models.CharField(_("issuer"), max_length=300)
    # Not every document states its date (a news item, a release without its front page).
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "title"]
        constraints = [models.UniqueConstraint(fields=["title", "issuer"], name="source_unique")]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return (
            f"{self.title} ({self.issuer}, {format_date(self.date, short=True)})"
            if self.date
            else f"{self.title} ({self.issuer})"
        )


class ObservationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_by__isnull=True)


class Observation(models.Model):
    class Status(models.TextChoices):
        # SDMX OBS_STATUS codes.
        FINAL = "A", _("final")
        PRELIMINARY = "P", _("preliminary")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="observations")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    status = models.CharField(_("status"), max_length=1, choices=Status.choices, default=Status.FINAL)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="observations")
    place = models.CharField(_("place in the source"), max_length=300, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    superseded_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revises")

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__order", "territory__kind", "territory__code", "period_start", "period_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "period_start", "period_end", "source"],
                condition=Q(superseded_by__isnull=True),
                name="observation_one_current_per_source",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="observation_period_order"
            ),
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.territory.code} · {self.period} = {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def number(self):
        """The value without the storage's trailing zeros (23761, not 23761.0000)."""
        return plain(self.value)

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None
