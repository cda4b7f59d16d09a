"""Model loads in the background: one load per model at a time, outliving the request that asked
for it (a slow load is not started again by the client's retry), and retried after a failure."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

from imagegate.domain.models import ModelSpec
from imagegate.engines.base import Engine


class ModelLoads:
    def __init__(self, engines: Mapping[str, Engine]):
        self.engines = engines
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, spec: ModelSpec) -> asyncio.Task[None]:
        """The load of ``spec``: the one under way, or a new one (also after a failed one)."""
        task = self._tasks.get(spec.id)
        if task is None or (task.done() and (task.cancelled() or task.exception() is not None)):
            task = asyncio.create_task(self.engines[spec.engine].load(spec), name=f"load-{spec.id}")
            self._tasks[spec.id] = task
        return task

    async def close(self) -> None:
        tasks, self._tasks = list(self._tasks.values()), {}
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
