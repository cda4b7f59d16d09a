"""A job whose compute goes away under it (a Ray replica that dies: ``JobInterrupted("lost")``) goes
back to the queue and runs again, up to ``max_attempts``; then it fails, once, with one ledger row.
The real end to end, with a replica killed, is tests/e2e/test_ray_executor.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import func, select

from imagegate.admission.keys import KeyStore, Scope
from imagegate.config import Catalog
from imagegate.db import Database
from imagegate.db.tables import usage_ledger
from imagegate.domain.jobs import EngineResult, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.errors import JobInterrupted
from imagegate.jobs.events import JobEvents
from imagegate.jobs.runner import JobRunner
from imagegate.jobs.store import JobStore, NewJob
from imagegate.storage.blobs import LocalBlobStore
from tests.support.bookkeeping import books


class VanishingCompute(Engine):
    """Compute that is lost under every job, as a replica killed mid-job is to its dispatcher."""

    name = "diffusers"
    kind: ClassVar[EngineKind] = "compute"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img})
    runs = 0

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        self.runs += 1
        raise JobInterrupted("lost", "the Ray replica running this job stopped")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'jobs.db'}")
    await database.migrate()
    yield database
    await database.dispose()


async def test_a_job_whose_compute_is_lost_runs_again_then_fails_once(db: Database, tmp_path: Path) -> None:
    key, _ = await KeyStore(db).create("worker", [Scope.generate])
    spec = ModelSpec.model_validate({"id": "tiny", "source": str(tmp_path), "defaults": {"width": 64, "height": 64}})
    catalog = Catalog(models={spec.id: spec}, default_id=spec.id)
    engine = VanishingCompute()
    store = JobStore(db, lifecycle=books(db).bookkeeper, max_attempts=3)
    runner = JobRunner(
        store=store,
        catalog=catalog,
        engines={"diffusers": engine},
        blobs=LocalBlobStore(tmp_path / "blobs"),
        events=JobEvents(),
        lifecycle=books(db).bookkeeper,
        worker="worker-1",
    )
    params = {"task": "txt2img", "prompt": "a red circle", "model": spec.id, "width": 64, "height": 64, "seed": 7}
    queued, _ = await store.create(NewJob(key_id=key.id, task="txt2img", model_id=spec.id, params=params))
    statuses = []
    try:
        for attempt in (1, 2, 3):
            claimed = await store.claim("worker-1", lease_s=30)
            assert claimed is not None and claimed.id == queued.id and claimed.attempts == attempt
            await runner.run(claimed, RunContext(claimed.id), release=lambda: None)
            job = await store.get(queued.id)
            assert job is not None
            statuses.append(job.status)
        await runner.drain()
    finally:
        runner.shutdown()
    assert statuses == [JobStatus.queued, JobStatus.queued, JobStatus.failed]
    assert engine.runs == 3 and await store.claim("worker-1", lease_s=30) is None
    job = await store.get(queued.id)
    assert job is not None and job.error_code == "lost"
    async with db.connect() as conn:
        rows = await conn.scalar(select(func.count()).select_from(usage_ledger).where(usage_ledger.c.job_id == job.id))
    assert rows == 1
