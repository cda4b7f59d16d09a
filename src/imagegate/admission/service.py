"""Admission: the whole way from a parsed request to a durable job, for every API surface alike.

In order: the model (resolved once) → the task and image inputs → the model's defaults and limits →
the engine's own checks → inputs stored → prompt moderation → webhook and safety options → rate
limits → idempotent replay → result cache → quota and budget reservations and the job, in one
transaction → the job announced (``queued``) and the scheduler woken.

Reservations come last and are written in the job row's own transaction, so nothing that does not
become a billed job (a replay, a cache hit, a refusal, a failed insert) ever holds quota or budget.
A cache hit is a job that ends as it is admitted: written by the job store like any other end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from imagegate.admission.allowance import IMAGES, AllowanceStore, Counter, Exhausted
from imagegate.admission.cache import CachedResult, ResultCache, cache_key
from imagegate.admission.clock import Clock
from imagegate.admission.edits import prepare_inputs
from imagegate.admission.keys import ApiKey
from imagegate.admission.moderation import Moderator
from imagegate.admission.options import SubmitOptions, check_webhook, parse_events
from imagegate.admission.ratelimit import LimitState, RateLimiter
from imagegate.admission.reservations import Reservation, images_of
from imagegate.admission.rules import KeyRules
from imagegate.admission.validation import (
    apply_defaults,
    check_idempotency_key,
    check_limits,
    fingerprint,
    fit_to_model,
    resolve_model,
)
from imagegate.config import Catalog, Settings
from imagegate.db.types import utcnow
from imagegate.domain.ids import new_id
from imagegate.domain.jobs import ImageRecord, Job, JobStatus, JobTerms
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams
from imagegate.engines.base import Engine
from imagegate.errors import (
    BudgetExceeded,
    ContentRejected,
    ImagegateError,
    InvalidRequest,
    QuotaExceeded,
    RateLimited,
)
from imagegate.images.inputs import ImageInputs
from imagegate.jobs.events import JobEvents
from imagegate.jobs.rows import UsageEntry
from imagegate.jobs.store import JobStore, NewJob
from imagegate.net.guard import UrlPolicy
from imagegate.observability.context import add_response_headers
from imagegate.observability.metrics import Metrics
from imagegate.storage.blobs import BlobStore
from imagegate.webhooks.outbox import Outbox


@dataclass(frozen=True)
class Submission:
    """A parsed request on its way in, with what its surface asked for besides its parameters."""

    key: ApiKey
    request: AnyRequest
    response_format: str = "url"
    idempotency_key: str | None = None
    options: SubmitOptions = field(default_factory=SubmitOptions)
    # Chosen by a surface that must record something under the job's id before the job can run
    # (the ModelsLab dialect numbers its requests); a new id otherwise.
    job_id: str | None = None
    spec: ModelSpec | None = None  # the model, when the surface resolved it already to translate


@dataclass(frozen=True)
class Admitted:
    job: Job
    created: bool  # False when an Idempotency-Key replayed an earlier job


@dataclass(frozen=True)
class _Checked:
    """A submission that passed validation: its model, its effective request and its fingerprint."""

    sub: Submission
    spec: ModelSpec
    request: AnyRequest
    fingerprint: str


class Admission:
    def __init__(
        self,
        *,
        settings: Settings,
        catalog: Catalog,
        engines: Mapping[str, Engine],
        image_inputs: ImageInputs,
        store: JobStore,
        events: JobEvents,
        rules: KeyRules,
        limiter: RateLimiter,
        allowance: AllowanceStore,
        cache: ResultCache,
        outbox: Outbox,
        url_policy: UrlPolicy,
        blobs: BlobStore,
        metrics: Metrics,
        clock: Clock,
        on_queued: Callable[[], None],
    ):
        self.settings = settings
        self.catalog = catalog
        self.engines = engines
        self.image_inputs = image_inputs
        self.store = store
        self.events = events
        self.rules = rules
        self.moderator = Moderator(settings.moderation_rules)
        self.limiter = limiter
        self.allowance = allowance
        self.cache = cache
        self.outbox = outbox
        self.url_policy = url_policy
        self.blobs = blobs
        self.metrics = metrics
        self.clock = clock
        self.zone = ZoneInfo(settings.quota_timezone)
        self.on_queued = on_queued  # a job was queued: wake the scheduler

    def resolve_model(self, model_id: str | None, request: AnyRequest | None = None) -> ModelSpec:
        """The catalog model a request names (its task's default model when it names none)."""
        return resolve_model(self.catalog, model_id, request.task if request is not None else None)

    async def admit(self, sub: Submission) -> Admitted:
        """Queue the job, or answer from the cache or an earlier identical request."""
        try:
            checked = await self._check(sub)
            admitted = await self._gate(checked)
        except ImagegateError as exc:
            reason = _rejection(exc)
            if reason:
                self.metrics.rejections.labels(reason).inc()
            raise
        if admitted.created and not admitted.job.status.terminal:
            self.events.publish(admitted.job.id, "queued", {"status": "queued"})
            self.on_queued()
        return admitted

    async def _check(self, sub: Submission) -> _Checked:
        check_idempotency_key(sub.idempotency_key)
        options = {"response_format": sub.response_format, **sub.options.fingerprint()}
        spec = sub.spec or self.resolve_model(sub.request.model, sub.request)
        # Image inputs become blob: references (decoded and checked now, stored only once all checks pass).
        prepared = await prepare_inputs(self.catalog, self.engines, self.image_inputs, spec, sub.request)
        spec = prepared.spec
        effective = apply_defaults(spec, prepared.request)
        effective = fit_to_model(spec, effective, multiple=self.engines[spec.engine].size_multiple(spec))
        check_limits(spec, effective)
        self.engines[spec.engine].validate(spec, effective)
        await prepared.store(self.image_inputs)
        return _Checked(sub, spec, effective, fingerprint(sub.request, options))

    async def _gate(self, checked: _Checked) -> Admitted:
        sub, spec, request = checked.sub, checked.spec, checked.request
        key, options = sub.key, sub.options
        self.moderator.check(request)
        events = await self._webhook_events(key, options)
        policy = await self.rules.policies.get(key.id)
        decision = self.rules.safety_decision(policy, options)
        plan_name, plan = self.rules.plan_of(key, policy)

        state = LimitState()
        await self.limiter.hit(key.id, plan_name, plan, images=images_of(request), state=state)
        add_response_headers(state.headers())

        if sub.idempotency_key is not None:
            replayed = await self.store.replay(key.id, sub.idempotency_key, checked.fingerprint)
            if replayed is not None:
                return Admitted(replayed, False)

        terms = JobTerms(
            safety=decision,
            webhook=options.webhook,
            webhook_events=events if options.webhook else frozenset(),
            track_id=options.track_id,
        )
        if options.cache and self.settings.cache_enabled:
            scope = key.id if self.settings.cache_scope == "key" else "*"
            ckey = cache_key(spec, request, safety=decision.to_json(), scope=scope)
            if ckey is not None:
                entry = await self.cache.lookup(ckey, utcnow())
                if entry is not None and all([await self.blobs.exists(i["digest"]) for i in entry.images]):
                    return await self._serve_cached(checked, entry, terms)
                self.metrics.cache_misses.labels(spec.id).inc()
                terms = replace(terms, cache_key=ckey)

        reservation = Reservation.of(
            plan=plan,
            budgets=self.rules.budgets_of(policy, plan),
            max_active=self.rules.max_active_jobs(plan),
            spec=spec,
            request=request,
            now=self.clock.now(),
            zone=self.zone,
        )
        await self.allowance.ensure(key.id, reservation.items)
        terms = replace(terms, reservations=tuple(i.to_json() for i in reservation.items))
        new = NewJob(
            id=sub.job_id or new_id("job"),
            key_id=key.id,
            task=request.task.value,
            model_id=spec.id,
            params=request.model_dump(mode="json"),
            response_format=sub.response_format,
            timeout_s=self.settings.job_timeout_s,
            idempotency_key=sub.idempotency_key,
            request_hash=checked.fingerprint,
        )
        daily_images = (reservation.windows.day, IMAGES)

        def unit(conn: Connection) -> tuple[Job, dict[tuple[str, str], Counter] | None]:
            # One transaction: the reservations, the job and its terms commit together or not at all,
            # so a refusal or a failure leaves nothing to hand back.
            self.allowance.reserve_in(conn, key.id, reservation.items)
            job = self.store.insert_in(conn, new, terms)
            quota = self.allowance.read_in(conn, key.id, [daily_images]) if plan.images_per_day is not None else None
            return job, quota

        try:
            job, quota = await self.store.db.run(unit, write=True)
        except Exhausted as exc:
            raise reservation.refusal(exc, state, self.zone, self.settings.quota_timezone) from None
        except IntegrityError:
            # A concurrent identical request with the same Idempotency-Key created its job first.
            replayed = await self._replay_after_race(sub, checked.fingerprint)
            if replayed is None:
                raise
            return Admitted(replayed, False)
        if quota is not None and plan.images_per_day is not None:
            counter = quota[daily_images]
            reservation.quota_left(state, plan.images_per_day, counter.used + counter.reserved)
            add_response_headers(state.headers())
        self.metrics.jobs_submitted.labels(spec.id).inc()
        return Admitted(job, True)

    async def _webhook_events(self, key: ApiKey, options: SubmitOptions) -> frozenset[str]:
        if options.webhook_events_filter is not None and not options.webhook:
            raise InvalidRequest.for_field("webhook_events_filter", "only meaningful with a webhook URL; add 'webhook'")
        events = parse_events(options.webhook_events_filter)
        if options.webhook:
            await check_webhook(options.webhook, field_name="webhook", policy=self.url_policy)
            if await self.outbox.is_disabled(key.id, options.webhook):
                raise InvalidRequest.for_field(
                    "webhook",
                    "this endpoint answered 410 Gone and is disabled; "
                    "enable it again with POST /v1/webhooks/endpoints/enable",
                    code="webhook_disabled",
                )
        return events

    async def _replay_after_race(self, sub: Submission, request_hash: str) -> Job | None:
        if sub.idempotency_key is None:
            return None
        return await self.store.replay(sub.key.id, sub.idempotency_key, request_hash)

    async def _serve_cached(self, checked: _Checked, entry: CachedResult, terms: JobTerms) -> Admitted:
        """Answer from the cache: a new succeeded job of this key holding the stored images (same
        bytes, same blobs), costing nothing and counting against no quota."""
        sub, spec = checked.sub, checked.spec
        job, usage = cached_job(sub, spec, checked.request, entry, terms, now=utcnow())
        try:
            await self.store.insert_ended(job, usage, request_hash=checked.fingerprint)
        except IntegrityError:
            replayed = await self._replay_after_race(sub, checked.fingerprint)
            if replayed is None:
                raise
            return Admitted(replayed, False)
        self.metrics.cache_hits.labels(spec.id).inc()
        self.metrics.jobs_submitted.labels(spec.id).inc()
        self.events.publish(job.id, "succeeded", {"status": "succeeded", "cached": True})
        return Admitted(job, True)


def cached_job(
    sub: Submission, spec: ModelSpec, request: AnyRequest, entry: CachedResult, terms: JobTerms, *, now: datetime
) -> tuple[Job, UsageEntry]:
    """The job a cache hit becomes (succeeded as it is created) and its ledger line (free)."""
    job_id = sub.job_id or new_id("job")
    steps = (request.num_inference_steps or 0) if isinstance(request, DiffusionParams) else 0
    currency = entry.result.get("currency") or spec.price.currency
    result = {
        "seeds": [i["seed"] for i in entry.images],
        "info": entry.result.get("info", {}),
        "compute_s": 0.0,
        "post_s": 0.0,
        "cost": 0.0,
        "currency": currency,
        "cached": True,
        "cache_source_job": entry.source_job_id,
    }
    images = [
        ImageRecord(
            id=new_id("img"),
            job_id=job_id,
            key_id=sub.key.id,
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
        key_id=sub.key.id,
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
        response_format=sub.response_format,
        idempotency_key=sub.idempotency_key,
        images=images,
        terms=terms,
    )
    usage = UsageEntry(images=len(images), megapixel_steps=0.0, compute_s=0.0, cost=0.0, currency=currency)
    return job, usage


def _rejection(exc: ImagegateError) -> str | None:
    """The admission-rejection metric's reason for a refusal of the gateway's (None: a plain 4xx)."""
    if isinstance(exc, QuotaExceeded):
        return "quota_exceeded"
    if isinstance(exc, RateLimited):
        return exc.code
    if isinstance(exc, BudgetExceeded):
        return "budget_exceeded"
    if isinstance(exc, ContentRejected):
        return "moderation"
    return None
