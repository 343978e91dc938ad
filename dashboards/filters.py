"""Filters of the dashboard tables. Choices are limited to what the user may see (plans.access);
the agency scope itself is decided by the view before filtering."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from plans import access
from plans.formatting import sort_by_name
from plans.models import Agency, Direction, Measure, Plan, Responsibility, Submission
from plans.widgets import OptionsSelect

from .selectors import State, period_labels


class AlphabeticalChoices:
    """A model choice field's options in the reader's alphabetical order (Қ after К, І after Ы in
    Kazakh): the database orders by codepoint. Read when the form renders, in the same one query."""

    def __init__(self, field: forms.ModelChoiceField):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_instance
        yield from ((obj.pk, label(obj)) for obj in sort_by_name(self.field.queryset, name=label))


def _plan_label(plan: Plan) -> str:
    label = f"{plan.code} · {Truncator(plan.title).chars(50)}"
    return f"{label} ({_('training copy')})" if plan.is_training else label


class _ScopedFilterSet(django_filters.FilterSet):
    """Every dashboard shows one plan (the view decides which and always passes it in the data),
    so the plan field has no "all plans" choice and the directions are the plan's own."""

    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"),
        queryset=Plan.objects.none(),
        to_field_name="code",
        method="filter_plan",
        empty_label=None,
        widget=OptionsSelect,
    )
    direction = django_filters.ModelChoiceFilter(
        label=_("Direction"), queryset=Direction.objects.none(), method="filter_direction", widget=OptionsSelect
    )
    plan_field = "plan"
    direction_field = "direction"

    def __init__(self, *args, user, agency: Agency | None = None, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["plan"].queryset = access.visible_plans(user)
        directions = Direction.objects.filter(plan=plan).order_by("number")
        if agency is not None:
            directions = directions.filter(measures__responsibilities__agency=agency).distinct()
        self.filters["direction"].queryset = directions
        self.form.fields["plan"].label_from_instance = _plan_label
        self.form.fields["direction"].label_from_instance = lambda d: f"{d.number}. {Truncator(d.title).chars(60)}"
        if "agency" in self.filters:
            if agency is not None:
                for name in {"agency", "kind"} & set(self.filters):  # one agency: nothing to choose
                    del self.filters[name]
                    del self.form.fields[name]
            else:
                named = Agency.objects.filter(
                    pk__in=Responsibility.objects.filter(measure__plan=plan).values("agency_id")
                )
                self.filters["agency"].queryset = named
                # The form was built above (direction label), with the filter's empty queryset.
                field = self.form.fields["agency"]
                field.queryset = named
                field.widget.choices = AlphabeticalChoices(field)

    def filter_plan(self, qs, name, value):
        return qs.filter(**{self.plan_field: value})

    def filter_direction(self, qs, name, value):
        return qs.filter(**{self.direction_field: value})


class SubmissionFilter(_ScopedFilterSet):
    """Filters over reports, shared by the scorecard and the overdue list."""

    plan_field = "period__plan"
    direction_field = "measure__direction"
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.none(), widget=OptionsSelect)
    kind = django_filters.ChoiceFilter(
        label=_("Agency kind"), field_name="agency__kind", choices=Agency.Kind.choices, widget=OptionsSelect
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in State.choices if c[0] not in (State.COMPLETED_EARLIER, State.NOT_DUE)],
        widget=OptionsSelect,
    )
    period = django_filters.ChoiceFilter(label=_("Period"), method="filter_period", choices=[], widget=OptionsSelect)
    lead_only = django_filters.BooleanFilter(
        label=_("Lead agencies' reports only"), method="filter_lead_only", widget=forms.CheckboxInput
    )

    class Meta:
        model = Submission
        fields: list[str] = []

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.form.fields["period"].choices = period_labels(plan)  # the field adds its empty choice

    def filter_period(self, qs, name, value):
        year, number = value.split("-")
        return qs.filter(period__year=int(year), period__number=int(number))

    def filter_lead_only(self, qs, name, value):
        return qs.filter(role=Submission.Role.CONSOLIDATED) if value else qs


class MeasureFilter(_ScopedFilterSet):
    """Filters over measures for the budget."""

    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        field_name="responsibilities__agency",
        distinct=True,
        widget=OptionsSelect,
    )
    funding_source = django_filters.CharFilter(label=_("Funding source"), method="filter_funding_source")

    class Meta:
        model = Measure
        fields: list[str] = []

    def filter_funding_source(self, qs, name, value):
        """The source as written in any of the plan's languages."""
        match = Q()
        for lang in ("kk", "ru", "en"):
            match |= Q(**{f"funding_source_{lang}__icontains": value})
        return qs.filter(match)


class OverviewFilter(_ScopedFilterSet):
    """The overview's choice of plan, direction and (for the ministry) agency."""

    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.none(), widget=OptionsSelect)

    class Meta:
        model = Measure
        fields: list[str] = []
