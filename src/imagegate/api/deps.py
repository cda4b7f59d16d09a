"""Typed dependencies, so route signatures read like prose: ``key: CurrentKey, svc: ServicesDep``."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import State

from imagegate.admission.keys import ApiKey, Scope
from imagegate.errors import AuthenticationError, PermissionDenied, Unavailable
from imagegate.observability.context import key_id_var
from imagegate.services import Services

STARTUP_WAIT_S = 60.0


async def started_services(state: State, timeout: float = STARTUP_WAIT_S) -> Services | None:
    """The services, once started: waits up to ``timeout`` while they start (the server listens
    before they are up); None when they failed to start, are stopping, or take longer."""
    starting = getattr(state, "starting", None)
    if getattr(state, "services", None) is None and starting is not None and not starting.done():
        await asyncio.wait([starting], timeout=timeout)  # neither cancels the start nor raises its error
    return getattr(state, "services", None)


async def get_services(request: Request) -> Services:
    services = await started_services(request.app.state)
    if services is None:
        raise Unavailable("the server is starting or stopping; retry shortly")
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("the Authorization header must be 'Bearer <API key>'")
    return token.strip()


async def authenticate(svc: Services, token: str | None) -> ApiKey:
    if token is None:
        raise AuthenticationError("missing API key: send 'Authorization: Bearer <API key>'")
    key = await svc.keys.authenticate(token)
    if key is None:
        raise AuthenticationError("invalid or revoked API key", code="invalid_api_key")
    return key


async def require_key(request: Request, svc: ServicesDep) -> ApiKey:
    key = await authenticate(svc, bearer_token(request))
    request.state.key_id = key.id
    key_id_var.set(key.id)  # for log lines written while this request is handled
    return key


CurrentKey = Annotated[ApiKey, Depends(require_key)]


async def require_admin(key: CurrentKey) -> ApiKey:
    if Scope.admin not in key.scopes:
        raise PermissionDenied("this action needs an API key with the 'admin' scope")
    return key


AdminKey = Annotated[ApiKey, Depends(require_admin)]


async def require_generate(key: CurrentKey) -> ApiKey:
    if not key.has(Scope.generate):
        raise PermissionDenied("generating images needs an API key with the 'generate' scope")
    return key


GenerateKey = Annotated[ApiKey, Depends(require_generate)]
