"""Wire models of the gateway endpoints: key policies, limits, usage, webhook secrets and the
webhook delivery log."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from imagegate.domain.policy import Money, Plan, SafetyPolicy

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: Any) -> Any:
    # pydantic also reads a number as a Unix time ("0" would be 1970-01-01): a day is YYYY-MM-DD only.
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise ValueError("must be a day as YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]


class KeyPolicyPatch(BaseModel):
    """Fields present are set; ``null`` puts one back to the plan's or the server's default."""

    model_config = ConfigDict(extra="forbid")

    plan: str | None = Field(default=None, min_length=1, max_length=64, description="A plan name from the config.")
    budget_daily: Money | None = Field(default=None, description="Spend cap per calendar day (currency units).")
    budget_monthly: Money | None = Field(default=None, description="Spend cap per calendar month.")
    safety: SafetyPolicy | None = Field(default=None, description="NSFW action, threshold, whether it may be off.")
    alert_webhook: str | None = Field(
        default=None, max_length=2048, description="URL that receives budget.alert events at 80 % and 100 %."
    )


class KeyPolicyOut(BaseModel):
    object: Literal["key_policy"] = "key_policy"
    key_id: str
    plan: str = Field(description="The plan in force (the default plan when none is set).")
    plan_set: bool = Field(description="Whether the plan was set for this key explicitly.")
    limits: Plan
    budget_daily: float | None
    budget_monthly: float | None
    safety: SafetyPolicy
    alert_webhook: str | None
    webhook_secret_set: bool
    updated_at: datetime | None


class WebhookSecretOut(BaseModel):
    object: Literal["webhook_secret"] = "webhook_secret"
    key_id: str
    secret: str = Field(description="whsec_…: verify webhook-signature with it (Standard Webhooks).")
    previous_valid_until: datetime | None = Field(
        default=None, description="After a rotation the previous secret also signs until then."
    )


class QuotaOut(BaseModel):
    images_per_day: int | None
    used: int
    reserved: int = Field(description="Images of jobs still queued or running.")
    remaining: int | None
    day: str
    resets_at: datetime


class BudgetOut(BaseModel):
    period: Literal["daily", "monthly"]
    window: str
    budget: float | None
    spent: float
    reserved: float = Field(description="Estimated cost of jobs still queued or running.")
    remaining: float | None
    resets_at: datetime


class LimitsOut(BaseModel):
    object: Literal["limits"] = "limits"
    key_id: str
    plan: str
    limits: Plan
    timezone: str
    quota: QuotaOut
    budgets: list[BudgetOut]
    active_jobs: int
    max_active_jobs: int


class UsageRow(BaseModel):
    day: date | None = None
    model: str | None = None
    key_id: str | None = None
    jobs: int
    succeeded: int
    errors: int = Field(description="Jobs that failed.")
    canceled: int
    cached: int = Field(description="Jobs answered from the result cache.")
    images: int
    cost: float
    currency: str
    compute_s: float
    latency_p50_s: float | None = Field(description="Admission to end of job, 50th percentile.")
    latency_p95_s: float | None
    latency_p99_s: float | None


class UsageOut(BaseModel):
    object: Literal["usage"] = "usage"
    start: date
    end: date
    timezone: str
    group_by: list[str]
    data: list[UsageRow]
    total: UsageRow


class AttemptOut(BaseModel):
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: float


class WebhookMessageOut(BaseModel):
    id: str = Field(description="msg_…, sent as webhook-id; the same on every retry.")
    object: Literal["webhook_message"] = "webhook_message"
    event: str
    job_id: str | None
    url: str
    status: Literal["pending", "delivering", "delivered", "failed", "disabled"]
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    finished_at: datetime | None
    attempt_log: list[AttemptOut]
    payload: dict[str, Any] | None = None


class WebhookMessageList(BaseModel):
    object: Literal["list"] = "list"
    data: list[WebhookMessageOut]
    has_more: bool
    next_cursor: str | None


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2048)


class DisabledEndpoint(BaseModel):
    url: str
    reason: str
    disabled_at: datetime


class DisabledEndpointList(BaseModel):
    object: Literal["list"] = "list"
    data: list[DisabledEndpoint]
