"""API tokens: created and named on the profile page and shown once, stored hashed, revoked,
marked when used, and throttled one by one."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests import factories as f
from tests.api_world import api

pytestmark = pytest.mark.django_db
KEY = re.compile(r"pm_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def test_it_shows_a_new_key_once_and_keeps_only_its_hash(client):
    user = f.UserFactory(username="iim.officer")
    client.force_login(user)
    created = client.post("/accounts/tokens/", {"name": "ІІМ құжат айналымы"}, follow=True).content.decode()
    key = KEY.search(created).group(0)
    token = ApiToken.objects.get(user=user)
    assert token.name == "ІІМ құжат айналымы" and key.startswith(f"pm_{token.prefix}_")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values().get())  # nothing stored reveals the key
    again = client.get("/accounts/tokens/").content.decode()
    assert "ІІМ құжат айналымы" in again and key not in again and f"pm_{token.prefix}_…" in again


def test_it_asks_for_a_name(client):
    client.force_login(f.UserFactory())
    page = client.post("/accounts/tokens/", {"name": "  "}).content.decode()
    assert "This field is required." in page and not ApiToken.objects.exists()


def test_it_links_the_tokens_page_from_every_page(client):
    client.force_login(f.UserFactory())
    assert 'href="/accounts/tokens/"' in client.get("/plans/notifications/").content.decode()


def test_it_lets_the_owner_alone_revoke_a_token(client, api_world):
    officer_token = ApiToken.objects.get(user=api_world["users"]["officer"])
    client.force_login(api_world["users"]["head"])
    assert client.post(f"/accounts/tokens/{officer_token.pk}/revoke/").status_code == 404
    assert api(api_world, "officer").get("/api/v1/plans/").status_code == 200
    client.force_login(api_world["users"]["officer"])
    client.post(f"/accounts/tokens/{officer_token.pk}/revoke/")
    response = api(api_world, "officer").get("/api/v1/plans/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", ["Token pm_00000000_nope", "Token", "Token a b", "Bearer x"])
def test_it_refuses_unknown_and_malformed_keys(api_world, header):
    client = api(api_world, "anonymous")
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/plans/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_it_refuses_a_right_prefix_with_a_wrong_secret(api_world):
    key = api_world["keys"]["officer"]
    client = api(api_world, "anonymous")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key[:-4]}AAAA")
    assert client.get("/api/v1/plans/").status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(api_world):
    api_world["users"]["officer"].is_active = False
    api_world["users"]["officer"].save()
    assert api(api_world, "officer").get("/api/v1/plans/").status_code == 401


def test_it_records_when_a_token_was_last_used(api_world):
    token = ApiToken.objects.get(name="officer system")
    assert token.last_used_at is None
    moment = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        api(api_world, "officer").get("/api/v1/plans/")
    token.refresh_from_db()
    assert token.last_used_at == moment


def test_it_throttles_each_token_on_its_own(api_world, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    cache.clear()
    officer = api(api_world, "officer")
    assert [officer.get("/api/v1/agencies/").status_code for _ in range(3)] == [200, 200, 200]
    refused = officer.get("/api/v1/agencies/")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0
    assert api(api_world, "head").get("/api/v1/agencies/").status_code == 200  # another token, its own budget
    cache.clear()


def test_it_caps_how_many_active_tokens_a_user_has():
    user = f.UserFactory()
    for n in range(20):
        api_token_create(user=user, name=f"system {n}")
    with pytest.raises(ValidationError, match="revoke one"):
        api_token_create(user=user, name="one too many")


def test_it_creates_a_token_from_the_command_line(api_world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("create_api_token", "iim.officer", "ІІМ жүйесі", stdout=out)
    key = out.getvalue().strip()
    assert KEY.fullmatch(key)
    client = api(api_world, "anonymous")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/submissions/").status_code == 200
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("create_api_token", "nobody", "x")


def test_it_shows_tokens_to_administrators_without_their_keys(client, api_world):
    admin = f.UserFactory(username="admin", role="reader", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/accounts/apitoken/").content.decode()
    assert "officer system" in page and api_world["keys"]["officer"] not in page
    token = ApiToken.objects.get(name="officer system")
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()
