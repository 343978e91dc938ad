"""The production configuration: `check --deploy` clean, an insecure one refused by name, and the
real thing (scripts/serve.sh: gunicorn, two workers and beat on PostgreSQL and Redis) serving a
signed-in coordinator, answering /healthz and stopping cleanly."""

import os
import subprocess

import pytest

from .production import (
    ROOT,
    Browser,
    drop_database,
    free_port,
    group_alive,
    manage,
    production_env,
    recreate_database,
    start,
    stop,
    wait_healthy,
)


def test_it_passes_check_deploy_under_production_settings_with_no_warning(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING", check=False)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout and "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        ("SECURE_HSTS_SECONDS", "SECURE_HSTS_SECONDS"),
        ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_SECURE"),
        ("SECURE_SSL_REDIRECT", "SECURE_SSL_REDIRECT"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("CELERY_BROKER_URL", "CELERY_BROKER_URL"),
    ],
)
def test_it_refuses_to_serve_an_insecure_configuration_naming_the_variable(tmp_path, unset, named):
    env = production_env(tmp_path)
    env.pop(unset)
    result = subprocess.run(
        ["bash", "scripts/serve.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert named in result.stderr and "refusing to start" in result.stderr


def test_it_refuses_to_serve_a_short_secret_key(tmp_path):
    env = production_env(tmp_path, SECRET_KEY="short")
    result = subprocess.run(
        ["bash", "scripts/serve.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1 and "SECRET_KEY" in result.stderr


@pytest.mark.services
def test_it_serves_a_signed_in_coordinator_in_production_and_stops_cleanly(tmp_path, require_services):
    port = free_port()
    env = production_env(tmp_path, PORT=str(port), WEB_CONCURRENCY="2")
    recreate_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from accounts.models import User; "
        "User.objects.create_user('coordinator', password='demo-1593', role=User.Role.COORDINATOR)",
    )
    server = start(env, tmp_path / "serve.log")
    try:
        health = wait_healthy(port, server)
        assert {name: check["ok"] for name, check in health["checks"].items()} == {
            "database": True,
            "broker": True,
            "worker": True,
            "beat": True,
        }
        browser = Browser(port)
        response, _ = browser.request("GET", "/", proxy=False)  # plain http is sent to https
        assert response.status == 301 and response.getheader("Location").startswith("https://")
        response, _ = browser.sign_in("coordinator", "demo-1593")
        assert response.status == 302, (tmp_path / "serve.log").read_text()[-3000:]
        response, page = browser.request("GET", "/dashboards/")
        assert response.status == 200 and "coordinator" in page
        assert "script-src 'self'" in response.getheader("Content-Security-Policy")
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
        assert len(response.getheader("X-Request-ID")) == 32
        response, _ = browser.request("GET", "/static/fonts/DejaVuSans.ttf")  # WhiteNoise, DEBUG off
        assert response.status == 200
    finally:
        stop(server)
        drop_database(env["DATABASE_URL"])
    assert not group_alive(server)
    log = (tmp_path / "serve.log").read_text()
    assert '"GET /dashboards/ HTTP/1.1" 200' in log


@pytest.fixture
def require_services():
    import psycopg
    import redis

    try:
        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
        redis.Redis.from_url("redis://127.0.0.1:6379/12", socket_connect_timeout=1).ping()
    except (psycopg.Error, redis.RedisError) as exc:
        if os.environ.get("PLAN_MONITOR_REQUIRE_SERVICES"):
            raise
        pytest.skip(f"needs PostgreSQL and Redis on 127.0.0.1 ({exc})")
