"""Operations: sign-in lockout, /healthz, the Content-Security-Policy and request ids."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from ops import health, tasks
from tests import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def sign_in(client, password: str):
    return client.post(reverse("login"), {"username": "coordinator", "password": password})


def test_it_locks_an_account_after_the_configured_failures_and_says_so(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    f.UserFactory(username="coordinator", role="coordinator", password="right-password-1593")
    for _ in range(2):
        assert sign_in(client, "wrong").status_code == 200
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429 and "Signing in is locked for 15 minutes" in locked.content.decode()
    # The right password no longer helps while the lock lasts.
    response = sign_in(client, "right-password-1593")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        assert sign_in(client, "right-password-1593").status_code == 302


def test_it_says_the_lockout_in_kazakh(client, settings):
    settings.AXES_FAILURE_LIMIT = 1
    f.UserFactory(username="coordinator", role="coordinator")
    client.cookies["django_language"] = "kk"
    html = sign_in(client, "wrong").content.decode()
    assert "Кіру 15 минутқа бұғатталды" in html


def test_it_resets_the_count_after_a_successful_sign_in(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    f.UserFactory(username="coordinator", role="coordinator", password="right-password-1593")
    sign_in(client, "wrong")
    sign_in(client, "wrong")
    assert sign_in(client, "right-password-1593").status_code == 302
    client.logout()
    sign_in(client, "wrong")
    assert sign_in(client, "right-password-1593").status_code == 302


@pytest.fixture
def broker_up(monkeypatch):
    monkeypatch.setitem(health.CHECKS, "broker", lambda: (True, "redis"))


@time_machine.travel(NOW, tick=False)
def test_it_reports_healthy_when_a_worker_and_beat_ran_recently(client, broker_up):
    tasks.heartbeat()
    PeriodicTask.objects.filter(task="ops.heartbeat").update(last_run_at=NOW - dt.timedelta(seconds=50))
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["beat"] == {"ok": True, "detail": "50 s ago"}


def test_it_reports_503_naming_the_worker_and_beat_when_they_are_silent(client, broker_up):
    with time_machine.travel(NOW - dt.timedelta(minutes=10), tick=False):
        tasks.heartbeat()
    with time_machine.travel(NOW, tick=False):
        body = client.get("/healthz").json()
        response = client.get("/healthz")
    assert response.status_code == 503 and body["status"] == "fail"
    assert body["checks"]["worker"] == {"ok": False, "detail": "600 s ago"}
    assert body["checks"]["beat"] == {"ok": False, "detail": "never ran"} and body["checks"]["database"]["ok"]


def test_it_reports_a_broker_that_cannot_be_reached(client, monkeypatch):
    def refused():
        raise ConnectionRefusedError

    monkeypatch.setitem(health.CHECKS, "broker", refused)
    body = client.get("/healthz").json()
    assert body["checks"]["broker"] == {"ok": False, "detail": "ConnectionRefusedError"}


def test_it_answers_healthz_over_plain_http_while_redirecting_pages(client, settings, broker_up):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get(reverse("login")).status_code == 301


def test_it_sends_a_policy_without_inline_script_and_a_request_id(client):
    response = client.get(reverse("login"), headers={"X-Request-ID": "lb-42"})
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and response["X-Request-ID"] == "lb-42"
    assert len(client.get(reverse("login"), headers={"X-Request-ID": "bad id\n"})["X-Request-ID"]) == 32
