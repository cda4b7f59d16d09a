"""Webhook bodies, Standard Webhooks style: ``{"type", "timestamp", "data"}``. Thin: images are
signed URLs (valid for ``webhook_url_ttl_s``, long enough for the whole retry window), never bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from imagegate.domain.jobs import Job
from imagegate.storage.signing import UrlSigner


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def job_event(event: str, job: Job, *, base_url: str, signer: UrlSigner, track_id: str | None, now: datetime) -> str:
    images = []
    for image in job.images:
        expires, signature = signer.sign(image.id)
        images.append(
            {
                "id": image.id,
                "url": f"{base_url}/v1/images/{image.id}/content?expires={expires}&signature={signature}",
                "url_expires_at": _iso(datetime.fromtimestamp(expires, UTC)),
                "content_type": image.content_type,
                "width": image.width,
                "height": image.height,
                "seed": image.seed,
                "nsfw_content_detected": image.nsfw_content_detected,
            }
        )
    result: dict[str, Any] = job.result or {}
    data = {
        "id": job.id,
        "object": "job",
        "status": job.status.value if event != "started" else "running",
        "task": job.task,
        "model": job.model_id,
        "track_id": track_id,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at) if event != "started" else None,
        "images": images,
        "seeds": result.get("seeds", []),
        "cost": result.get("cost"),
        "currency": result.get("currency"),
        "cached": bool(result.get("cached", False)),
        "error": {"code": job.error_code, "message": job.error_message} if job.error_code else None,
        "links": {"self": f"{base_url}/v1/jobs/{job.id}"},
    }
    return dump({"type": f"job.{event}", "timestamp": _iso(now), "data": data})


def budget_alert(
    *, key_id: str, period: str, threshold: int, spent: float, budget: float, currency: str, now: datetime
) -> str:
    data = {
        "key_id": key_id,
        "period": period,
        "threshold_percent": threshold,
        "spent": spent,
        "budget": budget,
        "currency": currency,
    }
    return dump({"type": "budget.alert", "timestamp": _iso(now), "data": data})


def dump(payload: dict[str, Any]) -> str:
    """A body as stored in the outbox and signed: compact JSON, UTF-8 kept as is."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
