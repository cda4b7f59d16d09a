"""Gateway endpoints: key policies (admin), a key's own limits and usage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import AdminKey, CurrentKey, ServicesDep
from imagegate.api.native import serving_account as handlers
from imagegate.api.native.wire_account import (
    IsoDay,
    KeyPolicyOut,
    KeyPolicyPatch,
    LimitsOut,
    UsageOut,
    WebhookSecretOut,
)

router = APIRouter(tags=["gateway"], route_class=JsonRoute)


@router.get("/v1/keys/{key_id}/policy", response_model=KeyPolicyOut, summary="A key's plan, budgets and policies")
async def get_policy(key_id: str, admin: AdminKey, svc: ServicesDep) -> KeyPolicyOut:
    """A key's plan, budgets, safety policy and alert webhook as set, with the plan in force (admin keys
    only)."""
    return await handlers.policy_out(svc, await handlers.key_or_404(svc, key_id))


@router.patch("/v1/keys/{key_id}/policy", response_model=KeyPolicyOut, summary="Set a key's plan, budgets, policies")
async def patch_policy(key_id: str, body: KeyPolicyPatch, admin: AdminKey, svc: ServicesDep) -> KeyPolicyOut:
    """Only the fields sent change; ``null`` returns a field to the plan's or server's default."""
    return await handlers.update_policy(svc, key_id, body)


@router.post(
    "/v1/keys/{key_id}/webhook-secret", response_model=WebhookSecretOut, summary="Rotate a key's webhook secret"
)
async def rotate_webhook_secret(key_id: str, admin: AdminKey, svc: ServicesDep) -> WebhookSecretOut:
    """A new secret signs from now on; the old one also signs for ``webhook_secret_grace_s``
    (both signatures are sent), so receivers can switch without missing a delivery."""
    key = await handlers.key_or_404(svc, key_id)
    policy = await svc.policies.rotate_secret(key.id, grace_s=svc.settings.webhook_secret_grace_s)
    assert policy.webhook_secret is not None
    return WebhookSecretOut(
        key_id=key.id, secret=policy.webhook_secret, previous_valid_until=policy.webhook_secret_previous_until
    )


@router.get("/v1/limits", response_model=LimitsOut, summary="Your plan, quota and budgets right now")
async def get_limits(key: CurrentKey, svc: ServicesDep) -> LimitsOut:
    """Your plan and what is left of it now: rate limits, today's image quota and the daily/monthly
    budgets, with what queued jobs hold reserved."""
    return await handlers.limits(svc, key)


@router.get("/v1/usage", response_model=UsageOut, summary="Usage by day, model and key")
async def get_usage(
    key: CurrentKey,
    svc: ServicesDep,
    start: Annotated[IsoDay | None, Query(description="First day (YYYY-MM-DD); default: 29 days before end.")] = None,
    end: Annotated[IsoDay | None, Query(description="Last day, inclusive; default: today.")] = None,
    group_by: Annotated[str, Query(description="Comma-separated: day, model, key.")] = "day,model",
    key_id: Annotated[str | None, Query(description="Admin keys: one key's usage (default: all keys).")] = None,
) -> UsageOut:
    """Images, cost, errors and latency percentiles from the usage ledger. Days are calendar days
    in the server's quota time zone. A key sees its own usage; admin keys see every key's."""
    return await handlers.usage(svc, key, start=start, end=end, group_by=group_by, key_id=key_id)
