"""Old addresses (bookmarks, links in e-mails and stored notifications) lead to the renamed pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/plans/reports/7/", "/plans/submissions/7/"),
        ("/plans/reports/7/edit/", "/plans/submissions/7/edit/"),
        ("/reports/documents/", "/reports/"),
        ("/reports/documents/3/", "/reports/3/"),
        ("/reports/documents/3/pdf/", "/reports/3/pdf/"),
        ("/reports/documents/3/html/", "/reports/3/html/"),
        ("/reports/scorecard/?period=2014-3", "/dashboards/scorecard/?period=2014-3"),
        ("/reports/overdue/", "/dashboards/overdue/"),
        ("/reports/budget/", "/dashboards/budget/"),
        ("/reports/agency/?agency=2", "/dashboards/agency/?agency=2"),
    ],
)
def test_it_redirects_old_addresses_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_it_names_the_new_addresses_after_what_they_show():
    assert reverse("plans:submission_detail", args=[7]) == "/plans/submissions/7/"
    assert reverse("dashboards:overview") == "/dashboards/"
    assert reverse("reports:list") == "/reports/"
