"""Job handlers, shared by every surface: reading, listing, canceling and waiting (a request
becomes a job through ``svc.admission.admit``). Surfaces translate their wire format into these
calls and render the Job."""

from __future__ import annotations

import base64
import binascii
import json
import time
from datetime import datetime

from imagegate.admission.keys import ApiKey
from imagegate.domain.jobs import Job, JobStatus
from imagegate.errors import Conflict, InvalidRequest, NotFound
from imagegate.services import Services


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
    job = await svc.jobs.request_cancel(job_id, key.id) or job  # a queued job ends (and is settled) here
    if job.status is JobStatus.canceled:
        svc.events.publish(job.id, "canceled", {"status": "canceled", "code": "canceled"})
    else:
        # Running here: stop at the next step; elsewhere: its worker hears it from the relay (or, if
        # that message is lost, from its next heartbeat).
        svc.bridge.cancel(job_id)
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
