import time_machine
from django.urls import reverse

from dashboards import selectors
from dashboards.selectors import Outcome, State
from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

URL = reverse("dashboards:overview")


def _cells(overview):
    return {row.measure.number: [c.state for c in row.cells] for block in overview.directions for row in block.rows}


@time_machine.travel(TODAY, tick=False)
def test_it_colours_each_cell_by_the_consolidated_status(dash):
    overview = selectors.plan_overview(plan=dash.plan, today=TODAY.date())
    cells = _cells(overview)
    assert cells[1] == [State.ACCEPTED, State.ACCEPTED, State.COMPLETED_EARLIER, State.COMPLETED_EARLIER]
    assert cells[2] == [State.ACCEPTED, State.RETURNED, State.MISSING, State.DUE]
    # No lead: the worst of the agencies' own reports (МИН late, АЛМ missing).
    assert cells[4] == [State.NOT_DUE, State.NOT_DUE, State.MISSING, State.NOT_DUE]
    # Recurring: completed in Q2 for 2014, but due again, so never "completed earlier".
    assert cells[5] == [State.NOT_DUE, State.ACCEPTED, State.SUBMITTED, State.NOT_DUE]
    assert cells[3] == []  # classified: no status detail at all


@time_machine.travel(TODAY, tick=False)
def test_it_counts_measures_and_outcomes_per_direction_and_occurrence(dash):
    overview = selectors.plan_overview(plan=dash.plan, today=TODAY.date())
    assert (overview.measures, overview.classified) == (5, 1)
    assert overview.outcomes == {
        Outcome.COMPLETED: 1,
        Outcome.PAST_DEADLINE: 1,
        Outcome.NOT_COMPLETED: 1,
        Outcome.IN_PROGRESS: 1,
    }
    d1, d2 = overview.directions
    assert (d1.measures, d1.classified, dict(d1.outcomes)) == (3, 1, {Outcome.COMPLETED: 1, Outcome.PAST_DEADLINE: 1})
    assert (d2.measures, d2.classified, dict(d2.outcomes)) == (2, 0, {Outcome.NOT_COMPLETED: 1, Outcome.IN_PROGRESS: 1})
    # Measure 5 recurs on 5 July 2014, 2015, 2016: the first completed, the others still ahead.
    assert overview.occurrences == {Outcome.COMPLETED: 1, Outcome.IN_PROGRESS: 2}
    assert dict(overview.per_period)["2014Q3"] == {State.COMPLETED_EARLIER: 1, State.MISSING: 2, State.SUBMITTED: 1}


def test_it_orders_states_most_behind_first():
    assert selectors.worst([State.ACCEPTED, State.LATE, State.SUBMITTED]) == State.LATE
    assert selectors.worst([State.DUE, State.RETURNED]) == State.RETURNED
    assert selectors.worst([State.ACCEPTED, State.MISSING, State.RETURNED]) == State.MISSING
    assert list(selectors.WORST_FIRST) == [
        State.MISSING,
        State.RETURNED,
        State.DUE,
        State.LATE,
        State.SUBMITTED,
        State.ACCEPTED,
    ]


@time_machine.travel(TODAY, tick=False)
def test_it_shows_an_agency_its_own_reports_only(dash):
    overview = selectors.plan_overview(plan=dash.plan, today=TODAY.date(), agency=dash.mn)
    cells = _cells(overview)
    assert sorted(cells) == [1, 2, 3, 4]
    assert cells[4] == [State.NOT_DUE, State.NOT_DUE, State.LATE, State.NOT_DUE]


@time_machine.travel(TODAY, tick=False)
def test_it_renders_the_matrix_with_links_and_masks_classified_measures(client, dash):
    response = client_for(client, dash.users.reader).get(URL, {"plan": "dash"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "measure 3 — classified" in html
    assert "ҚҰПИЯ МӘТІН" not in html
    assert reverse("plans:submission_detail", args=[dash.subs.m2q3.pk]) in html
    assert reverse("plans:submission_detail", args=[dash.subs.m3q3.pk]) not in html
    assert "<svg" in html


@time_machine.travel(TODAY, tick=False)
def test_it_opens_the_first_visible_plan_by_default(client, dash):
    response = client_for(client, dash.users.coordinator).get(URL)
    assert response.context["overview"].plan == dash.plan


@time_machine.travel(TODAY, tick=False)
def test_it_judges_a_measure_with_several_one_off_dates_by_its_last_one(dash):
    import datetime as dt

    from plans.models import MeasureDueDate, Submission
    from tests import factories as f

    measure = f.MeasureFactory(plan=dash.plan, direction=dash.d2, number=6)  # "2014, 2015 жылғы 5 шілде"
    MeasureDueDate.objects.bulk_create([MeasureDueDate(measure=measure, due=dt.date(y, 7, 5)) for y in (2014, 2015)])
    f.SubmissionFactory(
        measure=measure,
        period=dash.periods[3],
        agency=dash.al,
        status=Submission.Status.ACCEPTED,
        progress=Submission.Progress.IN_PROGRESS,
        occurrence=dt.date(2015, 7, 5),
    )
    overview = selectors.plan_overview(plan=dash.plan, today=TODAY.date())
    row = next(r for b in overview.directions for r in b.rows if r.measure == measure)
    assert row.outcome == Outcome.IN_PROGRESS  # not overdue for 05.07.2014
    assert overview.occurrences == {Outcome.COMPLETED: 1, Outcome.IN_PROGRESS: 2}  # still measure 5's only
