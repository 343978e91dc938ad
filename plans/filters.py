import django_filters
from django.utils.translation import gettext_lazy as _

from .formatting import sort_by_name
from .models import Agency, Plan, ReportingPeriod, Submission


class PeriodChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args, queryset=ReportingPeriod.objects.select_related("plan").order_by("plan", "-start"), **kwargs
        )

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda p: f"{p.plan.code} · {p.label}"
        return field


def _agency_choices() -> list[tuple[str, str]]:
    """Agencies in the reader's alphabetical order (Қ after К, not after Я)."""
    return [(code, code) for code in sort_by_name(Agency.objects.values_list("code", flat=True))]


SCOPES = (
    ("reviewed", _("consolidated and own reports")),
    ("contributions", _("co-executors' contributions")),
    ("all", _("all reports")),
)


class ReviewFilter(django_filters.FilterSet):
    """The review queue's filters. By default it shows what the ministry reviews (consolidated and
    own reports) awaiting review, longest waiting first; co-executors' contributions are reached
    from their lead's report, or listed when asked for."""

    scope = django_filters.ChoiceFilter(choices=SCOPES, method="filter_scope", label=_("Reports"), empty_label=None)

    plan = django_filters.ModelChoiceFilter(
        field_name="period__plan", queryset=Plan.objects.all(), label=_("Plan"), to_field_name="code"
    )
    agency = django_filters.ChoiceFilter(
        field_name="agency__code", choices=lambda: _agency_choices(), label=_("Agency"), empty_label=_("any")
    )
    direction = django_filters.NumberFilter(field_name="measure__direction__number", label=_("Direction №"))
    status = django_filters.ChoiceFilter(choices=Submission.Status.choices, label=_("Status"), empty_label=_("any"))
    period = PeriodChoiceFilter(label=_("Period"))

    class Meta:
        model = Submission
        fields = ["scope", "plan", "agency", "direction", "status", "period"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if "status" not in data:
            data["status"] = Submission.Status.SUBMITTED
        if not data.get("scope"):
            data["scope"] = "reviewed"
        super().__init__(data, *args, **kwargs)

    def filter_scope(self, queryset, name, value):
        if value == "contributions":
            return queryset.filter(role=Submission.Role.CONTRIBUTION)
        if value == "all":
            return queryset
        return queryset.exclude(role=Submission.Role.CONTRIBUTION)
