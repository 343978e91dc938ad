"""Dashboards show one plan at a time, mean one thing by "overdue", say why a table is empty,
and answer any query string without a server error."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from dashboards.selectors import MARKS, State
from plans.models import Plan
from tests import factories as f
from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

PAGES = ["dashboards:overview", "dashboards:scorecard", "dashboards:overdue", "dashboards:budget"]


def _copies(dash):
    """A training copy of the fixture's plan (same years, so only its flag tells them apart) and
    an older real plan that has ended, each with one overdue report of its own."""
    training = f.PlanFactory(code="dash-training", is_training=True, source_plan=dash.plan)
    older = f.PlanFactory(code="older", first_year=2010, last_year=2012)
    for plan in (training, older):
        period = f.PeriodFactory(plan=plan, number=3)
        measure = f.MeasureFactory(plan=plan, direction=f.DirectionFactory(plan=plan, number=1), number=1)
        f.ResponsibilityFactory(measure=measure, agency=dash.mn)
        f.SubmissionFactory(measure=measure, period=period, agency=dash.mn, due=dt.date(2014, 10, 5))
    return training, older


@pytest.mark.parametrize("name", PAGES)
@time_machine.travel(TODAY, tick=False)
def test_it_opens_every_dashboard_on_the_current_real_plan_only(client, dash, name):
    _copies(dash)
    response = client_for(client, dash.users.coordinator).get(reverse(name))
    html = response.content.decode()
    assert response.context["plan"] == dash.plan
    assert "dash-training" not in html.split('name="plan"')[0]  # nothing of the copy before the plan choice
    assert "Training copy: the real plan" not in html


@time_machine.travel(TODAY, tick=False)
def test_it_never_mixes_the_training_copy_into_the_real_plans_numbers(client, dash):
    training, _ = _copies(dash)
    c = client_for(client, dash.users.coordinator)
    real = c.get(reverse("dashboards:overdue")).context["table"].data
    assert {r.period.plan_id for r in real} == {dash.plan.pk}
    asked = c.get(reverse("dashboards:overdue"), {"plan": training.code})
    assert {r.period.plan_id for r in asked.context["table"].data} == {training.pk}
    assert "Training copy: the real plan" in asked.content.decode()
    scorecard = c.get(reverse("dashboards:scorecard"), {"plan": training.code}).context["table"].data
    assert [(r["agency_code"], r["obligations"]) for r in scorecard] == [("МИН", 1)]


@time_machine.travel(TODAY, tick=False)
def test_it_labels_the_training_copy_in_the_plan_choice(client, dash):
    _copies(dash)
    html = client_for(client, dash.users.coordinator).get(reverse("dashboards:scorecard")).content.decode()
    choice = html[html.index('name="plan"') : html.index("</select>", html.index('name="plan"'))]
    assert "dash-training ·" in choice and "(training copy)" in choice
    assert "---------" not in choice  # no "all plans": a plan is always chosen


def test_it_opens_the_real_plan_running_this_year_else_the_latest_one(db):
    from dashboards.selectors import current_plan

    ended = f.PlanFactory(code="a-ended", first_year=2010, last_year=2012)
    latest = f.PlanFactory(code="b-latest", first_year=2014, last_year=2016)
    training = f.PlanFactory(code="c-training", first_year=2026, last_year=2028, is_training=True)
    plans = Plan.objects.all()
    assert current_plan(plans, dt.date(2026, 11, 22)) == latest  # 1593 has ended; its copy is only for practice
    assert current_plan(plans, dt.date(2011, 3, 1)) == ended
    assert current_plan(Plan.objects.filter(pk=training.pk), dt.date(2026, 11, 22)) == training


@pytest.mark.parametrize(
    "who,params",
    [("coordinator", {}), ("officer", {}), ("coordinator", {"agency": "AL"}), ("coordinator", {"direction": "D2"})],
)
@time_machine.travel(TODAY, tick=False)
def test_it_counts_as_overdue_on_the_overview_exactly_the_overdue_lists_rows(client, dash, who, params):
    _copies(dash)
    params = {k: {"AL": dash.al.pk, "D2": dash.d2.pk}[v] for k, v in params.items()}
    c = client_for(client, getattr(dash.users, who))
    overview = c.get(reverse("dashboards:overview"), params)
    listed = c.get(reverse("dashboards:overdue"), params).context["table"].data
    assert overview.context["overdue_count"] == len(listed) > 0
    assert f"{reverse('dashboards:overdue')}?{overview.context['query']}" in overview.content.decode().replace(
        "&amp;", "&"
    )


@time_machine.travel(TODAY, tick=False)
def test_it_says_why_an_empty_table_is_empty(client, dash):
    c = client_for(client, dash.users.coordinator)
    html = c.get(reverse("dashboards:overdue"), {"state": "accepted"}).content.decode()
    assert "nothing is overdue" in html
    assert (
        "No public measure of this plan matches"
        in c.get(reverse("dashboards:budget"), {"funding_source": "none such"}).content.decode()
    )
    assert (
        "No reports are due"
        in c.get(reverse("dashboards:scorecard"), {"period": "2014-4", "state": "accepted"}).content.decode()
    )


@time_machine.travel(TODAY, tick=False)
def test_it_marks_accepted_and_completed_earlier_differently(client, dash):
    assert MARKS[State.ACCEPTED] != MARKS[State.COMPLETED_EARLIER]
    html = client_for(client, dash.users.coordinator).get(reverse("dashboards:overview")).content.decode()
    assert f'class="c s-completed"><span title="completed earlier">{MARKS[State.COMPLETED_EARLIER]}</span>' in html
    assert f'title="accepted">{MARKS[State.ACCEPTED]}</a>' in html


JUNK = [
    {"plan": "\x00"},
    {"plan": "dash\x00"},
    {"direction": "abc"},
    {"direction": "\x00"},
    {"direction": "99999999999999999999999"},
    {"agency": "\x00"},
    {"agency": "x"},
    {"agency": "99999999999999999999999"},
    {"agency": "³"},  # a digit to str.isdigit, not to int()
    {"page": "²"},
    {"period": "2014-x"},
    {"period": "x" * 3000},
    {"state": "nope"},
    {"kind": "'; drop table"},
    {"lead_only": "maybe"},
    {"funding_source": "\x00"},
    {"funding_source": "%_%"},
    {"sort": "no_such_column"},
    {"sort": "-"},
    {"page": "abc"},
    {"page": "-1"},
    {"page": "99999999"},
    {"\x00": "1"},
    {"_export": "csv\x00"},
    {"_export": "pdf"},
    {"plan": ["dash", "other"]},
    {"per_page": "-5"},
]


@pytest.mark.parametrize("name", [*PAGES, "dashboards:agency_home"])
@time_machine.travel(TODAY, tick=False)
def test_it_answers_every_junk_query_string_with_a_page_or_a_400_never_a_500(client, dash, name):
    c = client_for(client, dash.users.coordinator)
    for params in JUNK:
        for export in ({}, {"_export": "csv"}, {"_export": "xlsx"}):
            query = {**export, **params}
            if name == "dashboards:agency_home" and "agency" not in query:
                query["agency"] = dash.mn.pk
            response = c.get(reverse(name), query)
            if response.streaming:
                b"".join(response.streaming_content)
            assert response.status_code in (200, 302, 400, 404), (name, query, response.status_code)
            if any("\x00" in k or "\x00" in str(v) for k, v in query.items()):
                assert response.status_code == 400, (name, query)
                assert "NUL" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_names_an_ignored_filter_beside_its_field(client, dash):
    response = client_for(client, dash.users.coordinator).get(reverse("dashboards:overdue"), {"state": "nope"})
    assert response.status_code == 200
    assert "nope" in str(response.context["filter"].form.errors["state"])
    assert len(response.context["table"].data) == 3  # the other filters (none) still apply
