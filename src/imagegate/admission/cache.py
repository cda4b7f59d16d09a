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
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from imagegate.db import Database
from imagegate.db.tables import result_cache
from imagegate.domain.jobs import Job
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
        query = select(result_cache).where(result_cache.c.cache_key == key)
        row = await self.db.run(lambda conn: conn.execute(query).mappings().first())
        if row is not None and row["expires_at"] > now:
            entry = CachedResult(key, row["source_job_id"], row["images"], row["result"])
            self._remember(entry, row["expires_at"])
            return entry
        return None

    def _remember(self, entry: CachedResult, expires_at: datetime) -> None:
        self._memory[entry.key] = (expires_at, entry)
        if len(self._memory) > self.memory_entries:
            self._memory.popitem(last=False)

    def store_in(self, conn: Connection, key: str, job: Job, now: datetime) -> None:
        """Remember a succeeded job's images under ``key``, inside the transaction that records the
        job's success (so a client repeating its request the moment it sees the job done gets the
        cached answer). An unexpired entry stands (an identical job finished first); an expired
        one is replaced. An upsert, not insert-or-fail: a failure here would undo the job's end."""
        if not job.images:
            return
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
        conn.execute(_upsert(self.db.is_sqlite), {**values, "stored_now": now})


@cache
def _upsert(on_sqlite: bool) -> Any:
    """Insert an entry, replacing only an expired one. ON CONFLICT … DO UPDATE … WHERE is the same on
    SQLite and PostgreSQL; SQLAlchemy spells it per dialect. Built once: the values are parameters."""
    upsert = sqlite.insert(result_cache) if on_sqlite else postgresql.insert(result_cache)
    return upsert.on_conflict_do_update(
        index_elements=[result_cache.c.cache_key],
        set_={c.name: upsert.excluded[c.name] for c in result_cache.c if c.name != "cache_key"},
        where=result_cache.c.expires_at <= bindparam("stored_now", type_=result_cache.c.expires_at.type),
    )
