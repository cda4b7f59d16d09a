"""Server-sent events of one job: ``queued`` (with queue position), ``started``, ``progress`` (step,
total, ETA, sometimes a preview) and one final ``succeeded`` / ``failed`` / ``canceled``.

Every event carries its number as the SSE ``id``; a client that reconnects with ``Last-Event-ID``
(or ``?after=``) receives only what it missed. The numbers belong to this server process: an id it
never gave out is treated as "from elsewhere", and the stream starts again from what is known here.
Comment lines keep idle connections alive through proxies.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from imagegate.admission.keys import ApiKey
from imagegate.api.common.jobs import get_job
from imagegate.domain.jobs import Job, Preview
from imagegate.errors import InvalidRequest
from imagegate.jobs.events import JobEvent
from imagegate.jobs.follow import JobFollower
from imagegate.services import Services

RECONNECT_MS = 1000
_END = object()


def parse_last_event_id(value: str | None, field: str = "Last-Event-ID") -> int:
    """The event number a client last saw (0: none). Ids are the decimal numbers this API sends."""
    if value is None or not value.strip():
        return 0
    try:
        after = int(value.strip())
    except ValueError:
        raise InvalidRequest.for_field(field, "must be an event id sent by this stream (an integer)") from None
    if after < 0:
        raise InvalidRequest.for_field(field, "must not be negative")
    return after


async def open_stream(
    svc: Services, key: ApiKey, job_id: str, *, after: int, draining: asyncio.Event | None = None
) -> AsyncIterator[bytes] | None:
    """The SSE byte stream of a job of this key, or None when the client has already seen its end
    (answered with 204, which tells EventSource clients to stop reconnecting). The stream also ends
    when ``draining`` is set (the server is stopping); clients resume with ``Last-Event-ID``."""
    job = await get_job(svc, key, job_id)  # another key's job is a 404 like any unknown id
    follow = svc.follower
    if follow.finished_before(job, after):
        return None
    return _sse(svc, follow, job, after, draining)


async def _with_position(svc: Services, job: Job, event: JobEvent) -> JobEvent:
    """The admission's "queued" event carries no position (working it out for every job, watched
    or not, would cost a query each): a stream fills it in, so its ETA can be estimated too."""
    if event.type != "queued" or event.data.get("queue_position") is not None:
        return event
    return replace(event, data={**event.data, "queue_position": await svc.jobs.queue_position(job)})


async def _sse(
    svc: Services, follow: JobFollower, job: Job, after: int, draining: asyncio.Event | None
) -> AsyncIterator[bytes]:
    job_id, model_id = job.id, job.model_id
    queue: asyncio.Queue[Any] = asyncio.Queue()

    async def pump() -> None:
        try:
            async for event in follow.follow(job_id, after=after):
                await queue.put(event)
        finally:
            await queue.put(_END)

    # A separate task feeds the queue, so waiting for the next event can time out (to send a
    # keep-alive) without cancelling the subscription itself.
    async def stop_on_drain(event: asyncio.Event) -> None:
        await event.wait()
        await queue.put(_END)

    tasks = [asyncio.create_task(pump(), name=f"sse-{job_id}")]
    if draining is not None:
        tasks.append(asyncio.create_task(stop_on_drain(draining), name=f"sse-drain-{job_id}"))
    try:
        yield f"retry: {RECONNECT_MS}\n\n".encode()
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), svc.settings.sse_keepalive_s)
            except TimeoutError:
                yield b": keep-alive\n\n"
                continue
            if item is _END:
                return
            item = await _with_position(svc, job, item)
            yield render(item, eta_s=_eta(svc, model_id, item)).encode()
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _eta(svc: Services, model_id: str, event: JobEvent) -> float | None:
    if "eta_s" in event.data:
        return None  # the publisher measured it
    avg = svc.runner.stats.get(model_id)
    if avg is None:
        return None
    if event.type == "queued" and event.data.get("queue_position") is not None:
        return round((int(event.data["queue_position"]) + 1) * avg, 3)
    if event.type == "progress" and event.data.get("total"):
        return round(max(0.0, avg * (1 - int(event.data["step"]) / int(event.data["total"]))), 3)
    return None


def render(event: JobEvent, *, eta_s: float | None = None) -> str:
    """One event in SSE wire form: ``id``, ``event`` and a one-line JSON ``data``."""
    payload: dict[str, Any] = {
        "job_id": event.job_id,
        "seq": event.seq,
        "type": event.type,
        "at": datetime.fromtimestamp(event.at, UTC).isoformat().replace("+00:00", "Z"),
    }
    for name, value in event.data.items():
        payload[name] = preview_json(value) if name == "preview" else value
    if eta_s is not None:
        payload["eta_s"] = eta_s
    data = json.dumps(payload, separators=(",", ":"), default=str)
    return f"id: {event.seq}\nevent: {event.type}\ndata: {data}\n\n"


def preview_json(preview: Preview | bytes | str) -> dict[str, Any]:
    """The wire form of a preview; bare bytes or base64 text (from publishers other than the
    diffusers engine) go out without a size."""
    if isinstance(preview, Preview):
        return {
            "content_type": preview.content_type,
            "width": preview.width,
            "height": preview.height,
            "b64_json": base64.b64encode(preview.data).decode(),
        }
    if isinstance(preview, bytes | bytearray):
        return {"content_type": "image/jpeg", "b64_json": base64.b64encode(bytes(preview)).decode()}
    header, _, data = str(preview).rpartition(",")
    content_type = header.removeprefix("data:").split(";")[0] if header.startswith("data:") else "image/jpeg"
    return {"content_type": content_type, "b64_json": data}
