"""Turning domain objects into native wire models (URLs, progress and ETA filled in)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from imagegate.admission.keys import ApiKey
from imagegate.api.common.jobs import eta, read_b64
from imagegate.api.common.urls import signed_url
from imagegate.api.native.wire import (
    ImageMeta,
    ImageOut,
    JobError,
    JobLinks,
    JobOut,
    KeyOut,
    ModelOut,
    Progress,
    TargetAttempt,
    Timings,
)
from imagegate.catalog import EntryKind
from imagegate.domain.jobs import ImageRecord, Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import Task
from imagegate.services import Services


async def image_out(svc: Services, base: str, image: ImageRecord, *, b64: bool, kind: str = "image") -> ImageOut:
    url, expires = signed_url(svc, base, image.id)
    return ImageOut(
        id=image.id,
        url=url,
        url_expires_at=expires,
        b64_json=await read_b64(svc, image.digest) if b64 else None,
        content_type=image.content_type,
        width=image.width,
        height=image.height,
        seed=image.seed,
        nsfw_content_detected=image.nsfw_content_detected,
        kind="control" if kind == "control" else "image",
    )


async def image_meta(svc: Services, base: str, image: ImageRecord) -> ImageMeta:
    out = await image_out(svc, base, image, b64=False)
    return ImageMeta(**out.model_dump(), job_id=image.job_id, created_at=image.created_at)


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return round((end - start).total_seconds(), 4) if start and end else None


async def job_out(svc: Services, job: Job, base: str, *, b64: bool | None = None) -> JobOut:
    include_b64 = job.response_format == "b64_json" if b64 is None else b64
    step, total = job.progress_step, job.progress_total
    live = svc.scheduler.progress(job.id)
    if live is not None:
        step, total = live
    if job.status is JobStatus.succeeded:
        total = total or int(job.params.get("num_inference_steps") or 0)
        step = total
    position, eta_s = await eta(svc, job)
    result: dict[str, Any] = job.result or {}
    info = result.get("info", {})
    return JobOut(
        id=job.id,
        status=job.status,
        task=Task(job.task),
        model=job.model_id,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        queue_position=position,
        eta_s=round(eta_s, 3) if eta_s is not None else None,
        progress=Progress(step=step, total=total, fraction=round(step / total, 4) if total else 0.0),
        params=job.params,
        images=[await image_out(svc, base, img, b64=include_b64, kind=_kind(result, img.index)) for img in job.images],
        seeds=[s for s in result.get("seeds", []) if s is not None],
        error=job_error(job),
        warnings=list(info.get("warnings", [])),
        info=info,
        cost=result.get("cost"),
        currency=result.get("currency"),
        cached=bool(result.get("cached", False)),
        track_id=job.track_id,
        timings=Timings(
            queue_s=_seconds(job.created_at, job.started_at),
            compute_s=result.get("compute_s"),
            total_s=_seconds(job.created_at, job.finished_at),
        ),
        attempts=job.attempts,
        links=JobLinks(
            self=f"{base}/v1/jobs/{job.id}",
            events=f"{base}/v1/jobs/{job.id}/events",
            cancel=f"{base}/v1/jobs/{job.id}",
        ),
        served_by=info.get("served_by") or (job.model_id if job.status is JobStatus.succeeded else None),
        routing=[TargetAttempt(**a) for a in info.get("attempts", []) if isinstance(a, dict)],
    )


def job_error(job: Job) -> JobError | None:
    if not job.error_code:
        return None
    details = (job.result or {}).get("error") or {}
    return JobError(
        code=job.error_code,
        message=job.error_message or "",
        status=details.get("status"),
        retry_after=details.get("retry_after"),
        provider=details.get("provider"),
    )


def _kind(result: dict[str, Any], index: int) -> str:
    kinds = result.get("kinds") or []
    return str(kinds[index]) if index < len(kinds) else "image"


def model_out(svc: Services, spec: ModelSpec) -> ModelOut:
    described = svc.engines[spec.engine].describe(spec)
    return ModelOut(
        id=spec.id,
        created=spec.created,
        owned_by=spec.owned_by,
        name=spec.name or spec.id,
        description=spec.description,
        engine=spec.engine,
        family=described.get("family"),
        tasks=spec.tasks,
        defaults=spec.defaults.model_dump(),
        limits=spec.limits.model_dump(),
        price=spec.price.model_dump(),
        license=spec.license,
        commercial_use=spec.commercial_use,
        tags=spec.tags,
        loaded=bool(described.get("loaded")),
        max_batch_size=described.get("max_batch_size"),
        schedulers=described.get("schedulers"),
        default=spec.id == svc.catalog.default_id,
        kind=described.get("kind", "local"),
        capabilities=described.get("capabilities"),
        provider=described.get("provider"),
        route=described.get("route"),
        aliases=svc.catalog.aliases_of(spec.id),
        size_policy=spec.size_policy,
        managed=svc.live_catalog.entry(EntryKind.model, spec.id) is not None,
    )


def key_out(key: ApiKey) -> KeyOut:
    return KeyOut(
        id=key.id,
        name=key.name,
        prefix=key.prefix,
        scopes=list(key.scopes),
        created_at=key.created_at,
        revoked_at=key.revoked_at,
    )
