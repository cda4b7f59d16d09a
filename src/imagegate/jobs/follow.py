"""Following one job's events, wherever it runs.

A job running in this process publishes its own events on the in-process bus. A job queued here but
claimed by another worker process, one that finished before this process started, or one whose
events were evicted, has nobody publishing here: for those, one poller per followed job (shared by
all its listeners, stopped when the last one leaves) reads the store and publishes what changed —
status, progress from the other worker's heartbeats, queue position — on the same bus. Listeners
therefore see one numbered sequence whatever the source.

Queue positions are published for every followed queued job (they change as other jobs finish),
so a listener learns where its job stands without asking.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from imagegate.domain.jobs import Job, JobStatus
from imagegate.jobs.events import TERMINAL, JobEvent, JobEvents, JobState
from imagegate.jobs.store import JobStore

log = logging.getLogger("imagegate.events")


@dataclass
class _Poller:
    task: asyncio.Task[None]
    listeners: int = 0


class JobFollower:
    """``follow(job_id, after=n)`` yields the job's events after number ``n`` until its final one.

    ``runs_here(job_id)`` tells whether this process's scheduler is running the job (then its own
    runner publishes, and the poller must not publish a second copy)."""

    def __init__(
        self,
        *,
        store: JobStore,
        events: JobEvents,
        worker: str,
        runs_here: Callable[[str], bool],
        poll_interval_s: float = 1.0,
        watch: Callable[[str], None] | None = None,
        watch_every_s: float = 4.0,
    ):
        self.store = store
        self.events = events
        self.worker = worker
        self.runs_here = runs_here
        self.poll_interval_s = poll_interval_s
        # Asks the process running a job elsewhere for its live progress (``jobs.relay``).
        self.watch = watch
        self.watch_every_s = watch_every_s
        self._pollers: dict[str, _Poller] = {}

    def finished_before(self, job: Job, after: int) -> bool:
        """True when a listener resuming after ``after`` has already seen this job's final event."""
        if not job.status.terminal:
            return False
        final = next((e for e in reversed(self.events.history(job.id)) if e.terminal), None)
        # An id beyond what this process numbered is someone else's: that client has not seen our end.
        return final is not None and final.seq <= after <= self.events.state(job.id).seq

    async def follow(self, job_id: str, *, after: int = 0) -> AsyncIterator[JobEvent]:
        # An id above what this process has numbered came from another process (or an earlier life
        # of this one), so it says nothing about what the client saw here: start again from the
        # first event known here (a finished job's replay ends with its final event, so the stream
        # closes), and the poller publishes the current state.
        if after > self.events.state(job_id).seq:
            after = 0
        poller = self._pollers.get(job_id)
        if poller is None:
            poller = _Poller(task=asyncio.create_task(self._poll(job_id), name=f"follow-{job_id}"))
            self._pollers[job_id] = poller
        poller.listeners += 1
        try:
            async for event in self.events.subscribe(job_id, after=after):
                yield event
        finally:
            poller.listeners -= 1
            if poller.listeners == 0 and self._pollers.get(job_id) is poller:
                del self._pollers[job_id]
                poller.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poller.task

    async def close(self) -> None:
        pollers, self._pollers = list(self._pollers.values()), {}
        for poller in pollers:
            poller.task.cancel()
        for poller in pollers:
            with contextlib.suppress(asyncio.CancelledError):
                await poller.task

    async def _poll(self, job_id: str) -> None:
        watched = float("-inf")
        while True:
            try:
                # Read the bus before the store: if anything is published while we wait for the
                # store, our view is stale and this round publishes nothing.
                known = self.events.state(job_id)
                job = await self.store.get(job_id)
                if job is None or await self._sync(job, known):
                    return
                now = asyncio.get_running_loop().time()
                if self.watch is not None and self._elsewhere(job) and now - watched >= self.watch_every_s:
                    self.watch(job_id)
                    watched = now
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end the stream; try again next round
                log.exception("following job %s: reading the store failed; retrying", job_id)
            await asyncio.sleep(self.poll_interval_s)

    def _elsewhere(self, job: Job) -> bool:
        return job.status is JobStatus.running and job.lease_owner != self.worker and not self.runs_here(job.id)

    async def _sync(self, job: Job, known: JobState) -> bool:
        """Publish what the store knows and the bus does not. True once the job's end is published."""

        def stale() -> bool:
            return self.events.state(job.id).seq != known.seq

        if job.status.terminal:
            if self.runs_here(job.id):
                return False  # our runner is finishing it and publishes the final event itself
            if stale():
                return False  # look again next round, with a fresh view of the bus
            if known.phase not in TERMINAL:
                self.events.publish(job.id, job.status.value, _final(job), forward=False)
            return True
        if job.status is JobStatus.queued:
            position = await self.store.queue_position(job)
            if (known.phase != "queued" or known.queue_position != position) and not stale():
                self.events.publish(job.id, "queued", {"status": "queued", "queue_position": position}, forward=False)
            return False
        # running
        if self.runs_here(job.id) or job.lease_owner == self.worker or stale():
            return False
        if known.phase != "running":
            self.events.publish(job.id, "started", {"attempt": job.attempts}, forward=False)
        if job.progress_total and job.progress_step > known.step:
            self.events.publish(
                job.id, "progress", {"step": job.progress_step, "total": job.progress_total}, forward=False
            )
        return False


def _final(job: Job) -> dict[str, object]:
    data: dict[str, object] = {"status": job.status.value}
    if job.error_code:
        data["code"] = job.error_code
        data["message"] = job.error_message or ""
    return data
