"""Live job events inside one process: queued, started, progress, succeeded, failed, canceled.

Each job keeps a short numbered history so a listener that reconnects with ``Last-Event-ID`` misses
nothing; histories of old jobs are dropped first when there are too many. Waiters for a job's end
(``Prefer: wait``) are woken by the final event. Other processes learn of changes by polling the
store, so nothing depends on this bus for correctness.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

TERMINAL = frozenset({"succeeded", "failed", "canceled"})


@dataclass(frozen=True)
class JobEvent:
    seq: int
    job_id: str
    type: str
    data: dict[str, Any]
    at: float = field(default_factory=time.time)

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL


@dataclass
class _Channel:
    history: deque[JobEvent]
    seq: int = 0
    listeners: set[asyncio.Queue[JobEvent]] = field(default_factory=set)
    done: asyncio.Event = field(default_factory=asyncio.Event)


class JobEvents:
    def __init__(self, *, history_per_job: int = 256, max_jobs: int = 10_000):
        self._channels: OrderedDict[str, _Channel] = OrderedDict()
        self._history = history_per_job
        self._max_jobs = max_jobs

    def _channel(self, job_id: str) -> _Channel:
        channel = self._channels.get(job_id)
        if channel is None:
            channel = _Channel(history=deque(maxlen=self._history))
            self._channels[job_id] = channel
            if len(self._channels) > self._max_jobs:
                self._evict()
        return channel

    def _evict(self) -> None:
        # Down to 90 % of the cap, so the scan runs once per many new jobs, not on every one.
        excess = len(self._channels) - int(self._max_jobs * 0.9)
        for job_id in list(self._channels):
            if excess <= 0:
                break
            if not self._channels[job_id].listeners:  # a job still being watched stays
                del self._channels[job_id]
                excess -= 1

    def publish(self, job_id: str, type_: str, data: dict[str, Any] | None = None) -> JobEvent:
        """Must be called on the event loop (use ``loop.call_soon_threadsafe`` from threads)."""
        channel = self._channel(job_id)
        channel.seq += 1
        event = JobEvent(channel.seq, job_id, type_, data or {})
        channel.history.append(event)
        for queue in list(channel.listeners):
            queue.put_nowait(event)
        if event.terminal:
            channel.done.set()
        return event

    def history(self, job_id: str, *, after: int = 0) -> list[JobEvent]:
        channel = self._channels.get(job_id)
        return [e for e in channel.history if e.seq > after] if channel else []

    def last(self, job_id: str, type_: str) -> JobEvent | None:
        channel = self._channels.get(job_id)
        if channel is None:
            return None
        return next((e for e in reversed(channel.history) if e.type == type_), None)

    async def subscribe(self, job_id: str, *, after: int = 0) -> AsyncIterator[JobEvent]:
        """Events after ``after``, then live ones, until the job's final event."""
        channel = self._channel(job_id)
        queue: asyncio.Queue[JobEvent] = asyncio.Queue()
        channel.listeners.add(queue)
        try:
            last = after
            for event in self.history(job_id, after=after):
                last = event.seq
                yield event
                if event.terminal:
                    return
            while True:
                event = await queue.get()
                if event.seq <= last:
                    continue
                last = event.seq
                yield event
                if event.terminal:
                    return
        finally:
            channel.listeners.discard(queue)

    async def wait_done(self, job_id: str, timeout: float) -> bool:
        """True if the job's final event arrived within ``timeout`` seconds."""
        channel = self._channel(job_id)
        try:
            await asyncio.wait_for(channel.done.wait(), timeout)
            return True
        except TimeoutError:
            return False
