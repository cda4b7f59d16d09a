"""The sweeper, every ``interval_s``: settles ended jobs whose settlement did not commit with their
end (it failed, and the job ended without it), and hands back what terms without
a job reserved (left by versions that wrote the two in separate transactions). Any process may
sweep: the store settles a job exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.engine import Connection

from imagegate.admission.allowance import AllowanceStore, Item
from imagegate.domain.jobs import JobTerms
from imagegate.jobs.store import JobStore

log = logging.getLogger("imagegate.gateway")


class Sweeper:
    def __init__(
        self,
        store: JobStore,
        allowance: AllowanceStore,
        *,
        interval_s: float,
        min_age_s: float = 5.0,
        orphan_age_s: float = 120.0,
    ):
        self.store = store
        self.allowance = allowance
        self.interval_s = interval_s
        self.min_age_s = min_age_s
        self.orphan_age_s = orphan_age_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="sweeper")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def sweep(self) -> int:
        """Settle what is left unsettled now; returns how many jobs (and orphans) were handled."""
        handled = 0
        for job_id in await self.store.unsettled(older_than_s=self.min_age_s):
            if await self.store.settle_ended(job_id) is not None:
                handled += 1
        for job_id in await self.store.orphans(older_than_s=self.orphan_age_s):
            if await self.store.drop_orphan(job_id, self._release):
                handled += 1
        return handled

    def _release(self, conn: Connection, key_id: str, terms: JobTerms) -> None:
        items = [Item.from_json(i) for i in terms.reservations]
        if items:
            self.allowance.settle_in(conn, key_id, [(item, 0) for item in items])

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                if handled := await self.sweep():
                    log.warning("settled %d jobs (or admissions) that had been left without their bookkeeping", handled)
            except Exception:
                log.exception("sweeping unsettled jobs failed; retrying")
