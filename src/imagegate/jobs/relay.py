"""Live job events between processes, over PostgreSQL ``LISTEN/NOTIFY``.

When API replicas and workers are separate processes, the process that holds a client's event stream
(or its ``Prefer: wait``) is usually not the one running the job. The store stays the source of truth
(``jobs.follow`` polls it, so nothing is lost if a message is), and this relay adds what polling
cannot give, at once:

- ``wake``: a job was queued; every worker claims now instead of at its next poll.
- ``cancel``: a client canceled a running job; the worker running it stops at its next step
  (without this, at its next heartbeat).
- ``watch``: someone follows a job from another process; the worker running it sends its progress
  events (with previews) for the next seconds, renewed while the client watches.
- ``event``: the running worker's events (started, progress while watched, the final one), which the
  other processes republish on their own bus for the jobs their clients follow.

Why PostgreSQL rather than Redis pub/sub: every multi-process deployment already shares PostgreSQL
(jobs are claimed there), so the relay needs no further service, and a message is sent on the same
server that just committed the change it announces. Its limits fit: payloads up to 8000 bytes (a
preview that does not fit is left out; the next one may), and delivery only to listeners connected
at the time (a process that reconnects catches up from the store, as it would anyway).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import Any, Protocol

from imagegate.domain.jobs import Preview
from imagegate.jobs.events import TERMINAL, JobEvent, JobEvents

log = logging.getLogger("imagegate.relay")

CHANNEL = "imagegate_jobs"
MAX_PAYLOAD = 7_900  # PostgreSQL refuses NOTIFY payloads of 8000 bytes or more
WATCH_S = 10.0  # how long one watch message keeps a job's progress coming
Message = dict[str, Any]


class Relay(Protocol):
    def send(self, message: Message) -> None:
        """Queue a message for the other processes (never blocks; may drop it if the relay is down)."""

    async def start(self, receive: Callable[[Message], None]) -> None: ...

    async def close(self) -> None: ...


class NoRelay:
    """One process (SQLite, or PostgreSQL without other processes to tell): nothing to send."""

    def send(self, message: Message) -> None:
        pass

    async def start(self, receive: Callable[[Message], None]) -> None:
        pass

    async def close(self) -> None:
        pass


class PostgresRelay:
    """Sends on one connection and listens on another (asyncpg), reconnecting with backoff."""

    def __init__(self, dsn: str, *, max_queued: int = 10_000, reconnect_s: float = 1.0):
        self.dsn = dsn
        # Our own messages come back to us on LISTEN; the origin tag lets us skip them.
        self.origin = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=max_queued)
        self._reconnect_s = reconnect_s
        self._tasks: list[asyncio.Task[None]] = []
        self._dropped = 0
        self._unsent = 0  # taken off the queue, not yet sent
        self.listening = asyncio.Event()

    def send(self, message: Message) -> None:
        payload = json.dumps({**message, "o": self.origin}, separators=(",", ":"))
        if len(payload.encode()) > MAX_PAYLOAD:
            log.debug("relay message too large (%d bytes); dropped", len(payload))
            return
        try:
            self._queue.put_nowait(payload)
        except asyncio.QueueFull:
            self._dropped += 1
            if self._dropped == 1 or self._dropped % 1000 == 0:
                log.warning("relay queue full: %d messages dropped (the store still has the truth)", self._dropped)

    async def start(self, receive: Callable[[Message], None]) -> None:
        import asyncpg  # the PostgreSQL driver the database already uses

        # Fail at start, with the address, if the server cannot be reached at all.
        first = await asyncpg.connect(self.dsn, timeout=10)
        self._tasks = [
            asyncio.create_task(self._listen(receive, first), name="relay-listen"),
            asyncio.create_task(self._send_loop(), name="relay-send"),
        ]
        await asyncio.wait_for(self.listening.wait(), 10)

    async def close(self) -> None:
        """Send what is queued (for up to two seconds: a drained worker's last wake-up matters), then stop."""
        if self._tasks:
            deadline = time.monotonic() + 2.0
            while (self._unsent or not self._queue.empty()) and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    def _on_notify(self, receive: Callable[[Message], None]) -> Callable[..., None]:
        def callback(_conn: Any, _pid: int, _channel: str, payload: str) -> None:
            try:
                message = json.loads(payload)
            except ValueError:
                return
            if not isinstance(message, dict) or message.get("o") == self.origin:
                return
            try:
                receive(message)
            except Exception:
                log.exception("handling a relay message failed")

        return callback

    async def _listen(self, receive: Callable[[Message], None], conn: Any) -> None:
        import asyncpg

        while True:
            try:
                if conn is None:
                    conn = await asyncpg.connect(self.dsn, timeout=10)
                lost = asyncio.Event()
                conn.add_termination_listener(_setter(lost))
                await conn.add_listener(CHANNEL, self._on_notify(receive))
                self.listening.set()
                await lost.wait()
                log.warning("relay: the listening connection was lost; reconnecting")
            except asyncio.CancelledError:
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 2)
                raise
            except Exception as exc:
                log.warning("relay: listening failed (%s); retrying in %.0f s", exc, self._reconnect_s)
                await asyncio.sleep(self._reconnect_s)
            conn = None

    async def _send_loop(self) -> None:
        import asyncpg

        conn: Any = None
        try:
            while True:
                payload = await self._queue.get()
                self._unsent += 1
                try:
                    if conn is None or conn.is_closed():
                        conn = await asyncpg.connect(self.dsn, timeout=10)
                    await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                    # Lost: the message only hurried something the store also says.
                    log.warning("relay: sending failed (%s); reconnecting", exc)
                    conn = None
                    await asyncio.sleep(self._reconnect_s)
                finally:
                    self._unsent -= 1
        finally:
            if conn is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.close(), 2)


def _setter(event: asyncio.Event) -> Callable[[Any], None]:
    return lambda _conn: event.set()


class EventBridge:
    """Joins this process's event bus to the other processes' through a relay.

    ``runs_here(job_id)``: this process runs the job (then it speaks for it). ``wake`` and ``cancel``
    act on this process's scheduler (no-ops where it claims nothing)."""

    def __init__(
        self,
        relay: Relay,
        events: JobEvents,
        *,
        runs_here: Callable[[str], bool],
        wake: Callable[[], None],
        cancel: Callable[[str], bool],
    ):
        self.relay = relay
        self.events = events
        self.runs_here = runs_here
        self._wake = wake
        self._cancel = cancel
        self._watched: dict[str, float] = {}  # job id -> when we last asked for its progress

    # -- outbound ----------------------------------------------------------------------------

    def forward(self, event: JobEvent) -> None:
        """Installed as the bus's forwarder: send what the others may be waiting for."""
        if not self.runs_here(event.job_id):
            return
        if event.type == "progress" and not self.events.wants_previews(event.job_id):
            return  # nobody watches from elsewhere: the heartbeat's progress in the store suffices
        data = {k: v for k, v in event.data.items() if k != "preview"}
        preview = event.data.get("preview")
        if isinstance(preview, Preview):
            # What is left of a message's room once the rest is in (base64 takes 4 bytes per 3).
            room = (MAX_PAYLOAD - 400 - len(json.dumps(data))) * 3 // 4
            fitted = _fit(preview, room)
            if fitted is not None:
                data["preview"] = {
                    "b64": base64.b64encode(fitted.data).decode(),
                    "width": fitted.width,
                    "height": fitted.height,
                    "content_type": fitted.content_type,
                }
        self.relay.send({"k": "event", "job": event.job_id, "type": event.type, "data": data})

    def queued(self) -> None:
        self.relay.send({"k": "wake"})

    def cancel(self, job_id: str) -> None:
        if not self._cancel(job_id):
            self.relay.send({"k": "cancel", "job": job_id})

    def watch(self, job_id: str) -> None:
        """Ask whoever runs the job for its live progress (at most every few seconds per job)."""
        now = time.monotonic()
        if now - self._watched.get(job_id, float("-inf")) < WATCH_S / 3:
            return
        if len(self._watched) > 10_000:
            self._watched = {j: t for j, t in self._watched.items() if now - t < WATCH_S}
        self._watched[job_id] = now
        self.relay.send({"k": "watch", "job": job_id})

    # -- inbound -----------------------------------------------------------------------------

    def receive(self, message: Message) -> None:
        kind, job_id = message.get("k"), message.get("job")
        if kind == "wake":
            self._wake()
        elif not isinstance(job_id, str):
            return
        elif kind == "cancel":
            self._cancel(job_id)
        elif kind == "watch":
            if self.runs_here(job_id):
                self.events.request_previews(job_id, for_s=WATCH_S)
        elif kind == "event":
            self._republish(job_id, message)

    def _republish(self, job_id: str, message: Message) -> None:
        type_, data = message.get("type"), message.get("data")
        if not isinstance(type_, str) or not isinstance(data, dict) or self.runs_here(job_id):
            return
        # Only for jobs somebody here follows or waits for, and never past their end.
        if not self.events.has_channel(job_id) or self.events.state(job_id).phase in TERMINAL:
            return
        wire = data.get("preview")
        if isinstance(wire, dict):
            try:
                data = {
                    **data,
                    "preview": Preview(base64.b64decode(wire["b64"]), int(wire["width"]), int(wire["height"])),
                }
            except (KeyError, ValueError, TypeError):
                data = {k: v for k, v in data.items() if k != "preview"}
        self.events.publish(job_id, type_, data, forward=False)


def _fit(preview: Preview, max_bytes: int) -> Preview | None:
    """The preview, or a smaller JPEG of it that fits in ``max_bytes`` (None if none does)."""
    if len(preview.data) <= max_bytes:
        return preview
    import io

    from PIL import Image

    with Image.open(io.BytesIO(preview.data)) as opened:
        image = opened.convert("RGB")
    for side, quality in ((160, 60), (112, 50), (80, 40)):
        small = image.copy()
        small.thumbnail((side, side))
        out = io.BytesIO()
        small.save(out, format="JPEG", quality=quality)
        if out.tell() <= max_bytes:
            return Preview(out.getvalue(), small.width, small.height)
    return None
