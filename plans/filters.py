import django_filters
from django.utils.translation import gettext_lazy as _

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


class ReviewFilter(django_filters.FilterSet):
    """The review queue's filters; with no status chosen it shows reports awaiting review."""

    plan = django_filters.ModelChoiceFilter(
        field_name="period__plan", queryset=Plan.objects.all(), label=_("Plan"), to_field_name="code"
    )
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), label=_("Agency"), to_field_name="code")
    direction = django_filters.NumberFilter(field_name="measure__direction__number", label=_("Direction №"))
    status = django_filters.ChoiceFilter(choices=Submission.Status.choices, label=_("Status"), empty_label=_("any"))
    period = PeriodChoiceFilter(label=_("Period"))

    class Meta:
        model = Submission
        fields = ["plan", "agency", "direction", "status", "period"]

    def __init__(self, data=None, *args, **kwargs):
        if data is None or "status" not in data:
            data = data.copy() if data is not None else {}
            data["status"] = Submission.Status.SUBMITTED
        super().__init__(data, *args, **kwargs)
