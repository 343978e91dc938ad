"""Query filters of the API's lists. Unknown codes simply match nothing; malformed values (a bad
date, an unknown status) are refused with 400 naming the parameter."""

import datetime as dt

import django_filters
import django_filters.constants
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from .domain import Direction, Measure, ReportingPeriod, Submission
from .outcomes import Observation, Period, PeriodError
from .reporting import GeneratedReport


class SinceFilter(django_filters.IsoDateTimeFilter):
    """A moment in ISO 8601, sent to the database in UTC: ISO 8601 allows offsets up to ±23:59,
    PostgreSQL only up to ±15:59."""

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        try:
            value = value.astimezone(dt.UTC)
        except OverflowError:
            # Before the year 1 or after 9999 in UTC: everything, or nothing, changed since then.
            return qs if value.year == 1 else qs.none()
        return super().filter(qs, value)


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):
    """An id or a number: a whole number a 64-bit column can hold, or 400 naming the parameter
    (a bigger one reached SQLite, which refuses to bind it)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=-(2**63), max_value=2**63 - 1, **kwargs)


class PlanScoped(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__code", help_text="Plan code, e.g. 1593.")


class DirectionFilter(PlanScoped):
    class Meta:
        model = Direction
        fields = ["plan"]


class MeasureFilter(PlanScoped):
    direction = WholeNumberFilter(field_name="direction__number", help_text="Direction number.")

    class Meta:
        model = Measure
        fields = ["plan", "direction"]


class PeriodFilter(PlanScoped):
    year = WholeNumberFilter()

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "year"]


class SubmissionFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="period__plan__code", help_text="Plan code.")
    period = WholeNumberFilter(field_name="period_id", help_text="Reporting period id.")
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code.")
    measure = WholeNumberFilter(field_name="measure__number", help_text="Measure number.")
    status = django_filters.ChoiceFilter(choices=Submission.Status.choices)
    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only reports changed at or after this moment (ISO 8601).",
    )

    class Meta:
        model = Submission
        fields = ["plan", "period", "agency", "measure", "status", "updated_since"]


class DocumentFilter(PlanScoped):
    period = WholeNumberFilter(field_name="period_id", help_text="Reporting period id.")
    kind = django_filters.ChoiceFilter(choices=GeneratedReport.Kind.choices)
    status = django_filters.ChoiceFilter(choices=GeneratedReport.Status.choices)

    class Meta:
        model = GeneratedReport
        fields = ["plan", "period", "kind", "status"]


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ObservationFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code", help_text="Indicator code.")
    territory = django_filters.CharFilter(field_name="territory__code", help_text="Territory code, e.g. KZ-75.")
    year = YearFilter(
        method="in_year",
        min_value=1,
        max_value=9999,
        help_text="Periods with any month in this year.",
    )
    period = django_filters.CharFilter(
        method="of_period", help_text="Exactly this period: 2025, 2025-S1, 2025-Q1, 2025-01 or 2025-01/2025-06."
    )
    status = django_filters.ChoiceFilter(choices=Observation.Status.choices)
    source = WholeNumberFilter(field_name="source_id", help_text="Source id.")
    updated_since = SinceFilter(
        field_name="recorded_at",
        lookup_expr="gte",
        help_text="Only figures recorded at or after this moment (ISO 8601): what a revision or an import added.",
    )
    history = django_filters.BooleanFilter(
        method="with_history", help_text="true: superseded figures too (every revision); by default current ones only."
    )

    class Meta:
        model = Observation
        fields = ["indicator", "territory", "year", "period", "status", "source", "updated_since", "history"]

    def in_year(self, queryset, name, value):
        return queryset.filter(period_start__year__lte=value, period_end__year__gte=value)

    def of_period(self, queryset, name, value):
        try:
            period = Period.parse(value)
        except PeriodError as error:
            raise ValidationError({"period": [str(error)]}) from error
        return queryset.filter(period_start=period.start, period_end=period.end)

    def with_history(self, queryset, name, value):
        return queryset  # read in filter_queryset: without it, only current figures

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset if self.form.cleaned_data.get("history") else queryset.current()
