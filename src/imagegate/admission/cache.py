"""The result cache: a repeated request with an explicit seed is answered with the images made the
first time, at once and at no cost.

The key is a hash of the normalised request: the model, everything about it that changes pixels
(catalog version, source, revision, variant, dtype, extra call arguments), every effective
parameter (defaults filled in), the seed, and the safety treatment the images got. Requests without
a seed are never cached (the caller asked for something new), nor are ones that name inputs by URL
(what a URL serves can change).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from imagegate.db import Database
from imagegate.db.tables import images, job_gateway, jobs, result_cache
from imagegate.domain.jobs import Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams

_IMAGE_FIELDS = ("init_image", "mask_image", "control_image", "image")


def cache_key(spec: ModelSpec, request: AnyRequest, *, safety: dict[str, Any], scope: str) -> str | None:
    """The cache key of an effective request, or None when it must not be cached."""
    if not isinstance(request, DiffusionParams) or request.seed is None:
        return None
    for name in _IMAGE_FIELDS:
        value = getattr(request, name, None)
        if isinstance(value, str) and value.lstrip()[:8].lower().startswith(("http://", "https://")):
            return None
    payload = {
        "model": {
            "id": spec.id,
            "version": spec.version,
            "engine": spec.engine,
            "source": spec.source,
            "config": spec.config,
            "revision": spec.revision,
            "variant": spec.variant,
            "dtype": spec.dtype,
            "call_kwargs": spec.call_kwargs,
        },
        "params": request.model_dump(mode="json", exclude={"model"}),
        "safety": safety,
        "scope": scope,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class CachedResult:
    key: str
    source_job_id: str
    images: list[dict[str, Any]]  # digest, content_type, width, height, seed, size_bytes, nsfw_content_detected
    result: dict[str, Any]  # seeds, info, currency


class ResultCache:
    """Entries live in the database (shared by every process); hits are also kept in a small
    in-process LRU, since an entry never changes once written (only expires)."""

    def __init__(self, db: Database, *, ttl_s: int, memory_entries: int = 4096):
        self.db = db
        self.ttl_s = ttl_s
        self.memory_entries = memory_entries
        self._memory: OrderedDict[str, tuple[datetime, CachedResult]] = OrderedDict()

    async def lookup(self, key: str, now: datetime) -> CachedResult | None:
        remembered = self._memory.get(key)
        if remembered is not None:
            if remembered[0] > now:
                self._memory.move_to_end(key)
                return remembered[1]
            del self._memory[key]
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(result_cache).where(result_cache.c.cache_key == key))).mappings().first()
            if row is not None and row["expires_at"] > now:
                entry = CachedResult(key, row["source_job_id"], row["images"], row["result"])
                self._remember(entry, row["expires_at"])
                return entry
            return await self._recent_job(conn, key, now)

    def _remember(self, entry: CachedResult, expires_at: datetime) -> None:
        self._memory[entry.key] = (expires_at, entry)
        if len(self._memory) > self.memory_entries:
            self._memory.popitem(last=False)

    async def _recent_job(self, conn: AsyncConnection, key: str, now: datetime) -> CachedResult | None:
        """A job with this key that has succeeded but whose entry is not written yet: the entry is
        written by the job's finished hook, a moment after the job is visible as succeeded, and a
        client that repeats its request at once must already get the cached answer."""
        found = (
            await conn.execute(
                select(jobs.c.id, jobs.c.result)
                .select_from(job_gateway.join(jobs, jobs.c.id == job_gateway.c.job_id))
                .where(
                    job_gateway.c.cache_key == key,
                    jobs.c.status == JobStatus.succeeded.value,
                    jobs.c.finished_at > now - timedelta(seconds=self.ttl_s),
                )
                .order_by(jobs.c.finished_at.desc())
                .limit(1)
            )
        ).first()
        if found is None:
            return None
        rows = (
            await conn.execute(select(images).where(images.c.job_id == found.id).order_by(images.c.index))
        ).mappings()
        entry = [
            {name: r[name] for name in ("digest", "content_type", "width", "height", "seed", "size_bytes")}
            | {"nsfw_content_detected": r["nsfw_content_detected"]}
            for r in rows
        ]
        if not entry:
            return None
        result = {k: found.result[k] for k in ("seeds", "info", "currency") if k in (found.result or {})}
        return CachedResult(key, found.id, entry, result)

    async def store(self, key: str, job: Job, now: datetime) -> bool:
        """Remember a succeeded job's images under ``key`` (an expired entry is replaced)."""
        if not job.images:
            return False
        stored = [
            {
                "digest": i.digest,
                "content_type": i.content_type,
                "width": i.width,
                "height": i.height,
                "seed": i.seed,
                "size_bytes": i.size_bytes,
                "nsfw_content_detected": i.nsfw_content_detected,
            }
            for i in job.images
        ]
        result = {k: job.result[k] for k in ("seeds", "info", "currency") if k in job.result}
        values = dict(
            cache_key=key,
            model_id=job.model_id,
            source_job_id=job.id,
            images=stored,
            result=result,
            created_at=now,
            expires_at=now + timedelta(seconds=self.ttl_s),
        )
        try:
            async with self.db.connect() as conn:
                await conn.execute(
                    delete(result_cache).where(result_cache.c.cache_key == key, result_cache.c.expires_at <= now)
                )
                await conn.execute(insert(result_cache).values(**values))
        except IntegrityError:
            return False  # an identical job finished first; its entry stands
        return True
