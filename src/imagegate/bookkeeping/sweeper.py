"""The sweeper: settles ended jobs whose settlement did not commit with their end (it failed, and
the job ended without it rather than hang on bookkeeping), every ``interval_s``. Any process may
sweep: the store settles a job exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from imagegate.jobs.store import JobStore

log = logging.getLogger("imagegate.gateway")


class Sweeper:
    def __init__(self, store: JobStore, *, interval_s: float, min_age_s: float = 5.0):
        self.store = store
        self.interval_s = interval_s
        self.min_age_s = min_age_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="sweeper")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def sweep(self) -> int:
        """Settle what is left unsettled now; returns how many jobs were settled."""
        settled = 0
        for job_id in await self.store.unsettled(older_than_s=self.min_age_s):
            if await self.store.settle_ended(job_id) is not None:
                settled += 1
        return settled

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                if settled := await self.sweep():
                    log.warning("settled %d jobs that had ended without their bookkeeping", settled)
            except Exception:
                log.exception("sweeping unsettled jobs failed; retrying")
