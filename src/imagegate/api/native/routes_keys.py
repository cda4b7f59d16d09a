"""API key management (admin scope): POST/GET/DELETE /v1/keys."""

from __future__ import annotations

from fastapi import APIRouter

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import AdminKey, ServicesDep
from imagegate.api.native.views import key_out
from imagegate.api.native.wire import KeyCreate, KeyCreated, KeyList, KeyOut
from imagegate.errors import NotFound

router = APIRouter(prefix="/v1/keys", tags=["keys"], route_class=JsonRoute)


@router.post("", status_code=201, response_model=KeyCreated, summary="Create an API key")
async def create_key(body: KeyCreate, admin: AdminKey, svc: ServicesDep) -> KeyCreated:
    """The key itself is in this response only; imagegate keeps just its hash."""
    key, plaintext = await svc.keys.create(body.name, list(body.scopes))
    return KeyCreated(**key_out(key).model_dump(), key=plaintext)


@router.get("", response_model=KeyList, summary="List API keys")
async def list_keys(admin: AdminKey, svc: ServicesDep, include_revoked: bool = False) -> KeyList:
    """Every API key of this server (admin keys only): id, name, prefix, scopes and when it was made or
    revoked. Secrets are never shown again."""
    return KeyList(data=[key_out(k) for k in await svc.keys.list_keys(include_revoked=include_revoked)])


@router.delete("/{key_id}", response_model=KeyOut, summary="Revoke an API key")
async def revoke_key(key_id: str, admin: AdminKey, svc: ServicesDep) -> KeyOut:
    """Takes effect on the key's very next request."""
    key = await svc.keys.revoke(key_id)
    if key is None:
        raise NotFound(f"no API key '{key_id}'", code="key_not_found")
    return key_out(key)
