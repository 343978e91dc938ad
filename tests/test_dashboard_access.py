import re

import pytest
import time_machine
from django.urls import reverse

from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

PAGES = [
    "dashboards:overview",
    "dashboards:scorecard",
    "dashboards:overdue",
    "dashboards:budget",
    "dashboards:agency_home",
]


@pytest.mark.parametrize("name", PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
@time_machine.travel(TODAY, tick=False)
def test_it_answers_404_when_an_agency_asks_for_another_agencys_numbers(client, dash, name):
    c = client_for(client, dash.users.outsider)
    assert c.get(reverse(name), {"agency": dash.mn.pk}).status_code == 404
    assert c.get(reverse(name), {"agency": "x"}).status_code == 400  # not an agency id: said so, nothing looked up
    assert c.get(reverse(name), {"agency": dash.outsider.pk}).status_code == 200  # its own


@pytest.mark.parametrize("name", PAGES)
@time_machine.travel(TODAY, tick=False)
def test_it_shows_an_outsider_nothing_of_other_agencies(client, dash, name):
    html = client_for(client, dash.users.outsider).get(reverse(name)).content.decode()
    assert "МИН" not in html and "АЛМ" not in html


@time_machine.travel(TODAY, tick=False)
def test_it_restricts_agency_staff_to_their_own_agency_on_every_table(client, dash):
    c = client_for(client, dash.users.head)
    rows = c.get(reverse("dashboards:overdue")).context["table"].data
    assert {r.agency_id for r in rows} == {dash.mn.pk}
    assert "agency" not in c.get(reverse("dashboards:scorecard")).context["filter"].form.fields
    assert c.get(reverse("dashboards:overview"), {"agency": dash.mn.pk}).status_code == 200


@pytest.mark.parametrize("name", PAGES[:4])
@time_machine.travel(TODAY, tick=False)
def test_it_gives_the_government_reader_no_button_that_changes_anything(client, dash, name):
    html = client_for(client, dash.users.reader).get(reverse(name)).content.decode()
    post_forms = re.findall(
        r'<form[^>]*method="post"[^>]*action="([^"]*)"|<form[^>]*action="([^"]*)"[^>]*method="post"', html
    )
    assert {a or b for a, b in post_forms} <= {reverse("set_language"), reverse("logout")}
    main = html[html.index("<main") : html.index("</main>")]
    assert not re.search(r"/submissions/\d+/(edit|sign|review|reopen)/", main)


@time_machine.travel(TODAY, tick=False)
def test_it_answers_404_for_a_plan_the_agency_has_no_part_in(client, dash):
    assert (
        client_for(client, dash.users.outsider).get(reverse("dashboards:overview"), {"plan": "dash"}).status_code == 404
    )
