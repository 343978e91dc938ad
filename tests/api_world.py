"""The access matrix's world (``tests.access_world``) with an API token for each of its users, and
a client speaking to the API with one of them."""

import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_create
from tests.access_world import ROLES, build_access_world

__all__ = ["ROLES", "api", "api_world"]


@pytest.fixture
def api_world(db):
    world = build_access_world()
    keys = {role: api_token_create(user=user, name=f"{role} system")[1] for role, user in world["users"].items()}
    return {**world, "keys": keys}


def api(world: dict, role: str, **headers) -> APIClient:
    client = APIClient(**headers)
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Token {world['keys'][role]}")
    return client
