"""Group commit: many requests' units of work run in one transaction, each request answered only
once its unit is committed.

Cache hits write a handful of rows each and nothing else; on SQLite every write transaction is a
turn at the single writer lock plus a thread hop, so at hundreds of hits per second the turns, not
the work, are the cost. Units that arrive while a transaction is being written join the next one.
Should a batch fail, its units run again one by one, each in its own transaction, so a bad unit
(e.g. a duplicate Idempotency-Key) fails only its own request. A unit must therefore keep its
effects inside the transaction: it may run twice, and only the committed run counts.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from sqlalchemy.engine import Connection

from imagegate.db import Database

Unit = Callable[[Connection], None]


class GroupCommit:
    def __init__(self, db: Database, *, max_batch: int = 256):
        self.db = db
        self.max_batch = max_batch
        self._pending: list[tuple[Unit, asyncio.Future[None]]] = []
        self._task: asyncio.Task[None] | None = None

    async def run(self, unit: Unit) -> None:
        """Run ``unit`` in a write transaction shared with other units; return once committed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((unit, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="group-commit")
        await future

    async def close(self) -> None:
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                await self._commit([unit for unit, _ in batch])
            except Exception as exc:
                if len(batch) == 1:
                    _settle(batch[0][1], error=exc)
                    continue
                for unit, future in batch:
                    try:
                        await self._commit([unit])
                    except Exception as exc:
                        _settle(future, error=exc)
                    else:
                        _settle(future)
                continue
            for _, future in batch:
                _settle(future)

    async def _commit(self, units: list[Unit]) -> None:
        def work(conn: Connection) -> None:
            for unit in units:
                unit(conn)

        await self.db.run(work, write=True)


def _settle(future: asyncio.Future[None], *, error: BaseException | None = None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(None)
