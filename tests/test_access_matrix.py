"""Every page and every POST × every role × own/other agency, anonymous included: nobody sees
what is not theirs (404, or the login page) and nobody changes what they may not (the row stays)."""

import pytest
from django.urls import reverse

from plans.models import Evidence, Notification, Submission
from tests import factories as f
from tests.access_world import ROLES, build_access_world

pytestmark = pytest.mark.django_db


S = Submission.Status


@pytest.fixture
def world():
    world = build_access_world()
    note = Notification.objects.create(user=world["users"]["officer"], kind="accepted", message="x")
    return {**world, "note": note}


def client_for(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def is_login_redirect(response):
    return response.status_code == 302 and reverse("login") in response["Location"]


PAGES = {
    # page: {role: expected status}; anonymous always goes to the login page.
    "my_quarter": {"officer": 200, "head": 200, "co_officer": 200, "outsider": 200, "coordinator": 404, "reader": 404},
    "review_queue": {
        "officer": 404,
        "head": 404,
        "co_officer": 404,
        "outsider": 404,
        "coordinator": 200,
        "reader": 200,
    },
    "notifications": dict.fromkeys(ROLES[1:], 200),
    "report": {"officer": 200, "head": 200, "co_officer": 404, "outsider": 404, "coordinator": 200, "reader": 200},
    "contribution": {
        "officer": 200,
        "head": 200,
        "co_officer": 200,
        "outsider": 404,
        "coordinator": 200,
        "reader": 200,
    },
    "report_edit": {"officer": 200, "head": 200, "co_officer": 404, "outsider": 404, "coordinator": 403, "reader": 403},
    "contribution_edit": {
        "officer": 403,
        "head": 403,
        "co_officer": 200,
        "outsider": 404,
        "coordinator": 403,
        "reader": 403,
    },
    "evidence": {"officer": 200, "head": 200, "co_officer": 404, "outsider": 404, "coordinator": 404, "reader": 404},
    # A plan's versions: whoever sees the plan (the outsider's agency is in none of its measures).
    "plan_version": {**dict.fromkeys(ROLES[1:], 200), "outsider": 404},
    "indicator": dict.fromkeys(ROLES[1:], 200),
}


def page_url(world, page):
    return {
        "my_quarter": reverse("plans:my_quarter"),
        "review_queue": reverse("plans:review_queue"),
        "notifications": reverse("plans:notifications"),
        "report": reverse("plans:submission_detail", args=[world["report"].pk]),
        "contribution": reverse("plans:submission_detail", args=[world["contribution"].pk]),
        "report_edit": reverse("plans:submission_edit", args=[world["report"].pk]),
        "contribution_edit": reverse("plans:submission_edit", args=[world["contribution"].pk]),
        "evidence": reverse("plans:evidence_download", args=[world["evidence"].pk]),
        "plan_version": reverse("plans:plan_version", args=[world["plan"].code, world["version"].number]),
        "indicator": reverse("indicators:detail", args=[world["observation"].indicator.code]),
    }[page]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_it_shows_each_page_only_to_those_entitled(client, world, page, role, settings, tmp_path):
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "x.pdf").write_bytes(b"%PDF-")
    response = client_for(client, world, role).get(page_url(world, page))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == PAGES[page][role]
    if response.status_code == 200 and page == "report" and role in ("coordinator", "reader"):
        assert "Ішкі мәтін" not in response.content.decode()  # an unsent draft stays the agency's


# POST: {action: (state the report is put in, who may do it, what the form sends)}
POSTS = {
    "save": (
        S.DRAFT,
        {"officer", "head"},
        "plans:submission_edit",
        {"narrative": "changed", "action": "save", "version": 1},
    ),
    "submit": (
        S.DRAFT,
        {"officer", "head"},
        "plans:submission_edit",
        {"narrative": "x", "progress": "in_progress", "action": "submit", "version": 1},
    ),
    "sign": (S.SIGNED, {"head"}, "plans:submission_sign", {}),
    "accept": (S.SUBMITTED, {"coordinator"}, "plans:submission_review", {"action": "accept"}),
    "return": (S.SUBMITTED, {"coordinator"}, "plans:submission_review", {"action": "return", "reason": "Толықтырыңыз"}),
    "reopen": (S.ACCEPTED, {"coordinator"}, "plans:submission_reopen", {"reason": "Қате"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POSTS)
def test_it_lets_only_the_entitled_change_a_report(client, world, action, role):
    state, allowed, url_name, data = POSTS[action]
    report = world["report"]
    Submission.objects.filter(pk=report.pk).update(status=state)
    before = Submission.objects.values().get(pk=report.pk)
    response = client_for(client, world, role).post(reverse(url_name, args=[report.pk]), data)
    after = Submission.objects.values().get(pk=report.pk)
    if role in allowed:
        assert after["version"] > before["version"]
        return
    assert after == before
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in ("co_officer", "outsider"):
        assert response.status_code == 404
    else:
        assert response.status_code in (403, 302)


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_reporting_agency_remove_evidence(client, world, role):
    response = client_for(client, world, role).post(reverse("plans:evidence_delete", args=[world["evidence"].pk]))
    exists = Evidence.objects.filter(pk=world["evidence"].pk).exists()
    assert exists == (role not in ("officer", "head"))
    if role in ("co_officer", "outsider"):
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_it_marks_only_ones_own_notifications_read(client, world, role):
    client_for(client, world, role).post(reverse("plans:notifications"), {"id": world["note"].pk})
    world["note"].refresh_from_db()
    assert (world["note"].read_at is not None) == (role == "officer")


@pytest.mark.parametrize("role", ROLES)
def test_it_never_shows_a_classified_measure(client, world, role):
    secret = f.MeasureFactory(
        number=35, classified=True, title="ҚҰПИЯ МӘТІН", direction=world["report"].measure.direction
    )
    f.ResponsibilityFactory(measure=secret, agency=world["report"].agency)
    sub = f.SubmissionFactory(
        measure=secret, period=world["report"].period, agency=world["report"].agency, status=S.SUBMITTED
    )
    c = client_for(client, world, role)
    for url in (reverse("plans:submission_detail", args=[sub.pk]), reverse("plans:submission_edit", args=[sub.pk])):
        response = c.get(url)
        assert response.status_code == 302 if role == "anonymous" else response.status_code == 404
    for name in ("plans:my_quarter", "plans:review_queue"):
        assert "ҚҰПИЯ" not in c.get(reverse(name) + "?status=").content.decode()
