"""Handlers of the gateway endpoints: key policies (admin), a key's limits and its usage."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from imagegate.admission.allowance import COST, IMAGES, NANOS
from imagegate.admission.clock import Windows
from imagegate.admission.keys import ApiKey, Scope
from imagegate.admission.options import check_webhook
from imagegate.api.native.wire_account import (
    BudgetOut,
    KeyPolicyOut,
    KeyPolicyPatch,
    LimitsOut,
    QuotaOut,
    UsageOut,
    UsageRow,
)
from imagegate.db.tables import jobs, usage_ledger
from imagegate.errors import InvalidRequest, NotFound, PermissionDenied
from imagegate.services import Services

GROUPS = ("day", "model", "key")
MAX_USAGE_DAYS = 366

USAGE_FIRST_DAY = date(1970, 1, 1)
USAGE_LAST_DAY = date(9999, 12, 30)


async def key_or_404(svc: Services, key_id: str) -> ApiKey:
    key = await svc.keys.get(key_id)
    if key is None:
        raise NotFound(f"no API key '{key_id}'", code="key_not_found")
    return key


async def policy_out(svc: Services, key: ApiKey) -> KeyPolicyOut:
    policy = await svc.policies.get(key.id)
    name, plan = svc.rules.plan_of(key, policy)
    daily, monthly = svc.rules.budgets_of(policy, plan)
    return KeyPolicyOut(
        key_id=key.id,
        plan=name,
        plan_set=policy.plan is not None,
        limits=plan,
        budget_daily=daily,
        budget_monthly=monthly,
        safety=svc.rules.safety_policy(policy),
        alert_webhook=policy.alert_webhook,
        webhook_secret_set=bool(policy.webhook_secret),
        updated_at=policy.updated_at,
    )


async def update_policy(svc: Services, key_id: str, patch: KeyPolicyPatch) -> KeyPolicyOut:
    key = await key_or_404(svc, key_id)
    changes: dict[str, Any] = {}
    for name in patch.model_fields_set:
        changes[name] = getattr(patch, name)
    if changes.get("plan") is not None and changes["plan"] not in svc.settings.plans:
        known = ", ".join(sorted(svc.settings.plans))
        raise InvalidRequest.for_field("plan", f"unknown plan '{changes['plan']}'; plans: {known}", code="unknown_plan")
    if changes.get("alert_webhook") is not None:
        await check_webhook(changes["alert_webhook"], field_name="alert_webhook", policy=svc.url_policy)
    if changes:
        await svc.policies.update(key.id, **changes)
    return await policy_out(svc, key)


async def limits(svc: Services, key: ApiKey) -> LimitsOut:
    policy = await svc.policies.get(key.id)
    name, plan = svc.rules.plan_of(key, policy)
    daily, monthly = svc.rules.budgets_of(policy, plan)
    now = svc.clock.now()
    w = Windows.at(now, svc.zone)
    counters = await svc.allowance.read(key.id, [(w.day, IMAGES), (w.day, COST), (w.month, COST)])
    images = counters[(w.day, IMAGES)]
    quota = plan.images_per_day
    budgets = []
    for period, window, budget, ends in (
        ("daily", w.day, daily, w.day_ends),
        ("monthly", w.month, monthly, w.month_ends),
    ):
        counter = counters[(window, COST)]
        spent, reserved = counter.used / NANOS, counter.reserved / NANOS
        budgets.append(
            BudgetOut(
                period=period,  # type: ignore[arg-type]
                window=window,
                budget=budget,
                spent=spent,
                reserved=reserved,
                remaining=max(0.0, budget - spent - reserved) if budget is not None else None,
                resets_at=ends,
            )
        )
    return LimitsOut(
        key_id=key.id,
        plan=name,
        limits=plan,
        timezone=svc.settings.quota_timezone,
        quota=QuotaOut(
            images_per_day=quota,
            used=images.used,
            reserved=images.reserved,
            remaining=max(0, quota - images.used - images.reserved) if quota is not None else None,
            day=w.day[2:],
            resets_at=w.day_ends,
        ),
        budgets=budgets,
        active_jobs=await svc.jobs.count_active(key.id),
        max_active_jobs=svc.rules.max_active_jobs(plan),
    )


def _percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(0, min(len(sorted_values) - 1, round(q * len(sorted_values) + 0.5) - 1))
    return round(sorted_values[rank], 4)


async def usage(
    svc: Services,
    key: ApiKey,
    *,
    start: date | None,
    end: date | None,
    group_by: str,
    key_id: str | None,
) -> UsageOut:
    """Usage from the ledger between two calendar days (inclusive, in the quota time zone)."""
    groups = [g.strip() for g in group_by.split(",") if g.strip()]
    bad = [g for g in groups if g not in GROUPS]
    if bad or len(set(groups)) != len(groups):
        raise InvalidRequest.for_field("group_by", f"use distinct values of: {', '.join(GROUPS)} (comma-separated)")
    if Scope.admin in key.scopes:
        scope = key_id  # None: every key
    elif key_id is not None and key_id != key.id:
        raise PermissionDenied("only admin keys can read other keys' usage")
    else:
        scope = key.id
    for name, day in (("start", start), ("end", end)):
        # Beyond these, the day's bounds in the quota time zone do not fit a datetime.
        if day is not None and not USAGE_FIRST_DAY <= day <= USAGE_LAST_DAY:
            raise InvalidRequest.for_field(name, f"must be between {USAGE_FIRST_DAY} and {USAGE_LAST_DAY}")
    today = svc.clock.now().astimezone(svc.zone).date()
    end = end or today
    start = start or end - timedelta(days=29)
    if start > end:
        raise InvalidRequest.for_field("start", "must not be after end")
    if (end - start).days >= MAX_USAGE_DAYS:
        raise InvalidRequest.for_field("start", f"the range may span at most {MAX_USAGE_DAYS} days")
    lower = datetime.combine(start, time(), svc.zone).astimezone(UTC)
    upper = datetime.combine(end + timedelta(days=1), time(), svc.zone).astimezone(UTC)
    query = (
        select(
            usage_ledger.c.key_id,
            usage_ledger.c.model_id,
            usage_ledger.c.status,
            usage_ledger.c.images,
            usage_ledger.c.cost,
            usage_ledger.c.currency,
            usage_ledger.c.compute_s,
            usage_ledger.c.cached,
            usage_ledger.c.created_at,
            jobs.c.created_at.label("job_created_at"),
            jobs.c.finished_at.label("job_finished_at"),
        )
        .select_from(usage_ledger.outerjoin(jobs, jobs.c.id == usage_ledger.c.job_id))
        .where(usage_ledger.c.created_at >= lower, usage_ledger.c.created_at < upper)
    )
    if scope is not None:
        query = query.where(usage_ledger.c.key_id == scope)
    buckets: dict[tuple[Any, ...], _Bucket] = {}
    total = _Bucket()
    async with svc.db.engine.connect() as conn:
        result = await conn.stream(query)
        async for row in result.mappings():
            day = row["created_at"].astimezone(svc.zone).date()
            ident = tuple({"day": day, "model": row["model_id"], "key": row["key_id"]}[g] for g in groups)
            bucket = buckets.setdefault(ident, _Bucket())
            for target in (bucket, total):
                target.add(row)
    data = []
    for ident, bucket in sorted(buckets.items(), key=lambda item: tuple(str(v) for v in item[0])):
        labels = dict(zip(groups, ident, strict=True))
        data.append(bucket.row(day=labels.get("day"), model=labels.get("model"), key_id=labels.get("key")))
    return UsageOut(
        start=start,
        end=end,
        timezone=svc.settings.quota_timezone,
        group_by=groups,
        data=data,
        total=total.row(),
    )


class _Bucket:
    def __init__(self) -> None:
        self.jobs = self.succeeded = self.errors = self.canceled = self.cached = self.images = 0
        self.cost = self.compute_s = 0.0
        self.currencies: set[str] = set()
        self.latencies: list[float] = []

    def add(self, row: Any) -> None:
        self.jobs += 1
        status = row["status"]
        self.succeeded += status == "succeeded"
        self.errors += status == "failed"
        self.canceled += status == "canceled"
        self.cached += bool(row["cached"])
        self.images += int(row["images"])
        self.cost += float(row["cost"])
        self.compute_s += float(row["compute_s"])
        self.currencies.add(row["currency"])
        if row["job_created_at"] is not None and row["job_finished_at"] is not None:
            self.latencies.append((row["job_finished_at"] - row["job_created_at"]).total_seconds())

    def row(self, **labels: Any) -> UsageRow:
        lat = sorted(self.latencies)
        return UsageRow(
            **labels,
            jobs=self.jobs,
            succeeded=self.succeeded,
            errors=self.errors,
            canceled=self.canceled,
            cached=self.cached,
            images=self.images,
            cost=round(self.cost, 9),
            currency=",".join(sorted(self.currencies)) or "USD",
            compute_s=round(self.compute_s, 4),
            latency_p50_s=_percentile(lat, 0.50),
            latency_p95_s=_percentile(lat, 0.95),
            latency_p99_s=_percentile(lat, 0.99),
        )
