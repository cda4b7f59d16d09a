"""Webhook endpoints of a key: its signing secret, the delivery log, disabled endpoints."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import CurrentKey, ServicesDep
from imagegate.api.native.wire_account import (
    AttemptOut,
    DisabledEndpoint,
    DisabledEndpointList,
    EndpointIn,
    WebhookMessageList,
    WebhookMessageOut,
    WebhookSecretOut,
)
from imagegate.errors import NotFound
from imagegate.webhooks.outbox import Message

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], route_class=JsonRoute)


@router.get("/secret", response_model=WebhookSecretOut, summary="Your webhook signing secret")
async def get_secret(key: CurrentKey, svc: ServicesDep) -> WebhookSecretOut:
    """The ``whsec_…`` secret that signs this key's webhooks (created on first use)."""
    policy = await svc.policies.ensure_secret(key.id)
    assert policy.webhook_secret is not None
    return WebhookSecretOut(
        key_id=key.id, secret=policy.webhook_secret, previous_valid_until=policy.webhook_secret_previous_until
    )


def _message_out(msg: Message, *, with_payload: bool) -> WebhookMessageOut:
    return WebhookMessageOut(
        id=msg.id,
        event=msg.event,
        job_id=msg.job_id,
        url=msg.url,
        status=msg.status,  # type: ignore[arg-type]
        attempts=msg.attempts,
        next_attempt_at=msg.next_attempt_at if msg.status in ("pending", "delivering") else None,
        last_status_code=msg.last_status_code,
        last_error=msg.last_error,
        created_at=msg.created_at,
        finished_at=msg.finished_at,
        attempt_log=[AttemptOut(**a) for a in msg.attempt_log or []],
        payload=json.loads(msg.body) if with_payload else None,
    )


@router.get("/messages", response_model=WebhookMessageList, summary="The webhook delivery log")
async def list_messages(
    key: CurrentKey,
    svc: ServicesDep,
    job_id: Annotated[str | None, Query(description="Only this job's messages.")] = None,
    status: Annotated[
        Literal["pending", "delivering", "delivered", "failed", "disabled"] | None, Query(description="Filter.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    include_payload: Annotated[bool, Query(description="Include each message's JSON body.")] = False,
) -> WebhookMessageList:
    """Newest first, each with every attempt (time, HTTP status or error, duration)."""
    found = await svc.outbox.list_messages(key.id, job_id=job_id, status=status, limit=limit + 1, before=cursor)
    page = found[:limit]
    more = len(found) > limit
    return WebhookMessageList(
        data=[_message_out(m, with_payload=include_payload) for m in page],
        has_more=more,
        next_cursor=page[-1].id if more and page else None,
    )


@router.get("/messages/{message_id}", response_model=WebhookMessageOut, summary="One webhook message")
async def get_message(message_id: str, key: CurrentKey, svc: ServicesDep) -> WebhookMessageOut:
    """One webhook message of yours with its payload and every delivery attempt (status, error, duration)."""
    found = await svc.outbox.list_messages(key.id, limit=1, before=_after(message_id))
    if not found or found[0].id != message_id:
        raise NotFound(f"no webhook message '{message_id}'", code="webhook_message_not_found")
    return _message_out(found[0], with_payload=True)


def _after(message_id: str) -> str:
    # Messages are listed by id descending below a cursor: the smallest string above this id.
    return message_id + "\x00"


@router.get("/endpoints/disabled", response_model=DisabledEndpointList, summary="Endpoints disabled by 410 Gone")
async def disabled_endpoints(key: CurrentKey, svc: ServicesDep) -> DisabledEndpointList:
    """Your webhook URLs that answered 410 Gone and receive nothing until enabled again."""
    rows = await svc.outbox.disabled_endpoints(key.id)
    return DisabledEndpointList(data=[DisabledEndpoint(**r) for r in rows])


@router.post("/endpoints/enable", response_model=DisabledEndpointList, summary="Enable a disabled endpoint again")
async def enable_endpoint(body: EndpointIn, key: CurrentKey, svc: ServicesDep) -> DisabledEndpointList:
    """New jobs may name it again; messages dropped while it was disabled are not resent."""
    outbox = svc.outbox
    if not await outbox.enable_endpoint(key.id, body.url):
        raise NotFound("that endpoint is not disabled for this key", code="endpoint_not_disabled")
    return DisabledEndpointList(data=[DisabledEndpoint(**r) for r in await outbox.disabled_endpoints(key.id)])
