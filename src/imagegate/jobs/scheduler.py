"""The scheduler: claims queued jobs when there is capacity, keeps their leases alive, stops the ones
clients cancel, and puts back the ones a dead worker left behind.

Capacity is counted per engine kind: compute jobs share the device (one runs, one more may wait
claimed so the device never idles between jobs), remote jobs are I/O and run many at once without
taking the compute slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from imagegate.config import Catalog
from imagegate.domain.jobs import Job
from imagegate.domain.models import ModelSpec
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.jobs.events import JobEvents
from imagegate.jobs.runner import JobRunner
from imagegate.jobs.store import JobStore

log = logging.getLogger("imagegate.scheduler")
KINDS: tuple[EngineKind, ...] = ("compute", "remote")


@dataclass
class _Active:
    job: Job
    kind: EngineKind
    ctx: RunContext
    step: int = 0
    total: int = 0
    task: asyncio.Task[None] | None = field(default=None, repr=False)
    first_step: tuple[int, float] | None = None  # (step, monotonic time) of the first progress report

    def eta(self, step: int, total: int) -> float | None:
        """Seconds left at this job's own measured pace (None until two steps have been seen)."""
        now = time.monotonic()
        if self.first_step is None or step <= self.first_step[0]:
            self.first_step = (step, now)
            return None
        per_step = (now - self.first_step[1]) / (step - self.first_step[0])
        return round(per_step * (total - step), 3)


class Scheduler:
    def __init__(
        self,
        *,
        store: JobStore,
        catalog: Catalog,
        engines: Mapping[str, Engine],
        runner: JobRunner,
        events: JobEvents,
        worker: str,
        lease_s: float,
        poll_interval_s: float,
        job_timeout_s: float,
        compute_prefetch: int = 1,
        remote_concurrency: int = 16,
        preview_every: int = 0,
    ):
        self.store = store
        self.catalog = catalog
        self.engines = engines
        self.runner = runner
        self.events = events
        self.worker = worker
        self.lease_s = lease_s
        self.poll_interval_s = poll_interval_s
        self.job_timeout_s = job_timeout_s
        self.preview_every = preview_every
        self.capacity: dict[EngineKind, int] = {"compute": 1 + compute_prefetch, "remote": remote_concurrency}
        self.in_flight: dict[EngineKind, int] = {"compute": 0, "remote": 0}
        self.active: dict[str, _Active] = {}
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False
        self.running = False

    def models_of_kind(self, kind: EngineKind) -> list[str]:
        return [spec.id for spec in self.catalog if self.kind_of(spec) == kind]

    def kind_of(self, spec: ModelSpec) -> EngineKind:
        return self.engines[spec.engine].kind_for(spec)

    def loaded_models(self) -> list[str]:
        loaded: list[str] = []
        for engine in self.engines.values():
            loaded.extend(engine.loaded_models())
        return loaded

    async def start(self) -> None:
        requeued, failed = await self.store.recover(self.worker, restarted=True)
        if requeued or failed:
            log.info("recovered jobs after restart: %d re-queued, %d failed", len(requeued), len(failed))
        self._tasks = [
            asyncio.create_task(self._claim_loop(), name="scheduler-claim"),
            asyncio.create_task(self._heartbeat_loop(), name="scheduler-heartbeat"),
            asyncio.create_task(self._recovery_loop(), name="scheduler-recovery"),
        ]
        self.running = True

    def wake(self) -> None:
        """A job was queued here: claim now instead of at the next poll."""
        self._wake.set()

    def cancel(self, job_id: str) -> bool:
        """Stop a job running in this process at its next step; False if it is not running here."""
        active = self.active.get(job_id)
        if active is None:
            return False
        active.ctx.stop("canceled")
        return True

    def progress(self, job_id: str) -> tuple[int, int] | None:
        active = self.active.get(job_id)
        return (active.step, active.total) if active else None

    async def stop(self, *, grace_s: float = 10.0) -> None:
        """Stop claiming, let running jobs finish for up to ``grace_s``, then hand the rest back to the
        queue (they restart from the beginning on the next start, nothing is lost)."""
        self._stopping = True
        self._wake.set()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        running = [a.task for a in self.active.values() if a.task is not None]
        if running:
            _, pending = await asyncio.wait(running, timeout=grace_s)
            if pending:
                for active in self.active.values():
                    active.ctx.stop("shutdown")
                await asyncio.wait(pending, timeout=max(grace_s, 5.0))
        await self.runner.drain()
        self.running = False

    # -- loops ---------------------------------------------------------------------------

    async def _claim_loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self._fill()
            except Exception:
                log.exception("claiming jobs failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval_s)

    async def _fill(self) -> None:
        for kind in KINDS:
            models = self.models_of_kind(kind)
            if not models:
                continue
            while self.in_flight[kind] < self.capacity[kind] and not self._stopping:
                job = await self.store.claim(
                    self.worker, lease_s=self.lease_s, models=models, prefer=self.loaded_models()
                )
                if job is None:
                    break
                self._launch(job, kind)

    def _launch(self, job: Job, kind: EngineKind) -> None:
        loop = asyncio.get_running_loop()
        ctx = RunContext(
            job.id,
            timeout_s=job.timeout_s or self.job_timeout_s,
            wants_preview=lambda: self.events.wants_previews(job.id),
            preview_every=self.preview_every,
        )
        active = _Active(job=job, kind=kind, ctx=ctx)

        def on_progress(step: int, total: int, preview: object | None) -> None:
            # Called on the compute thread: hand the event to the loop.
            active.step, active.total = step, total
            data: dict[str, object] = {"step": step, "total": total}
            eta_s = active.eta(step, total)
            if eta_s is not None:
                data["eta_s"] = eta_s
            if preview is not None:
                data["preview"] = preview
            loop.call_soon_threadsafe(self.events.publish, job.id, "progress", data)

        active.ctx.on_progress = on_progress
        if job.cancel_requested:
            active.ctx.stop("canceled")
        self.in_flight[kind] += 1
        self.active[job.id] = active

        def release() -> None:
            self.in_flight[kind] -= 1
            self._wake.set()

        async def run() -> None:
            try:
                await self.runner.run(job, active.ctx, release)
            finally:
                self.active.pop(job.id, None)

        active.task = asyncio.create_task(run(), name=f"job-{job.id}")

    async def _heartbeat_loop(self) -> None:
        interval = self.lease_s / 3
        while not self._stopping:
            await asyncio.sleep(interval)
            progress = {job_id: (a.step, a.total) for job_id, a in self.active.items()}
            try:
                stop = await self.store.heartbeat(self.worker, progress, lease_s=self.lease_s)
            except Exception:
                log.exception("heartbeat failed; retrying")
                continue
            for job_id in stop:
                self.cancel(job_id)

    async def _recovery_loop(self) -> None:
        while not self._stopping:
            await asyncio.sleep(self.lease_s)
            try:
                requeued, failed = await self.store.recover(self.worker)
            except Exception:
                log.exception("recovering expired leases failed; retrying")
                continue
            if requeued or failed:
                log.warning("leases expired: %d jobs re-queued, %d failed", len(requeued), len(failed))
                self._wake.set()
