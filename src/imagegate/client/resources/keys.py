"""``client.keys``: API keys (needs an admin key)."""

from __future__ import annotations

from collections.abc import Sequence

from imagegate.client._core import Api
from imagegate.client._flow import Flow, Resource, async_method, sync_method
from imagegate.client.types import ApiKey, CreatedApiKey


def create(api: Api, *, name: str, scopes: Sequence[str] | None = None) -> Flow[CreatedApiKey]:
    """Create a key. Its secret (``.key``) is in this answer only: store it now.

    Args:
        name: A label, e.g. the app that will use it.
        scopes: ``generate`` (default) and/or ``admin``.
    """
    body: dict[str, object] = {"name": name}
    if scopes:
        body["scopes"] = list(scopes)
    data = yield from api.json("POST", "/v1/keys", json=body)
    return CreatedApiKey.model_validate(data)


def list_(api: Api, *, include_revoked: bool = False) -> Flow[list[ApiKey]]:
    """Every key (id, prefix, name, scopes); never their secrets."""
    data = yield from api.json("GET", "/v1/keys", params={"include_revoked": str(include_revoked).lower()})
    return [ApiKey.model_validate(k) for k in data["data"]]


def revoke(api: Api, key_id: str) -> Flow[ApiKey]:
    """Revoke a key; its very next request is refused."""
    data = yield from api.json("DELETE", f"/v1/keys/{key_id}")
    return ApiKey.model_validate(data)


class Keys(Resource):
    """API key management (admin). ``client.keys``."""

    create = sync_method(create)
    list = sync_method(list_)
    revoke = sync_method(revoke)


class AsyncKeys(Resource):
    """API key management (admin), for ``AsyncClient``. ``client.keys``."""

    create = async_method(create)
    list = async_method(list_)
    revoke = async_method(revoke)
