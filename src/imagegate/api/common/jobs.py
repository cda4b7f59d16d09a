"""Job handlers, shared by every dialect: admission of a request into a job, reading, listing,
canceling and waiting. Dialects translate their wire format into these calls and render the Job."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from imagegate.admission.edits import prepare_inputs
from imagegate.admission.keys import ApiKey
from imagegate.admission.options import SubmitOptions
from imagegate.api.services import Services
from imagegate.domain.jobs import Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams, Task
from imagegate.errors import Conflict, InvalidRequest, NotFound, TaskNotSupported, UnknownModel
from imagegate.gateway import gateway_of
from imagegate.gateway.admission import Admission, admit


@dataclass
class Submitted:
    job: Job
    created: bool  # False when an Idempotency-Key replayed an earlier job


def resolve_model(svc: Services, model_id: str | None, task: Task | None = None) -> ModelSpec:
    if model_id is None:
        # The default model, or for a task it cannot do (e.g. upscale) the catalog's default for that task.
        model_id = (svc.catalog.default_for(task) if task is not None else None) or svc.catalog.default_id
        if model_id is None:
            raise InvalidRequest.for_field("model", "this server has no default model; name one")
    spec = svc.catalog.get(model_id)
    if spec is None:
        raise UnknownModel.for_field("model", f"unknown model '{model_id}'; GET /v1/models lists the available ones")
    return spec


def apply_defaults(spec: ModelSpec, request: AnyRequest) -> AnyRequest:
    """The effective request: the model named, and every omitted parameter set to the model's default."""
    updates: dict[str, Any] = {"model": spec.id}
    if isinstance(request, DiffusionParams):
        d = spec.defaults
        if request.width is None:
            updates["width"] = d.width
        if request.height is None:
            updates["height"] = d.height
        # Only parameters the model takes get defaults (a hosted model may have no steps at all).
        if request.num_inference_steps is None and spec.accepts("num_inference_steps"):
            updates["num_inference_steps"] = d.num_inference_steps
        if request.guidance_scale is None and spec.accepts("guidance_scale"):
            updates["guidance_scale"] = d.guidance_scale
        if request.scheduler is None and d.scheduler and spec.accepts("scheduler"):
            updates["scheduler"] = d.scheduler
        if request.negative_prompt is None and d.negative_prompt and spec.accepts("negative_prompt"):
            updates["negative_prompt"] = d.negative_prompt
    return request.model_copy(update=updates)


def check_limits(spec: ModelSpec, request: AnyRequest) -> None:
    if request.task not in spec.tasks:
        can = ", ".join(t.value for t in spec.tasks)
        raise TaskNotSupported.for_field(
            "task", f"model '{spec.id}' cannot do {request.task.value}; it supports: {can}"
        )
    if not isinstance(request, DiffusionParams):
        return
    lim = spec.limits
    assert request.width is not None and request.height is not None
    if request.width > lim.max_width:
        raise InvalidRequest.for_field("width", f"must be at most {lim.max_width} for model '{spec.id}'")
    if request.height > lim.max_height:
        raise InvalidRequest.for_field("height", f"must be at most {lim.max_height} for model '{spec.id}'")
    if lim.max_pixels and request.width * request.height > lim.max_pixels:
        raise InvalidRequest.for_field(
            "width", f"width×height must be at most {lim.max_pixels} pixels for model '{spec.id}'"
        )
    if request.num_images > lim.max_num_images:
        raise InvalidRequest.for_field("num_images", f"must be at most {lim.max_num_images} for model '{spec.id}'")
    if request.num_inference_steps is not None and request.num_inference_steps > lim.max_steps:
        raise InvalidRequest.for_field("num_inference_steps", f"must be at most {lim.max_steps} for model '{spec.id}'")


def request_hash(request: AnyRequest, options: dict[str, Any]) -> str:
    payload = {"request": request.model_dump(mode="json"), "options": options}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


async def submit(
    svc: Services,
    key: ApiKey,
    request: AnyRequest,
    *,
    response_format: str = "url",
    idempotency_key: str | None = None,
    options: SubmitOptions | None = None,
    job_id: str | None = None,
) -> Submitted:
    """Admit a request: validate it against the model, then pass it through the gateway (moderation,
    rate limits, replay, cache, quota and budget) into a durable job (with ``job_id`` if given)."""
    options = options or SubmitOptions()
    if idempotency_key is not None and not (1 <= len(idempotency_key) <= 255):
        raise InvalidRequest.for_field("Idempotency-Key", "must be 1 to 255 characters")
    fingerprint = request_hash(request, {"response_format": response_format, **options.fingerprint()})
    spec = resolve_model(svc, request.model, request.task)
    # Image inputs become blob: references (decoded and checked now, stored only once all checks pass).
    prepared = await prepare_inputs(svc.catalog, svc.engines, svc.image_inputs, spec, request)
    spec = prepared.spec
    effective = apply_defaults(spec, prepared.request)
    check_limits(spec, effective)
    svc.engines[spec.engine].validate(spec, effective)
    await prepared.store(svc.image_inputs)
    admission = Admission(key, spec, effective, response_format, idempotency_key, fingerprint, options, job_id)
    job, created = await admit(gateway_of(svc), admission)
    if created and not job.status.terminal:
        svc.events.publish(job.id, "queued", {"status": "queued"})
        svc.scheduler.wake()
    return Submitted(job, created)


async def get_job(svc: Services, key: ApiKey, job_id: str) -> Job:
    job = await svc.jobs.get(job_id, key_id=key.id)
    if job is None:
        raise NotFound(f"no job '{job_id}'", code="job_not_found")
    return job


async def wait_for(svc: Services, key: ApiKey, job: Job, seconds: float) -> Job:
    """Hold until the job ends or ``seconds`` pass. Woken by this process's events; polls the store
    as well, for jobs that another process runs."""
    deadline = time.monotonic() + seconds
    while not job.status.terminal:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        await svc.events.wait_done(job.id, min(remaining, svc.settings.poll_interval_s))
        ended = svc.events.final(job.id)  # the committed end of a job this process ran: no re-read
        job = ended if ended is not None and ended.key_id == key.id else await get_job(svc, key, job.id)
    return job


async def cancel_job(svc: Services, key: ApiKey, job_id: str) -> Job:
    job = await get_job(svc, key, job_id)
    if job.status in (JobStatus.succeeded, JobStatus.failed):
        raise Conflict(
            f"job '{job_id}' already {job.status.value}; only queued or running jobs can be canceled",
            code="job_not_cancelable",
            headers={"X-Should-Retry": "false"},  # 409 is retryable in general; this one never succeeds
        )
    if job.status is JobStatus.canceled:
        return job
    job = await svc.jobs.request_cancel(job_id, key.id) or job
    if job.status is JobStatus.canceled:
        svc.events.publish(job.id, "canceled", {"status": "canceled", "code": "canceled"})
        await svc.runner.notify_finished(job.id)
    else:
        svc.scheduler.cancel(job_id)  # running here: stop at the next step (else the heartbeat tells)
        job = await wait_for(svc, key, job, 2.0)
    return job


def encode_cursor(job: Job) -> str:
    raw = json.dumps([job.created_at.isoformat(), job.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, job_id = json.loads(raw)
        return datetime.fromisoformat(created), str(job_id)
    except (ValueError, TypeError, binascii.Error):
        raise InvalidRequest.for_field("cursor", "not a cursor returned by this API") from None


async def list_jobs(
    svc: Services, key: ApiKey, *, status: list[JobStatus] | None, limit: int, cursor: str | None
) -> tuple[list[Job], str | None]:
    before = decode_cursor(cursor) if cursor else None
    found = await svc.jobs.list_jobs(key.id, status=status, limit=limit + 1, before=before)
    page = found[:limit]
    next_cursor = encode_cursor(page[-1]) if len(found) > limit and page else None
    return page, next_cursor


async def eta(svc: Services, job: Job) -> tuple[int | None, float | None]:
    """(queue position, estimated seconds to completion) from recent compute times."""
    avg = svc.runner.stats.get(job.model_id)
    if job.status is JobStatus.queued:
        position = await svc.jobs.queue_position(job)
        return position, (position + 1) * avg if avg is not None else None
    if job.status is JobStatus.running and avg is not None:
        progress = svc.scheduler.progress(job.id)
        done = progress[0] / progress[1] if progress and progress[1] else 0.0
        return None, max(0.0, avg * (1 - done))
    return None, None


async def read_b64(svc: Services, digest: str) -> str:
    return base64.b64encode(await svc.blobs.get(digest)).decode()
