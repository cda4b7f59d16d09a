"""Job, image, terms and ledger rows ↔ domain values, in one place: every way a job is written
(admitted, ended, served from the cache) builds its rows here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, select

from imagegate.db.tables import images, job_gateway, jobs
from imagegate.domain.jobs import ImageRecord, Job, JobStatus, JobTerms
from imagegate.domain.policy import SafetyDecision

TERMS = "terms_"  # prefix of the terms columns in a job read together with its terms


@dataclass
class NewJob:
    key_id: str
    task: str
    model_id: str
    params: dict[str, Any]
    response_format: str = "url"
    timeout_s: float | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    id: str | None = None  # chosen by the caller when other rows must name the job before it exists


@dataclass
class UsageEntry:
    """A finished job's line in the usage ledger."""

    images: int
    megapixel_steps: float
    compute_s: float
    cost: float
    currency: str = "USD"


def job_row(job: Job, *, request_hash: str | None) -> dict[str, Any]:
    """The ``jobs`` row of a job as it stands (a new queued job, or one that ended at admission)."""
    return dict(
        id=job.id,
        key_id=job.key_id,
        status=job.status.value,
        task=job.task,
        model_id=job.model_id,
        params=job.params,
        response_format=job.response_format,
        idempotency_key=job.idempotency_key,
        request_hash=request_hash,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        attempts=job.attempts,
        lease_owner=job.lease_owner,
        lease_expires_at=job.lease_expires_at,
        cancel_requested=job.cancel_requested,
        timeout_s=job.timeout_s,
        progress_step=job.progress_step,
        progress_total=job.progress_total,
        error_code=job.error_code,
        error_message=job.error_message,
        result=job.result,
    )


def job_of(row: Mapping[Any, Any]) -> Job:
    """A job from its ``jobs`` row; with its terms when the row was read by ``with_terms``."""
    return Job(
        id=row["id"],
        key_id=row["key_id"],
        status=JobStatus(row["status"]),
        task=row["task"],
        model_id=row["model_id"],
        params=row["params"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        attempts=row["attempts"],
        progress_step=row["progress_step"],
        progress_total=row["progress_total"],
        cancel_requested=row["cancel_requested"],
        timeout_s=row["timeout_s"],
        error_code=row["error_code"],
        error_message=row["error_message"],
        result=row["result"] or {},
        response_format=row["response_format"],
        idempotency_key=row["idempotency_key"],
        lease_owner=row["lease_owner"],
        lease_expires_at=row["lease_expires_at"],
        terms=terms_of(row, prefix=TERMS) if TERMS + "job_id" in row else None,
    )


def image_row(image: ImageRecord, *, created_at: datetime) -> dict[str, Any]:
    return dict(
        id=image.id,
        job_id=image.job_id,
        key_id=image.key_id,
        index=image.index,
        digest=image.digest,
        content_type=image.content_type,
        width=image.width,
        height=image.height,
        seed=image.seed,
        size_bytes=image.size_bytes,
        nsfw_content_detected=image.nsfw_content_detected,
        created_at=created_at,
    )


def image_of(row: Mapping[Any, Any]) -> ImageRecord:
    return ImageRecord(
        id=row["id"],
        job_id=row["job_id"],
        key_id=row["key_id"],
        index=row["index"],
        digest=row["digest"],
        content_type=row["content_type"],
        width=row["width"],
        height=row["height"],
        seed=row["seed"],
        size_bytes=row["size_bytes"],
        nsfw_content_detected=row["nsfw_content_detected"],
        created_at=row["created_at"],
    )


def terms_row(job: Job, terms: JobTerms, *, now: datetime, finalized: bool = False) -> dict[str, Any]:
    """The ``job_gateway`` row of a job's terms; ``finalized`` for a job that is settled as it is
    written (a cache hit)."""
    return dict(
        job_id=job.id,
        key_id=job.key_id,
        model_id=job.model_id,
        cache_key=terms.cache_key,
        webhook=terms.webhook,
        webhook_events=sorted(terms.webhook_events) if terms.webhook else None,
        track_id=terms.track_id,
        safety=terms.safety.to_json(),
        reservations=list(terms.reservations),
        created_at=now,
        finalized_at=now if finalized else None,
    )


def terms_of(row: Mapping[Any, Any], *, prefix: str = "") -> JobTerms | None:
    """A job's terms from its ``job_gateway`` row (columns named ``prefix`` + name); None if absent."""
    if row[prefix + "job_id"] is None:
        return None
    return JobTerms(
        safety=SafetyDecision.from_json(row[prefix + "safety"]),
        webhook=row[prefix + "webhook"],
        webhook_events=frozenset(row[prefix + "webhook_events"] or ()),
        track_id=row[prefix + "track_id"],
        cache_key=row[prefix + "cache_key"],
        reservations=tuple(row[prefix + "reservations"] or ()),
    )


def ledger_row(
    job: Job, status: JobStatus, usage: UsageEntry, *, now: datetime, cached: bool = False
) -> dict[str, Any]:
    """One ``usage_ledger`` row per finished job."""
    return dict(
        job_id=job.id,
        key_id=job.key_id,
        model_id=job.model_id,
        task=job.task,
        status=status.value,
        images=usage.images,
        megapixel_steps=usage.megapixel_steps,
        compute_s=usage.compute_s,
        cost=usage.cost,
        currency=usage.currency,
        created_at=now,
        cached=cached,
    )


@cache
def with_terms() -> Select[Any]:
    """Jobs joined with their terms (``terms_``-prefixed columns; null for a job without terms)."""
    return select(*jobs.c, *(c.label(TERMS + c.name) for c in job_gateway.c)).select_from(
        jobs.outerjoin(job_gateway, job_gateway.c.job_id == jobs.c.id)
    )


def images_of(job_ids: list[str]) -> Select[Any]:
    return select(images).where(images.c.job_id.in_(job_ids)).order_by(images.c.job_id, images.c.index)
