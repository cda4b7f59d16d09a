"""Result-cache entries are written inside the job's final transaction: an unexpired entry stands,
an expired one is replaced, and a conflict never fails the transaction it is part of."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from imagegate.admission.cache import ResultCache
from imagegate.db import Database
from imagegate.domain.jobs import ImageRecord, Job, JobStatus


def _job(job_id: str, digest: str) -> Job:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    image = ImageRecord(
        id=f"img_{job_id}", job_id=job_id, key_id="key_a", index=0, digest=digest, content_type="image/png",
        width=64, height=64, seed=7, size_bytes=100,
    )  # fmt: skip
    return Job(
        id=job_id, key_id="key_a", status=JobStatus.succeeded, task="txt2img", model_id="m", params={},
        created_at=now, result={"seeds": [7], "info": {}, "currency": "USD"}, images=[image],
    )  # fmt: skip


@pytest.fixture
async def cache(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await db.migrate()
    yield ResultCache(db, ttl_s=60)
    await db.dispose()


async def test_an_unexpired_entry_stands_and_an_expired_one_is_replaced(cache: ResultCache) -> None:
    start = datetime.now(UTC)
    await cache.db.run(lambda conn: cache.store_in(conn, "k" * 64, _job("job_first", "a" * 64), start), write=True)
    # An identical job finishing while the entry is fresh: no error, the first entry stands.
    later = start + timedelta(seconds=30)
    await cache.db.run(lambda conn: cache.store_in(conn, "k" * 64, _job("job_second", "b" * 64), later), write=True)
    entry = await ResultCache(cache.db, ttl_s=60).lookup("k" * 64, later)
    assert entry is not None and entry.source_job_id == "job_first" and entry.images[0]["digest"] == "a" * 64
    # After it expired, the next one replaces it.
    much_later = start + timedelta(seconds=120)
    await cache.db.run(lambda conn: cache.store_in(conn, "k" * 64, _job("job_third", "c" * 64), much_later), write=True)
    entry = await ResultCache(cache.db, ttl_s=60).lookup("k" * 64, much_later)
    assert entry is not None and entry.source_job_id == "job_third" and entry.images[0]["digest"] == "c" * 64
    assert await ResultCache(cache.db, ttl_s=60).lookup("x" * 64, much_later) is None
