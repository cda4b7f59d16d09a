"""Group commit: many requests' rows written in one transaction, each request answered only
once its rows are committed.

Cache hits write three or four rows each and nothing else; on SQLite every write transaction is a
turn at the single writer lock plus several thread hops, so at hundreds of hits per second the
turns, not the work, are the cost. Requests that arrive while a transaction is being written join
the next one. Should a batch fail, its requests are written one by one, so a bad row (e.g. a
duplicate Idempotency-Key) fails only its own request.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sqlalchemy import Table, insert

from imagegate.db import Database

Rows = list[tuple[Table, dict[str, Any]]]


class GroupWriter:
    def __init__(self, db: Database, *, max_batch: int = 256):
        self.db = db
        self.max_batch = max_batch
        self._pending: list[tuple[Rows, asyncio.Future[None]]] = []
        self._task: asyncio.Task[None] | None = None

    async def write(self, rows: Rows) -> None:
        """Insert ``rows`` (in order: parents before children) and return once committed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((rows, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="group-writer")
        await future

    async def close(self) -> None:
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                await self._insert([rows for rows, _ in batch])
            except Exception as exc:
                if len(batch) == 1:
                    _settle(batch[0][1], error=exc)
                    continue
                for rows, future in batch:
                    try:
                        await self._insert([rows])
                    except Exception as exc:
                        _settle(future, error=exc)
                    else:
                        _settle(future)
                continue
            for _, future in batch:
                _settle(future)

    async def _insert(self, groups: list[Rows]) -> None:
        by_table: dict[Table, list[dict[str, Any]]] = {}
        for rows in groups:
            for table, row in rows:
                by_table.setdefault(table, []).append(row)
        async with self.db.connect() as conn:
            for table, values in by_table.items():  # first-seen order keeps parents first
                await conn.execute(insert(table), values)


def _settle(future: asyncio.Future[None], *, error: BaseException | None = None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(None)
