"""Admission of a validated request, in order: moderation → webhook and safety options → rate
limits → idempotent replay → result cache → active-job cap → quota and budget reservation → the
durable job.

Reservations come last and are written in the job row's own transaction, so nothing that does not
become a billed job (a replay, a cache hit, a refusal, a failed insert) ever holds quota or budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from imagegate.admission.allowance import ACTIVE, ACTIVE_PERIOD, COST, IMAGES, Counter, Exhausted, Item, to_nanos
from imagegate.admission.cache import CachedResult, cache_key
from imagegate.admission.clock import Windows
from imagegate.admission.keys import ApiKey
from imagegate.admission.options import SubmitOptions, check_webhook, parse_events
from imagegate.admission.policies import KeyPolicy
from imagegate.admission.ratelimit import LimitState
from imagegate.db.tables import images, job_gateway, jobs, usage_ledger, webhook_messages
from imagegate.db.types import utcnow
from imagegate.domain.ids import new_id
from imagegate.domain.jobs import ImageRecord, Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams
from imagegate.errors import (
    BudgetExceeded,
    ContentRejected,
    ImagegateError,
    InvalidRequest,
    QuotaExceeded,
    RateLimited,
)
from imagegate.gateway.batch import Rows
from imagegate.jobs.store import NewJob
from imagegate.observability.http import add_response_headers
from imagegate.safety import SafetyDecision
from imagegate.webhooks.outbox import message_row

if TYPE_CHECKING:
    from imagegate.gateway.service import Gateway


@dataclass(frozen=True)
class Admission:
    """A request that passed validation, with what the dialect asked for besides its parameters."""

    key: ApiKey
    spec: ModelSpec
    request: AnyRequest  # the effective request: defaults filled in
    response_format: str
    idempotency_key: str | None
    fingerprint: str
    options: SubmitOptions
    # Chosen by the caller when it must record something under the job's id before the job can run
    # (the ModelsLab dialect numbers its requests); a new id otherwise.
    job_id: str | None = None


async def admit(gw: Gateway, adm: Admission) -> tuple[Job, bool]:
    """Queue the job (or answer from the cache / an earlier identical request). Returns the job and
    whether this request created it."""
    try:
        return await _admit(gw, adm)
    except ImagegateError as exc:
        reason = _reason(exc)
        if reason:
            gw.metrics.rejections.labels(reason).inc()
        raise


def _reason(exc: ImagegateError) -> str | None:
    if isinstance(exc, QuotaExceeded):
        return "quota_exceeded"
    if isinstance(exc, RateLimited):
        return exc.code
    if isinstance(exc, BudgetExceeded):
        return "budget_exceeded"
    if isinstance(exc, ContentRejected):
        return "moderation"
    return None


async def _admit(gw: Gateway, adm: Admission) -> tuple[Job, bool]:
    key, spec, request, options = adm.key, adm.spec, adm.request, adm.options
    svc = gw.services
    gw.moderator.check(request)
    if options.webhook_events_filter is not None and not options.webhook:
        raise InvalidRequest.for_field("webhook_events_filter", "only meaningful with a webhook URL; add 'webhook'")
    events = parse_events(options.webhook_events_filter)
    if options.webhook:
        await check_webhook(options.webhook, field_name="webhook", policy=gw.url_policy)
        if await gw.outbox.is_disabled(key.id, options.webhook):
            raise InvalidRequest.for_field(
                "webhook",
                "this endpoint answered 410 Gone and is disabled; "
                "enable it again with POST /v1/webhooks/endpoints/enable",
                code="webhook_disabled",
            )
    policy = await gw.policies.get(key.id)
    decision = _safety(gw, policy, options)
    plan_name, plan = gw.plan_of(key, policy)
    num_images = int(getattr(request, "num_images", 1) or 1)

    state = LimitState()
    await gw.limiter.hit(key.id, plan_name, plan, images=num_images, state=state)
    add_response_headers(state.headers())

    if adm.idempotency_key is not None:
        replayed = await svc.jobs.replay(key.id, adm.idempotency_key, adm.fingerprint)
        if replayed is not None:
            return replayed, False

    ckey = None
    if options.cache and gw.settings.cache_enabled:
        scope = key.id if gw.settings.cache_scope == "key" else "*"
        ckey = cache_key(spec, request, safety=decision.to_json(), scope=scope)
        if ckey is not None:
            entry = await gw.cache.lookup(ckey, utcnow())
            if entry is not None and all([await svc.blobs.exists(i["digest"]) for i in entry.images]):
                return await _serve_cached(gw, adm, entry, events, decision)
            gw.metrics.cache_misses.labels(spec.id).inc()

    now = gw.clock.now()
    windows = Windows.at(now, gw.zone)
    daily, monthly = gw.budgets_of(policy, plan)
    estimate = _estimate(spec, request, num_images)
    settings_cap = svc.settings.max_queued_per_key
    items = [
        # The active-job cap is a counter too, so that a concurrent burst cannot slip past it. The
        # server-wide setting is a ceiling over every plan.
        Item(ACTIVE_PERIOD, ACTIVE, 1, min(plan.max_active_jobs or settings_cap, settings_cap)),
        Item(windows.day, IMAGES, num_images, plan.images_per_day),
        Item(windows.day, COST, to_nanos(estimate), to_nanos(daily) if daily is not None else None),
        Item(windows.month, COST, to_nanos(estimate), to_nanos(monthly) if monthly is not None else None),
    ]
    await gw.allowance.ensure(key.id, items)
    job_id = adm.job_id or new_id("job")
    gateway_row = dict(
        job_id=job_id,
        key_id=key.id,
        model_id=spec.id,
        cache_key=ckey,
        webhook=options.webhook,
        webhook_events=sorted(events) if options.webhook else None,
        track_id=options.track_id,
        safety=decision.to_json(),
        reservations=[i.to_json() for i in items],
        created_at=utcnow(),
    )
    new = NewJob(
        id=job_id,
        key_id=key.id,
        task=request.task.value,
        model_id=spec.id,
        params=request.model_dump(mode="json"),
        response_format=adm.response_format,
        timeout_s=svc.settings.job_timeout_s,
        idempotency_key=adm.idempotency_key,
        request_hash=adm.fingerprint,
    )
    daily_images = (windows.day, IMAGES)

    def unit(conn: Connection) -> tuple[Job, dict[tuple[str, str], Counter] | None]:
        # One transaction: the reservations, the gateway's row and the job commit together or not
        # at all, so a refusal or a failure leaves nothing to hand back.
        gw.allowance.reserve_in(conn, key.id, items)
        conn.execute(insert(job_gateway), gateway_row)
        job = svc.jobs.insert_in(conn, new)
        counters = gw.allowance.read_in(conn, key.id, [daily_images]) if plan.images_per_day is not None else None
        return job, counters

    gw.remember_admission(gateway_row)  # before the job can be claimed: its start and end need no read
    try:
        job, counters = await gw.db.run(unit, write=True)
    except BaseException as exc:
        gw.forget_admission(job_id)
        if isinstance(exc, Exhausted):
            raise _exhausted(gw, exc, windows, now, state, estimate, spec.price.currency) from None
        if not isinstance(exc, IntegrityError) or adm.idempotency_key is None:
            raise
        # A concurrent identical request with the same Idempotency-Key created its job first.
        replayed = await svc.jobs.replay(key.id, adm.idempotency_key, adm.fingerprint)
        if replayed is None:
            raise
        return replayed, False
    if counters is not None and plan.images_per_day is not None:
        counter = counters[daily_images]
        left = plan.images_per_day - counter.used - counter.reserved
        state.add("daily", plan.images_per_day, 86400, left, (windows.day_ends - now).total_seconds())
        add_response_headers(state.headers())
    gw.remember_track_id(job.id, options.track_id)
    gw.metrics.jobs_submitted.labels(spec.id).inc()
    return job, True


def _safety(gw: Gateway, policy: KeyPolicy, options: SubmitOptions) -> SafetyDecision:
    rules = gw.safety_policy(policy)
    if options.safety_checker is False:
        if not rules.allow_disable:
            raise InvalidRequest.for_field(
                "safety_checker",
                "this key's safety policy does not allow turning the safety check off",
                code="safety_checker_required",
            )
        return SafetyDecision(enabled=False)
    return SafetyDecision.of(rules, enabled=gw.settings.safety_enabled)


def _estimate(spec: ModelSpec, request: AnyRequest, num_images: int) -> float:
    if isinstance(request, DiffusionParams):
        return spec.price.estimate(
            width=request.width or 0,
            height=request.height or 0,
            steps=request.num_inference_steps or 0,
            num_images=num_images,
        )
    return spec.price.estimate(width=0, height=0, steps=0, num_images=num_images)


def _exhausted(
    gw: Gateway, exc: Exhausted, windows: Windows, now: Any, state: LimitState, estimate: float, currency: str
) -> ImagegateError:
    item = exc.item
    assert item.limit is not None
    if item.metric == ACTIVE:
        return RateLimited(
            f"this key already has {item.limit} queued or running jobs; wait for some to finish",
            retry_after=5,
            code="too_many_active_jobs",
            headers=state.headers(),
        )
    if item.metric == IMAGES:
        reset = (windows.day_ends - now).total_seconds()
        state.add("daily", item.limit, 86400, item.limit - exc.committed, reset)
        left = max(0, item.limit - exc.committed)
        return QuotaExceeded(
            f"daily quota of {item.limit} images reached ({left} left, {item.amount} requested); it resets at "
            f"{windows.day_ends.astimezone(gw.zone).isoformat()} ({gw.settings.quota_timezone})",
            retry_after=reset,
            headers=state.headers(),
        )
    period = "daily" if item.period.startswith("d:") else "monthly"
    budget, committed = item.limit / 1e9, exc.committed / 1e9
    return BudgetExceeded(
        f"the estimated cost {estimate:.9g} {currency} does not fit the {period} budget of {budget:.9g} {currency} "
        f"({committed:.9g} already spent or reserved by unfinished jobs)",
        period=period,
        budget=budget,
        committed=committed,
        estimate=estimate,
    )


async def _serve_cached(
    gw: Gateway, adm: Admission, entry: CachedResult, events: frozenset[str], decision: SafetyDecision
) -> tuple[Job, bool]:
    """Answer from the cache: a new succeeded job of this key holding the stored images (same
    bytes, same blobs), costing nothing and counting against no quota, written in one transaction
    with its ledger row and its webhook message."""
    key, spec, request, options = adm.key, adm.spec, adm.request, adm.options
    now = utcnow()
    job_id = adm.job_id or new_id("job")
    steps = int(getattr(request, "num_inference_steps", 0) or 0)
    result = {
        "seeds": [i["seed"] for i in entry.images],
        "info": entry.result.get("info", {}),
        "compute_s": 0.0,
        "post_s": 0.0,
        "cost": 0.0,
        "currency": entry.result.get("currency") or spec.price.currency,
        "cached": True,
        "cache_source_job": entry.source_job_id,
        # Kept in the job itself: a cache hit has no gateway row (nothing to settle or check later).
        "track_id": options.track_id,
    }
    records = [
        ImageRecord(
            id=new_id("img"),
            job_id=job_id,
            key_id=key.id,
            index=index,
            digest=i["digest"],
            content_type=i["content_type"],
            width=i["width"],
            height=i["height"],
            seed=i["seed"],
            size_bytes=i["size_bytes"],
            nsfw_content_detected=bool(i.get("nsfw_content_detected")),
            created_at=now,
        )
        for index, i in enumerate(entry.images)
    ]
    job = Job(
        id=job_id,
        key_id=key.id,
        status=JobStatus.succeeded,
        task=request.task.value,
        model_id=spec.id,
        params=request.model_dump(mode="json"),
        created_at=now,
        started_at=now,
        finished_at=now,
        progress_step=steps,
        progress_total=steps,
        result=result,
        response_format=adm.response_format,
        idempotency_key=adm.idempotency_key,
        images=records,
    )
    webhook = options.webhook if options.webhook and "succeeded" in events else None
    rows: Rows = [
        (
            jobs,
            dict(
                id=job.id,
                key_id=key.id,
                status=job.status.value,
                task=job.task,
                model_id=job.model_id,
                params=job.params,
                response_format=job.response_format,
                idempotency_key=adm.idempotency_key,
                request_hash=adm.fingerprint,
                created_at=now,
                started_at=now,
                finished_at=now,
                attempts=0,
                lease_owner=None,
                lease_expires_at=None,
                cancel_requested=False,
                timeout_s=None,
                progress_step=steps,
                progress_total=steps,
                error_code=None,
                error_message=None,
                result=result,
            ),
        )
    ]
    rows += [
        (
            images,
            dict(
                id=r.id,
                job_id=r.job_id,
                key_id=r.key_id,
                index=r.index,
                digest=r.digest,
                content_type=r.content_type,
                width=r.width,
                height=r.height,
                seed=r.seed,
                size_bytes=r.size_bytes,
                nsfw_content_detected=r.nsfw_content_detected,
                created_at=now,
            ),
        )
        for r in records
    ]
    rows.append(
        (
            usage_ledger,
            dict(
                job_id=job.id,
                key_id=key.id,
                model_id=spec.id,
                task=job.task,
                status=job.status.value,
                images=len(records),
                megapixel_steps=0.0,
                compute_s=0.0,
                cost=0.0,
                currency=result["currency"],
                created_at=now,
                cached=True,
            ),
        )
    )
    if webhook:
        body = await gw.db.run(lambda c: gw.webhook_body(c, "succeeded", job, track_id=options.track_id, now=now))
        message = message_row(key_id=key.id, job_id=job.id, event="job.succeeded", url=webhook, body=body, now=now)
        rows.append((webhook_messages, message))
    try:
        # Many hits share one transaction (group commit); this returns once ours is committed.
        await gw.writer.write(rows)
    except IntegrityError:
        if adm.idempotency_key is not None:  # a concurrent request with the same key got there first
            replayed = await gw.services.jobs.replay(key.id, adm.idempotency_key, adm.fingerprint)
            if replayed is not None:
                return replayed, False
        raise
    gw.remember_track_id(job.id, options.track_id)
    gw.services.events.publish(job.id, "succeeded", {"status": "succeeded", "cached": True})
    m = gw.metrics
    m.cache_hits.labels(spec.id).inc()
    m.jobs_submitted.labels(spec.id).inc()
    m.jobs_finished.labels(spec.id, "succeeded").inc()
    m.images.labels(spec.id).inc(len(records))
    if webhook:
        gw.delivery.wake()
    return job, True
