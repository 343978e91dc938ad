import time_machine
from django.urls import reverse

from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

URL = reverse("dashboards:overdue")


@time_machine.travel(TODAY, tick=False)
def test_it_lists_every_overdue_obligation_with_days_reminders_and_escalation(client, dash):
    response = client_for(client, dash.users.coordinator).get(URL)
    table = response.context["table"]
    rows = {r.pk: r for r in table.data}
    s = dash.subs
    assert set(rows) == {s.m2q2.pk, s.m2q3.pk, s.m4q3_al.pk}
    assert (rows[s.m2q3.pk].reminders_sent, rows[s.m2q3.pk].escalation) == (3, 1)
    assert (rows[s.m4q3_al.pk].reminders_sent, rows[s.m4q3_al.pk].escalation) == (0, 0)  # the failed one is not "sent"
    days = {r.pk: table.values(r)["days_late"] for r in table.data}
    assert days == {s.m2q2.pk: 107, s.m2q3.pk: 15, s.m4q3_al.pk: 15}
    assert '<td class="num">107</td>' in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_counts_classified_overdue_reports_without_listing_them(client, dash):
    response = client_for(client, dash.users.coordinator).get(URL)
    assert response.context["classified_hidden"] == 1
    assert dash.subs.m3q3.pk not in {r.pk for r in response.context["table"].data}
    assert "ҚҰПИЯ" not in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_filters_the_overdue_list_by_status_and_direction(client, dash):
    c = client_for(client, dash.users.coordinator)
    assert [r.pk for r in c.get(URL, {"state": "returned"}).context["table"].data] == [dash.subs.m2q2.pk]
    assert [r.pk for r in c.get(URL, {"plan": "dash", "direction": dash.d2.pk}).context["table"].data] == [
        dash.subs.m4q3_al.pk
    ]


@time_machine.travel(TODAY, tick=False)
def test_it_ignores_a_direction_of_another_plan_and_names_it_as_the_problem(client, dash):
    from tests import factories as f

    elsewhere = f.DirectionFactory(plan=f.PlanFactory(code="other"), number=7)
    response = client_for(client, dash.users.coordinator).get(URL, {"plan": "dash", "direction": elsewhere.pk})
    assert response.context["filter"].form.errors["direction"]
    assert (
        len(response.context["table"].data)
        == len(client_for(client, dash.users.coordinator).get(URL).context["table"].data)
        > 0
    )
