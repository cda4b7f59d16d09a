"""The bookkeeper: the job lifecycle of a server (``jobs.lifecycle.JobLifecycle``).

At a job's start it queues the ``started`` webhook. Inside the transaction that ends the job it
settles the job's reservations (images made, the real cost; the active slot handed back), queues
its webhook message and caches its result, so all of it commits with the end or none of it does.
After the commit it wakes the webhook delivery, raises budget alerts, counts the job and logs it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.engine import Connection

from imagegate.admission.allowance import COST, IMAGES, NANOS, AllowanceStore, Item
from imagegate.admission.cache import ResultCache
from imagegate.bookkeeping.alerts import BudgetAlerts
from imagegate.db import Database
from imagegate.db.types import utcnow
from imagegate.domain.jobs import Job, JobStatus
from imagegate.observability.context import job_id_var
from imagegate.observability.metrics import Metrics
from imagegate.webhooks.bodies import WebhookBodies
from imagegate.webhooks.outbox import Outbox

log = logging.getLogger("imagegate.gateway")


class Bookkeeper:
    def __init__(
        self,
        *,
        db: Database,
        allowance: AllowanceStore,
        cache: ResultCache,
        outbox: Outbox,
        bodies: WebhookBodies,
        alerts: BudgetAlerts,
        metrics: Metrics,
        on_queued: Callable[[], None],
    ):
        self.db = db
        self.allowance = allowance
        self.cache = cache
        self.outbox = outbox
        self.bodies = bodies
        self.alerts = alerts
        self.metrics = metrics
        self.on_queued = on_queued  # a webhook message was queued: wake the delivery

    async def started(self, job: Job) -> None:
        terms = job.terms
        if terms is None or terms.webhook is None or not terms.sends("started"):
            return
        url = terms.webhook
        token = job_id_var.set(job.id)
        try:
            if await self.outbox.is_disabled(job.key_id, url):
                return
            now = utcnow()

            def unit(conn: Connection) -> None:
                body = self.bodies.render(conn, "started", job, now=now)
                self.outbox.enqueue_in(
                    conn, key_id=job.key_id, job_id=job.id, event="job.started", url=url, body=body, now=now
                )

            await self.db.run(unit, write=True)
            self.on_queued()
        finally:
            job_id_var.reset(token)

    def settle(self, conn: Connection, job: Job) -> None:
        terms = job.terms
        assert terms is not None
        succeeded = job.status is JobStatus.succeeded
        settlements = []
        for item in _items(job):
            if item.metric == IMAGES:
                actual = len(job.images) if succeeded else 0
            elif item.metric == COST:
                actual = round(float((job.result or {}).get("cost") or 0.0) * NANOS) if succeeded else 0
            else:  # the active-job slot: handed back
                actual = 0
            settlements.append((item, actual))
        if settlements:
            self.allowance.settle_in(conn, job.key_id, settlements)
        now = utcnow()
        event = job.status.value
        if (
            terms.webhook is not None
            and terms.sends(event)
            and not self.outbox.disabled_in(conn, job.key_id, terms.webhook)
        ):
            body = self.bodies.render(conn, event, job, now=now)
            self.outbox.enqueue_in(
                conn, key_id=job.key_id, job_id=job.id, event=f"job.{event}", url=terms.webhook, body=body, now=now
            )
        if succeeded and terms.cache_key:
            self.cache.store_in(conn, terms.cache_key, job, now)

    async def finished(self, job: Job) -> None:
        token = job_id_var.set(job.id)
        try:
            self._observe(job)
            if not (job.result or {}).get("cached"):  # cache hits are counted, not logged one by one
                self._log(job)
            if job.terms is not None and job.terms.sends(job.status.value):
                self.on_queued()
            await self.alerts.check(job.key_id, _items(job))
        except Exception:
            log.exception("job %s: bookkeeping after its end failed", job.id)
        finally:
            job_id_var.reset(token)

    def _observe(self, job: Job) -> None:
        m = self.metrics
        model, status = job.model_id, job.status.value
        result = job.result or {}
        m.jobs_finished.labels(model, status).inc()
        if job.images:
            m.images.labels(model).inc(len(job.images))
        if result.get("cached"):  # answered at admission: no queue, no compute, no cost to count
            return
        if job.finished_at is not None:
            m.job_latency.labels(model, status).observe((job.finished_at - job.created_at).total_seconds())
        if job.started_at is not None:
            m.queue_wait.labels(model).observe(max(0.0, (job.started_at - job.created_at).total_seconds()))
        compute = float(result.get("compute_s") or 0.0)
        if compute > 0:
            m.compute_seconds.labels(model).inc(compute)
            m.compute_latency.labels(model).observe(compute)
            info = result.get("info") or {}
            batch = info.get("batch") if isinstance(info, dict) else None
            m.batch_images.labels(model).observe(batch["images"] if isinstance(batch, dict) else len(job.images))
        cost = float(result.get("cost") or 0.0)
        if cost > 0:
            m.cost.labels(model, str(result.get("currency") or "USD")).inc(cost)

    @staticmethod
    def _log(job: Job) -> None:
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


def _items(job: Job) -> list[Item]:
    return [Item.from_json(i) for i in job.terms.reservations] if job.terms is not None else []
