"""The gateway: everything between "this request is valid" and "this job is queued" (moderation,
rate limits, quotas, budgets, idempotency, the result cache), and everything after a job ends
(settling reservations, caching the result, webhooks, budget alerts, metrics).

It hooks into the job runner (``post_processors`` for the safety check, ``started_hooks`` and
``finished_hooks`` for bookkeeping) and runs two background loops: webhook delivery, and a sweeper
that settles what a crash or another process left unsettled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from imagegate.admission.allowance import COST, IMAGES, NANOS, AllowanceStore, Item
from imagegate.admission.cache import ResultCache
from imagegate.admission.clock import clock_for
from imagegate.admission.keys import ApiKey, Scope
from imagegate.admission.moderation import Moderator
from imagegate.admission.policies import KeyPolicy, PolicyStore
from imagegate.admission.ratelimit import RateLimiter
from imagegate.db.tables import budget_alerts, job_gateway, jobs, webhook_messages
from imagegate.db.types import utcnow
from imagegate.domain.jobs import Job, JobStatus
from imagegate.domain.policy import Plan, SafetyPolicy
from imagegate.gateway.batch import GroupWriter
from imagegate.net.guard import UrlPolicy
from imagegate.observability.logs import job_id_var
from imagegate.observability.metrics import Metrics
from imagegate.safety import ImageSafety, NsfwClassifier, SafetyDecision
from imagegate.storage.signing import UrlSigner
from imagegate.webhooks import payload
from imagegate.webhooks.delivery import DeliveryWorker
from imagegate.webhooks.outbox import Outbox, message_row

if TYPE_CHECKING:
    from imagegate.api.services import Services

log = logging.getLogger("imagegate.gateway")

# A client dialect whose callers expect their own webhook body (ModelsLab's) renders it from the
# event and the job, inside the transaction that queues the message (it may read the database on
# that connection; it must not await); None leaves the native body. Registered before any job runs
# (``Services.start`` hooks).
DialectBody = Callable[[Connection, str, Job], dict[str, Any] | None]


@dataclass(frozen=True)
class _Settled:
    """What settling a job's end decided, for the work that follows its commit."""

    items: list[Item]
    webhook: str | None


class Gateway:
    def __init__(self, services: Services):
        settings = services.settings
        self.services = services
        self.settings = settings
        self.db = services.db
        self.clock = clock_for(settings.test_clock_file)
        self.zone = ZoneInfo(settings.quota_timezone)
        self.moderator = Moderator(settings.moderation_rules)
        self.limiter = RateLimiter(settings.rate_limit_storage)
        self.allowance = AllowanceStore(services.db)
        self.policies = PolicyStore(services.db)
        self.cache = ResultCache(services.db, ttl_s=settings.cache_ttl_s)
        self.outbox = Outbox(services.db)
        self.writer = GroupWriter(services.db)
        self.metrics = Metrics()
        self.url_policy = UrlPolicy.from_entries(settings.webhook_allowlist)
        self.webhook_signer = UrlSigner(settings.signing_secret(), ttl_s=settings.webhook_url_ttl_s)
        self.delivery = DeliveryWorker(
            outbox=self.outbox,
            policies=self.policies,
            url_policy=self.url_policy,
            timeout_s=settings.webhook_timeout_s,
            retry_window_s=settings.webhook_retry_window_s,
            backoff_base_s=settings.webhook_backoff_base_s,
            backoff_max_s=settings.webhook_backoff_max_s,
            concurrency=settings.webhook_concurrency,
            on_outcome=lambda event, outcome: self.metrics.webhook_deliveries.labels(event, outcome).inc(),
            poll_interval_s=min(1.0, settings.webhook_backoff_base_s),
        )
        compute = services.scheduler.in_flight
        # More threads for the check only while no pipeline runs (a lone job waits for its check).
        self.classifier = NsfwClassifier(threads=1, device_busy=lambda: compute["compute"] > 0)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sweeper: asyncio.Task[None] | None = None
        self._track_ids: OrderedDict[str, str | None] = OrderedDict()
        self.dialect_bodies: list[DialectBody] = []
        self._admitted: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._settled: OrderedDict[str, _Settled] = OrderedDict()

    @property
    def base_url(self) -> str:
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        host = self.settings.host if self.settings.host not in ("0.0.0.0", "::") else "127.0.0.1"
        return f"http://{host}:{self.settings.port}"

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Hook into the runner and start the loops; call before the scheduler starts."""
        self._loop = asyncio.get_running_loop()
        runner = self.services.runner
        if self.settings.safety_enabled:
            await asyncio.to_thread(self.classifier.load)
            runner.post_processors.append(
                ImageSafety(
                    self.classifier,
                    self._decision_blocking,
                    lambda model, action: self.metrics.nsfw_flagged.labels(model, action).inc(),
                )
            )
        runner.started_hooks.append(self.on_started)
        runner.finished_hooks.append(self.on_finished)
        runner.store.end_writers.append(self.settle_in)
        self.delivery.start()
        self._sweeper = asyncio.create_task(self._sweep_loop(), name="gateway-sweeper")

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        await self.delivery.stop()
        await self.writer.close()

    # -- what a key may do ---------------------------------------------------------------------

    def plan_of(self, key: ApiKey, policy: KeyPolicy) -> tuple[str, Plan]:
        fallback = self.settings.admin_plan if Scope.admin in key.scopes else self.settings.default_plan
        name = policy.plan or fallback
        plan = self.settings.plans.get(name)
        if plan is None:  # the plan was removed from the configuration since it was assigned
            log.warning("key %s has unknown plan '%s'; using '%s'", key.id, name, fallback)
            name, plan = fallback, self.settings.plans[fallback]
        return name, plan

    @staticmethod
    def budgets_of(policy: KeyPolicy, plan: Plan) -> tuple[float | None, float | None]:
        daily = policy.budget_daily if policy.budget_daily is not None else plan.budget_daily
        monthly = policy.budget_monthly if policy.budget_monthly is not None else plan.budget_monthly
        return daily, monthly

    def safety_policy(self, policy: KeyPolicy) -> SafetyPolicy:
        return policy.safety or self.settings.safety

    # -- safety decisions, asked from the post-processing thread -----------------------------------

    def _decision_blocking(self, job: Job) -> SafetyDecision:
        admitted = self._admitted.get(job.id)  # a plain dict read: safe from the post thread
        if admitted is not None:
            return SafetyDecision.from_json(admitted["safety"])
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(self.decision(job.id), self._loop).result(timeout=60)

    async def decision(self, job_id: str) -> SafetyDecision:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(job_gateway.c.safety).where(job_gateway.c.job_id == job_id))).first()
        if row is None:  # not admitted through the gateway: the server's defaults, never less
            return SafetyDecision.of(self.settings.safety, enabled=True)
        return SafetyDecision.from_json(row.safety)

    async def track_id(self, job: Job) -> str | None:
        if job.result and "track_id" in job.result:  # cache hits keep it in their result
            return job.result["track_id"]
        if job.id in self._track_ids:
            return self._track_ids[job.id]
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(job_gateway.c.track_id).where(job_gateway.c.job_id == job.id))).first()
        value = row.track_id if row else None
        self.remember_track_id(job.id, value)
        return value

    def remember_admission(self, row: dict[str, Any]) -> None:
        """Keep the gateway row of a job admitted here until the job ends, so that its start, its
        safety check and its end need not read it back."""
        self._admitted[row["job_id"]] = row
        if len(self._admitted) > 20_000:  # jobs that never end here (run by another process)
            self._admitted.popitem(last=False)

    def forget_admission(self, job_id: str) -> None:
        self._admitted.pop(job_id, None)

    def remember_track_id(self, job_id: str, track_id: str | None) -> None:
        self._track_ids[job_id] = track_id
        if len(self._track_ids) > 20_000:
            self._track_ids.popitem(last=False)

    def webhook_body(self, conn: Connection, event: str, job: Job, *, track_id: str | None, now: datetime) -> str:
        """The body of a job's webhook: the shape of the dialect the job came through, if that
        dialect has one of its own, else the native ``job.<event>`` message."""
        for render in self.dialect_bodies:
            body = render(conn, event, job)
            if body is not None:
                return payload.dump(body)
        return payload.job_event(
            event, job, base_url=self.base_url, signer=self.webhook_signer, track_id=track_id, now=now
        )

    # -- after a job -----------------------------------------------------------------------------

    async def on_started(self, job: Job) -> None:
        token = job_id_var.set(job.id)
        try:
            row = self._admitted.get(job.id) or await self._gateway_row(job.id)
            if row is None or not row["webhook"] or "started" not in (row["webhook_events"] or []):
                return
            if await self.outbox.is_disabled(job.key_id, row["webhook"]):
                return
            now = utcnow()
            track_id = row["track_id"]
            body = await self.db.run(lambda c: self.webhook_body(c, "started", job, track_id=track_id, now=now))
            async with self.db.connect() as conn:
                await self.outbox.enqueue(
                    conn, key_id=job.key_id, job_id=job.id, event="job.started", url=row["webhook"], body=body, now=now
                )
            self.delivery.wake()
        finally:
            job_id_var.reset(token)

    def settle_in(self, conn: Connection, job: Job) -> None:
        """Inside the transaction that ends the job (``JobStore.end_writers``, on the database's
        thread): settle its reservations, queue its webhook and cache its result, so that all of
        it commits together with the job's end. The finished hook does the rest."""
        row: Any = self._admitted.get(job.id)
        if row is None:  # admitted by another process, or before a restart
            row = conn.execute(select(job_gateway).where(job_gateway.c.job_id == job.id)).mappings().first()
        settled = self._settle(conn, job, row) if row is not None else None
        if settled is not None:
            self._settled[job.id] = settled  # picked up by on_finished, on the event loop

    async def on_finished(self, job: Job) -> None:
        """Settle the job's reservations, queue its webhook, cache its result, count it. Idempotent:
        whichever of the job's own end (``settle_in``), the runner's hook and the sweeper comes
        first does the work."""
        token = job_id_var.set(job.id)
        try:
            self._admitted.pop(job.id, None)
            settled = self._settled.pop(job.id, None)
            if len(self._settled) > 20_000:  # ends whose transaction did not commit
                self._settled.clear()
            if settled is not None:  # settled with the job's end: what is left
                await self._after(job, settled)
            else:
                await self._finish(job)
        finally:
            job_id_var.reset(token)

    async def _finish(self, job: Job) -> None:
        row = await self._gateway_row(job.id)
        if row is None:
            self._observe(job)
            return
        settled = await self.db.run(lambda conn: self._settle(conn, job, row), write=True)
        if settled is not None:
            await self._after(job, settled)

    def _settle(self, conn: Connection, job: Job, row: Any) -> _Settled | None:
        items = [Item.from_json(i) for i in row["reservations"]]
        event = job.status.value
        webhook = row["webhook"] if event in (row["webhook_events"] or []) else None
        if webhook and self.outbox.disabled_in(conn, job.key_id, webhook):
            webhook = None
        now = utcnow()
        done = conn.execute(
            update(job_gateway)
            .where(job_gateway.c.job_id == job.id, job_gateway.c.finalized_at.is_(None))
            .values(finalized_at=now)
        )
        if done.rowcount != 1:
            return None
        succeeded = job.status is JobStatus.succeeded
        settlements = []
        for item in items:
            if item.metric == IMAGES:
                actual = len(job.images) if succeeded else 0
            elif item.metric == COST:
                actual = round(float((job.result or {}).get("cost") or 0.0) * NANOS) if succeeded else 0
            else:  # the active-job slot: handed back
                actual = 0
            settlements.append((item, actual))
        self.allowance.settle_in(conn, job.key_id, settlements)
        if webhook:
            body = self.webhook_body(conn, event, job, track_id=row["track_id"], now=now)
            message = message_row(
                key_id=job.key_id, job_id=job.id, event=f"job.{event}", url=webhook, body=body, now=now
            )
            conn.execute(insert(webhook_messages), message)
        if succeeded and row["cache_key"]:
            self.cache.store_in(conn, row["cache_key"], job, now)
        return _Settled(items=items, webhook=webhook)

    async def _after(self, job: Job, settled: _Settled) -> None:
        items, webhook = settled.items, settled.webhook
        self._observe(job)
        result = job.result or {}
        log.info(
            "job %s %s",
            job.id,
            job.status.value,
            extra={
                "key_id": job.key_id,
                "model": job.model_id,
                "status": job.status.value,
                "images": len(job.images),
                "cost": result.get("cost", 0.0),
                "error_code": job.error_code,
                "duration_s": (job.finished_at - job.created_at).total_seconds() if job.finished_at else None,
            },
        )
        if webhook:
            self.delivery.wake()
        await self.check_alerts(job.key_id, items)

    def _observe(self, job: Job) -> None:
        m = self.metrics
        model, status = job.model_id, job.status.value
        m.jobs_finished.labels(model, status).inc()
        if job.finished_at is not None:
            m.job_latency.labels(model, status).observe((job.finished_at - job.created_at).total_seconds())
        if job.started_at is not None:
            m.queue_wait.labels(model).observe(max(0.0, (job.started_at - job.created_at).total_seconds()))
        result = job.result or {}
        compute = float(result.get("compute_s") or 0.0)
        if compute > 0:
            m.compute_seconds.labels(model).inc(compute)
            m.compute_latency.labels(model).observe(compute)
        if job.images:
            m.images.labels(model).inc(len(job.images))
        cost = float(result.get("cost") or 0.0)
        if cost > 0:
            m.cost.labels(model, str(result.get("currency") or "USD")).inc(cost)

    async def _gateway_row(self, job_id: str) -> Any:
        async with self.db.engine.connect() as conn:
            return (await conn.execute(select(job_gateway).where(job_gateway.c.job_id == job_id))).mappings().first()

    async def release(self, job_id: str, key_id: str, items: list[Item]) -> None:
        """Give back the reservations of an admission that did not become a job."""
        async with self.db.connect() as conn:
            done = await conn.execute(
                update(job_gateway)
                .where(job_gateway.c.job_id == job_id, job_gateway.c.finalized_at.is_(None))
                .values(finalized_at=utcnow())
            )
            if done.rowcount == 1:
                await self.allowance.settle(conn, key_id, items, 0)
            await conn.execute(delete(job_gateway).where(job_gateway.c.job_id == job_id))

    # -- budget alerts ---------------------------------------------------------------------------

    async def check_alerts(self, key_id: str, items: list[Item]) -> None:
        capped = [i for i in items if i.metric == COST and i.limit]
        if not capped:
            return
        counters = await self.allowance.read(key_id, [(i.period, i.metric) for i in capped])
        for item in capped:
            assert item.limit is not None
            used = counters[(item.period, item.metric)].used
            for threshold in (80, 100):
                if used * 100 >= item.limit * threshold:
                    await self._alert(key_id, item, threshold, used)

    async def _alert(self, key_id: str, item: Item, threshold: int, used: int) -> None:
        now = utcnow()
        spent, budget = used / NANOS, (item.limit or 0) / NANOS
        try:
            async with self.db.connect() as conn:
                await conn.execute(
                    insert(budget_alerts).values(
                        key_id=key_id,
                        period=item.period,
                        threshold=threshold,
                        spent=spent,
                        budget=budget,
                        created_at=now,
                    )
                )
        except IntegrityError:
            return  # raised before for this window
        self.metrics.budget_alerts.labels(str(threshold)).inc()
        log.warning(
            "budget alert: key %s spent %.6g of %.6g (%d%%) in %s",
            key_id,
            spent,
            budget,
            threshold,
            item.period,
            extra={"key_id": key_id, "period": item.period, "threshold": threshold},
        )
        policy = await self.policies.get(key_id)
        if policy.alert_webhook and not await self.outbox.is_disabled(key_id, policy.alert_webhook):
            body = payload.budget_alert(
                key_id=key_id,
                period=item.period,
                threshold=threshold,
                spent=spent,
                budget=budget,
                currency="USD",
                now=now,
            )
            async with self.db.connect() as conn:
                await self.outbox.enqueue(
                    conn, key_id=key_id, job_id=None, event="budget.alert", url=policy.alert_webhook, body=body, now=now
                )
            self.delivery.wake()

    # -- the sweeper -----------------------------------------------------------------------------

    async def _sweep_loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.sweep_interval_s)
            try:
                await self.sweep()
            except Exception:
                log.exception("sweeping unsettled jobs failed; retrying")

    async def sweep(self, *, min_age_s: float = 5.0, orphan_age_s: float = 120.0) -> int:
        """Finish the bookkeeping of jobs that ended without it (canceled elsewhere, failed by
        lease recovery, a crash between the job's end and its hooks) and release reservations
        whose job was never created. Returns how many were handled."""
        now = utcnow()
        query = (
            select(job_gateway.c.job_id, job_gateway.c.key_id, job_gateway.c.created_at, job_gateway.c.reservations)
            .add_columns(jobs.c.status)
            .select_from(job_gateway.outerjoin(jobs, jobs.c.id == job_gateway.c.job_id))
            .where(job_gateway.c.finalized_at.is_(None), job_gateway.c.created_at < now - timedelta(seconds=min_age_s))
            .limit(200)
        )
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        handled = 0
        for row in rows:
            if row["status"] is None:
                if row["created_at"] < now - timedelta(seconds=orphan_age_s):
                    items = [Item.from_json(i) for i in row["reservations"]]
                    await self.release(row["job_id"], row["key_id"], items)
                    handled += 1
            elif JobStatus(row["status"]).terminal:
                job = await self.services.jobs.get(row["job_id"])
                if job is not None:
                    await self.on_finished(job)
                    handled += 1
        return handled

    async def refresh_gauges(self) -> None:
        self.metrics.queue_depth.set(await self.services.jobs.queue_depth())
        self.metrics.jobs_running.set(len(self.services.scheduler.active))
        counts = await self.outbox.counts()
        self.metrics.webhooks_pending.set(counts.get("pending", 0) + counts.get("delivering", 0))
