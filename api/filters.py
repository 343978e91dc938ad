"""Query filters of the API's lists. Unknown codes simply match nothing; malformed values (a bad
date, an unknown status) are refused with 400 naming the parameter."""

import django_filters

from .domain import Direction, Measure, ReportingPeriod, Submission
from .reporting import GeneratedReport


class PlanScoped(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__code", help_text="Plan code, e.g. 1593.")


class DirectionFilter(PlanScoped):
    class Meta:
        model = Direction
        fields = ["plan"]


class MeasureFilter(PlanScoped):
    direction = django_filters.NumberFilter(field_name="direction__number", help_text="Direction number.")

    class Meta:
        model = Measure
        fields = ["plan", "direction"]


class PeriodFilter(PlanScoped):
    year = django_filters.NumberFilter()

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "year"]


class SubmissionFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="period__plan__code", help_text="Plan code.")
    period = django_filters.NumberFilter(field_name="period_id", help_text="Reporting period id.")
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code.")
    measure = django_filters.NumberFilter(field_name="measure__number", help_text="Measure number.")
    status = django_filters.ChoiceFilter(choices=Submission.Status.choices)
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only reports changed at or after this moment (ISO 8601).",
    )

    class Meta:
        model = Submission
        fields = ["plan", "period", "agency", "measure", "status", "updated_since"]


class DocumentFilter(PlanScoped):
    period = django_filters.NumberFilter(field_name="period_id", help_text="Reporting period id.")
    kind = django_filters.ChoiceFilter(choices=GeneratedReport.Kind.choices)
    status = django_filters.ChoiceFilter(choices=GeneratedReport.Status.choices)

    class Meta:
        model = GeneratedReport
        fields = ["plan", "period", "kind", "status"]
