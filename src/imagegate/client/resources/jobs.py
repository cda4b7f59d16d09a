"""``client.jobs``: create, inspect, list, cancel, follow and wait for generation jobs."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import httpx

from imagegate.client._core import Api
from imagegate.client._flow import (
    Close,
    Emit,
    EmitFlow,
    Flow,
    ReadLine,
    Resource,
    Sleep,
    async_method,
    async_stream,
    sync_method,
    sync_stream,
    without_emits,
)
from imagegate.client._retry import backoff
from imagegate.client._sse import SSEDecoder
from imagegate.client.errors import APIConnectionError, APITimeoutError, NotFoundError
from imagegate.client.types import Job, JobEvent, JobPage

log = logging.getLogger("imagegate.client")

DEFAULT_WAIT_S = 600.0


def compact(fields: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A request body: the given fields without the ones left at None, then ``extra`` on top."""
    return {k: v for k, v in fields.items() if v is not None} | (extra or {})


def create(
    api: Api,
    *,
    prompt: str | None = None,
    model: str | None = None,
    task: str | None = None,
    negative_prompt: str | None = None,
    width: int | None = None,
    height: int | None = None,
    num_inference_steps: int | None = None,
    guidance_scale: float | None = None,
    seed: int | None = None,
    scheduler: str | None = None,
    num_images: int | None = None,
    response_format: str | None = None,
    webhook: str | None = None,
    webhook_events_filter: Sequence[str] | None = None,
    track_id: str | None = None,
    cache: bool | None = None,
    idempotency_key: str | None = None,
    wait: float | None = None,
    extra_body: dict[str, Any] | None = None,
) -> Flow[Job]:
    """Queue a generation job and return it at once (status ``queued``), or — with ``wait`` — hold up
    to that many seconds (the server caps it at 60) and return it finished if it was quick enough.

    Args:
        prompt: What to draw.
        model: Catalog model id (``models.list()``); omit for the server's default model.
        task: ``txt2img`` (default), ``img2img``, ``inpaint``, ``outpaint``, ``controlnet``,
            ``upscale`` or ``variation``; the images resource has a method for each.
        negative_prompt, width, height, num_inference_steps, guidance_scale, seed, scheduler,
        num_images: diffusers' parameters; omitted ones take the model's defaults.
        response_format: ``url`` (signed, expiring; default) or ``b64_json``.
        webhook: An https URL the server POSTs the job's events to, signed (Standard Webhooks; check
            them with ``verify_webhook`` and the secret of ``GET /v1/webhooks/secret``).
        webhook_events_filter: Which events to send: ``started``, ``succeeded``, ``failed``,
            ``canceled`` or ``completed`` (the three final ones, the default).
        track_id: Your own id, echoed in the job's webhooks.
        cache: ``False`` always generates, even when a seeded request's result is cached.
        idempotency_key: Makes retries of this call safe; one is generated if you give none.
        wait: Seconds to hold the request for the result (``Prefer: wait``).
        extra_body: More fields for the request body (task inputs such as ``init_image``).
    """
    body = compact(
        {
            "task": task,
            "model": model,
            "prompt": prompt,
            "negative_prompt": negative_prompt,
            "width": width,
            "height": height,
            "num_inference_steps": num_inference_steps,
            "guidance_scale": guidance_scale,
            "seed": seed,
            "scheduler": scheduler,
            "num_images": num_images,
            "response_format": response_format,
            "webhook": webhook,
            "webhook_events_filter": list(webhook_events_filter) if webhook_events_filter is not None else None,
            "track_id": track_id,
            "cache": cache,
        },
        extra_body,
    )
    job = yield from submit(api, body, idempotency_key=idempotency_key, wait=wait)
    return job


def submit(
    api: Api, body: dict[str, Any], *, idempotency_key: str | None = None, wait: float | None = None
) -> Flow[Job]:
    headers: dict[str, str] = {}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    timeout = None
    if wait:
        headers["Prefer"] = f"wait={wait:g}"
        timeout = max(api.options.timeout, wait + 10)
    data = yield from api.json("POST", "/v1/jobs", json=body, headers=headers, timeout=timeout)
    return Job.model_validate(data)


def retrieve(api: Api, job_id: str) -> Flow[Job]:
    """A job by id: status, progress, effective parameters, images once done, error if it failed."""
    data = yield from api.json("GET", f"/v1/jobs/{job_id}")
    return Job.model_validate(data)


def _status_param(status: str | Sequence[str] | None) -> str | None:
    if status is None or isinstance(status, str):
        return status
    return ",".join(status)


def list_(
    api: Api, *, status: str | Sequence[str] | None = None, limit: int = 20, cursor: str | None = None
) -> Flow[JobPage]:
    """One page of your jobs, newest first.

    Args:
        status: Only jobs in this status (or any of these statuses).
        limit: Jobs per page, 1–100.
        cursor: ``next_cursor`` of the previous page.
    """
    params = {"status": _status_param(status), "limit": limit, "cursor": cursor}
    data = yield from api.json("GET", "/v1/jobs", params=params)
    return JobPage.model_validate(data)


def iterate(api: Api, *, status: str | Sequence[str] | None = None, page_size: int = 100) -> EmitFlow[Job]:
    """Every one of your jobs, newest first, fetching pages as the iteration goes."""
    cursor = None
    while True:
        page = yield from list_(api, status=status, limit=page_size, cursor=cursor)
        for job in page.data:
            yield Emit(job)
        if not page.has_more or not page.next_cursor:
            return
        cursor = page.next_cursor


def cancel(api: Api, job_id: str) -> Flow[Job]:
    """Cancel a job: a queued one at once, a running one at its next denoising step. Canceling a
    job that already succeeded or failed raises ``ConflictError``."""
    data = yield from api.json("DELETE", f"/v1/jobs/{job_id}")
    return Job.model_validate(data)


def stream(api: Api, job_id: str, *, after: int | None = None, timeout: float | None = None) -> EmitFlow[JobEvent]:
    """Follow a job live: yields ``JobEvent``s — ``queued`` (with ``queue_position``), ``started``,
    ``progress`` (``step``, ``total``, ``eta_s``, sometimes a ``preview`` JPEG), and ends after the
    final ``succeeded`` / ``failed`` / ``canceled``.

    A dropped connection is resumed with ``Last-Event-ID``, so no event is lost or repeated.

    Args:
        after: Start after this event number (``seq``) instead of from the beginning.
        timeout: Give up with ``APITimeoutError`` after this many seconds.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    last = after
    failures = 0
    while True:
        headers = {"Accept": "text/event-stream"}
        if last:
            headers["Last-Event-ID"] = str(last)
        response = yield from api.request(
            "GET", f"/v1/jobs/{job_id}/events", headers=headers, stream=True, timeout=_read_timeout(api, deadline)
        )
        if response.status_code == 204:  # the job ended and we have seen its end
            yield Close(response)
            return
        decoder = SSEDecoder()
        try:
            while True:
                line = yield ReadLine(response)
                _check_deadline(deadline, job_id)
                if line is None:
                    break  # the server closed the stream before the job ended (e.g. a restart)
                sse = decoder.decode(line)
                if sse is None or not sse.data:
                    continue
                event = JobEvent.model_validate_json(sse.data)
                last, failures = event.seq, 0
                if event.terminal:
                    yield Close(response)
                    yield Emit(event)
                    return
                yield Emit(event)
        except httpx.TransportError as exc:
            _check_deadline(deadline, job_id)
            log.info("event stream of %s dropped (%s); resuming after event %s", job_id, exc, last)
        yield Close(response)
        failures += 1
        if failures > api.options.retry.max_retries:
            raise APIConnectionError(f"lost the event stream of job {job_id} {failures} times in a row")
        yield Sleep(backoff(failures - 1, api.options.retry, api.rand))


def _read_timeout(api: Api, deadline: float | None) -> float:
    if deadline is None:
        return api.options.timeout
    return max(0.1, min(api.options.timeout, deadline - time.monotonic()))


def _check_deadline(deadline: float | None, job_id: str) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise APITimeoutError(f"job {job_id} did not finish in time")


def wait(api: Api, job_id: str, *, timeout: float | None = DEFAULT_WAIT_S) -> Flow[Job]:
    """Block until the job ends and return it (whatever its final status: check ``job.status``).

    Follows the job's event stream; where that is unavailable (an old server, a proxy that buffers
    streams), polls with exponential backoff instead.

    Args:
        timeout: Seconds to wait at most (None: no limit); past it, ``APITimeoutError``.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        events = stream(api, job_id, timeout=timeout)
        yield from without_emits(events, lambda event: event.terminal)
    except APITimeoutError:
        raise
    except NotFoundError as exc:
        if exc.code != "route_not_found":
            raise
        log.info("this server has no event stream; polling job %s", job_id)
    except APIConnectionError as exc:
        log.info("following job %s failed (%s); polling", job_id, exc)
    job = yield from poll(api, job_id, deadline=deadline)
    return job


def poll(api: Api, job_id: str, *, deadline: float | None) -> Flow[Job]:
    attempt = 0
    while True:
        job = yield from retrieve(api, job_id)
        if job.done:
            return job
        delay = min(2.0, 0.2 * 1.5**attempt)
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise APITimeoutError(f"job {job_id} did not finish in time (still {job.status})")
            delay = min(delay, remaining)
        yield Sleep(delay)
        attempt += 1


class Jobs(Resource):
    """Generation jobs: the resource behind every image. ``client.jobs``."""

    create = sync_method(create)
    retrieve = sync_method(retrieve)
    list = sync_method(list_)
    iter = sync_stream(iterate)
    cancel = sync_method(cancel)
    stream = sync_stream(stream)
    wait = sync_method(wait)


class AsyncJobs(Resource):
    """Generation jobs, for ``AsyncClient``. ``client.jobs``."""

    create = async_method(create)
    retrieve = async_method(retrieve)
    list = async_method(list_)
    iter = async_stream(iterate)
    cancel = async_method(cancel)
    stream = async_stream(stream)
    wait = async_method(wait)
