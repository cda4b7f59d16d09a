"""Live job events inside one process: queued, started, progress, succeeded, failed, canceled.

Each job keeps a short numbered history so a listener that reconnects with ``Last-Event-ID`` misses
nothing; histories of old jobs are dropped first when there are too many. Waiters for a job's end
(``Prefer: wait``) are woken by the final event. Other processes learn of changes by polling the
store, so nothing depends on this bus for correctness (``jobs.follow`` mirrors the store into this
bus for jobs that run elsewhere).

Previews are the one bulky payload: the history keeps only a job's newest preview while it runs and
none once it has ended. Full histories are kept for the newest ``max_ended`` ended jobs only: each
is ~20 objects for a 10-step job (2 per progress event), all of them walked by every full
collection of the garbage collector, which holds the GIL meanwhile: 10,000 ended jobs were ~200,000
objects, a third of the start-up heap that ``observability.heap`` keeps out of those collections.
A listener of an older ended job gets its final event from the store (``jobs.follow``), as after a
restart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from imagegate.domain.jobs import Job

log = logging.getLogger("imagegate.events")
TERMINAL = frozenset({"succeeded", "failed", "canceled"})
# The phase a job is in after each kind of event (progress keeps the phase it had: running).
PHASES = {"queued": "queued", "started": "running", "progress": "running"} | {t: t for t in TERMINAL}


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
    # What the published events say about the job, kept apart from the bounded history.
    phase: str | None = None
    step: int = 0
    total: int = 0
    queue_position: int | None = None
    previews_until: float = 0.0  # monotonic time until which a poller asked for previews


@dataclass(frozen=True)
class JobState:
    """A job as this process's events describe it (``phase`` None: nothing published yet)."""

    seq: int
    phase: str | None
    step: int
    total: int
    queue_position: int | None


class JobEvents:
    def __init__(
        self, *, history_per_job: int = 256, max_jobs: int = 10_000, max_ended: int = 1_000, max_finals: int = 1024
    ):
        self._channels: OrderedDict[str, _Channel] = OrderedDict()
        self._history = history_per_job
        self._max_jobs = max_jobs
        self._ended: OrderedDict[str, None] = OrderedDict()  # ended jobs with a channel, oldest first
        self._max_ended = max_ended
        # The newest ended jobs as committed, so that a waiter woken by the final event answers
        # without reading the row back (it wakes within milliseconds; older ones read the store).
        self._finals: OrderedDict[str, Job] = OrderedDict()
        self._max_finals = max_finals
        # Set where other processes listen (``jobs.relay``): handed every event published here
        # unless the publisher says it came from elsewhere.
        self.forward: Callable[[JobEvent], None] | None = None

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

    def publish(
        self,
        job_id: str,
        type_: str,
        data: dict[str, Any] | None = None,
        *,
        job: Job | None = None,
        forward: bool = True,
    ) -> JobEvent:
        """Must be called on the event loop (use ``loop.call_soon_threadsafe`` from threads). A final
        event may carry the ended ``Job`` as committed (see ``final``). ``forward=False``: the event
        mirrors another process's (read from the store or the relay), so it is not sent on."""
        if job is not None and type_ in TERMINAL:
            self._finals[job_id] = job
            if len(self._finals) > self._max_finals:
                self._finals.popitem(last=False)
        channel = self._channel(job_id)
        channel.seq += 1
        event = JobEvent(channel.seq, job_id, type_, data or {})
        if event.terminal or "preview" in event.data:
            _drop_previews(channel.history)
        channel.history.append(event)
        _track(channel, event)
        for queue in list(channel.listeners):
            queue.put_nowait(event)
        if event.terminal:
            channel.done.set()
            self._ended[job_id] = None
            self._ended.move_to_end(job_id)
            self._forget_oldest_ended()
        if forward and self.forward is not None:
            try:
                self.forward(event)
            except Exception:  # telling the other processes is a courtesy; publishing here is not
                log.exception("forwarding an event of job %s failed", job_id)
        return event

    def _forget_oldest_ended(self) -> None:
        while len(self._ended) > self._max_ended:
            job_id, _ = self._ended.popitem(last=False)
            channel = self._channels.get(job_id)
            if channel is not None and not channel.listeners:  # one being followed stays (until _evict)
                del self._channels[job_id]

    def final(self, job_id: str) -> Job | None:
        """The ended job published with its final event, if still remembered (else None)."""
        return self._finals.get(job_id)

    def has_channel(self, job_id: str) -> bool:
        """Whether this process knows the job (it was admitted, run or followed here, not yet evicted)."""
        return job_id in self._channels

    def listening(self, job_id: str) -> bool:
        """True while someone follows this job. Safe to call from any thread (a racy read is fine:
        at worst one preview too many or too few)."""
        channel = self._channels.get(job_id)
        return bool(channel and channel.listeners)

    def request_previews(self, job_id: str, *, for_s: float = 10.0) -> None:
        """Ask for previews of a job without following it, e.g. for a client that polls a progress
        endpoint; the request lapses after ``for_s`` seconds unless renewed."""
        self._channel(job_id).previews_until = time.monotonic() + for_s

    def wants_previews(self, job_id: str) -> bool:
        """Whether drawing a preview is worth it: someone follows the job or polled for one recently.
        Safe to call from any thread."""
        channel = self._channels.get(job_id)
        return bool(channel and (channel.listeners or channel.previews_until > time.monotonic()))

    def state(self, job_id: str) -> JobState:
        channel = self._channels.get(job_id)
        if channel is None:
            return JobState(0, None, 0, 0, None)
        return JobState(channel.seq, channel.phase, channel.step, channel.total, channel.queue_position)

    def history(self, job_id: str, *, after: int = 0) -> list[JobEvent]:
        channel = self._channels.get(job_id)
        return [e for e in channel.history if e.seq > after] if channel else []

    def last(self, job_id: str, type_: str, *, having: str | None = None) -> JobEvent | None:
        """The newest event of ``type_`` (with ``having`` in its data, if given: e.g. the newest
        progress event that carries a preview, since most steps carry none)."""
        channel = self._channels.get(job_id)
        if channel is None:
            return None
        return next(
            (e for e in reversed(channel.history) if e.type == type_ and (having is None or having in e.data)), None
        )

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


def _drop_previews(history: deque[JobEvent]) -> None:
    for index, old in enumerate(history):
        if "preview" in old.data:
            history[index] = replace(old, data={k: v for k, v in old.data.items() if k != "preview"})


def _track(channel: _Channel, event: JobEvent) -> None:
    channel.phase = PHASES.get(event.type, channel.phase)
    if event.type == "queued":
        channel.step = 0
        channel.queue_position = event.data.get("queue_position", channel.queue_position)
    elif event.type == "started":
        channel.step, channel.queue_position = 0, None
    elif event.type == "progress":
        channel.step = int(event.data.get("step", channel.step))
        channel.total = int(event.data.get("total", channel.total))
