"""Dashboard pages render in proportion to what they show: the number of templates rendered does
not grow with the rows of a table or the options of a filter (a template per cell or per option
was most of a page's time)."""

import pytest
import time_machine
from django.test.signals import template_rendered
from django.urls import reverse

from dashboards.management.commands.seed_scale import seed_scale
from tests import factories as f
from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

PAGES = ["dashboards:overview", "dashboards:scorecard", "dashboards:overdue", "dashboards:budget"]


def _templates(c, name: str) -> int:
    rendered = []

    def count(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        assert c.get(reverse(name), {"plan": "dash"}).status_code == 200
    finally:
        template_rendered.disconnect(count)
    return len(rendered)


@pytest.mark.parametrize("name", PAGES)
@time_machine.travel(TODAY, tick=False)
def test_it_renders_as_many_templates_with_many_rows_and_options_as_with_few(client, dash, name):
    c = client_for(client, dash.users.coordinator)
    c.get(reverse("plans:plan_list"))  # the menu is built once per role and language: kept from here on
    few = _templates(c, name)
    seed_scale(
        plans=3, measures=30, agencies=12, periods=4, seed=5, today=TODAY.date()
    )  # more plans and agencies to choose from
    for n in range(20, 60):  # and more rows in the fixture's own plan
        measure = f.MeasureFactory(plan=dash.plan, direction=dash.d1, number=n)
        f.ResponsibilityFactory(measure=measure, agency=f.AgencyFactory(code=f"A{n}"))
        f.SubmissionFactory(measure=measure, period=dash.periods[3], agency=measure.responsibilities.get().agency)
    assert _templates(c, name) == few


@time_machine.travel(TODAY, tick=False)
def test_its_filter_selects_render_as_djangos_select_would(dash):
    """``OptionsSelect`` skips reading a model field's options to decide on ``required`` where the
    field is not required; the HTML is still Django's, required or not."""
    import copy
    import re

    from django import forms as django_forms

    from accounts.models import User
    from dashboards.filters import SubmissionFilter
    from plans.models import Plan

    plan = Plan.objects.get(code="dash")
    coordinator = User.objects.get(pk=dash.users.coordinator.pk)
    for data in ({"plan": "dash"}, {"plan": "dash", "agency": str(dash.mn.pk), "state": "late"}):
        form = SubmissionFilter(data, user=coordinator, plan=plan).form
        form.is_valid()
        for required in (False, True):
            for bound in form:
                if type(bound.field.widget).__name__ != "OptionsSelect":
                    continue
                bound.field.required = bound.field.widget.is_required = required
                stock = copy.copy(bound.field.widget)
                stock.__class__ = django_forms.Select
                ours, django = bound.as_widget(), bound.as_widget(widget=stock)
                assert re.sub(r">\s+<", "><", ours) == re.sub(r">\s+<", "><", django), (bound.name, required)
