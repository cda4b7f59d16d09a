"""A job claimed and run by a ``JobRunner`` built from its collaborators alone — no HTTP app and no
``Services``: what a worker process does. Real parts throughout: the diffusers engine on a tiny
pipeline, the NSFW check, the blob store, and the bookkeeping that settles the job's reservations
and queues its webhook in the transaction that ends it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Connection

from imagegate.admission.allowance import ACTIVE, ACTIVE_PERIOD, Item
from imagegate.admission.keys import KeyStore, Scope
from imagegate.config import Catalog
from imagegate.db import Database
from imagegate.db.tables import job_gateway, usage_ledger
from imagegate.domain.jobs import Job, JobStatus, JobTerms
from imagegate.domain.models import ModelSpec
from imagegate.domain.policy import SafetyDecision
from imagegate.engines.base import RunContext
from imagegate.engines.diffusers import DiffusersEngine
from imagegate.executors.local import LocalExecutor
from imagegate.jobs.events import JobEvents
from imagegate.jobs.runner import JobRunner
from imagegate.jobs.store import JobStore, NewJob
from imagegate.safety import ImageSafety, NsfwClassifier
from imagegate.storage.blobs import LocalBlobStore
from tests.support.bookkeeping import books


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'worker.db'}")
    await database.migrate()
    yield database
    await database.dispose()


async def test_a_runner_built_without_the_app_claims_runs_and_settles_a_job(
    db: Database, tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    key, _ = await KeyStore(db).create("worker", [Scope.generate])
    spec = ModelSpec.model_validate(
        {"id": "tiny-sd1", "source": str(tiny_models["sd1"]), "defaults": {"width": 64, "height": 64}}
    )
    catalog = Catalog(models={spec.id: spec}, default_id=spec.id)
    executor = LocalExecutor(torch_threads=1)
    blobs = LocalBlobStore(tmp_path / "blobs")
    engine = DiffusersEngine(executor=executor, device="cpu", blobs=blobs)
    engine.bind(catalog, {"diffusers": engine})
    await engine.start()
    kept = books(db)
    bookkeeper, allowance, outbox, woken = kept.bookkeeper, kept.allowance, kept.outbox, kept.woken
    store = JobStore(db, lifecycle=bookkeeper)
    classifier = NsfwClassifier()
    classifier.load()
    runner = JobRunner(
        store=store,
        catalog=catalog,
        engines={"diffusers": engine},
        blobs=blobs,
        events=JobEvents(),
        lifecycle=bookkeeper,
        worker="worker-1",
        image_check=ImageSafety(classifier, SafetyDecision(enabled=True)),
    )

    # Admitted elsewhere: the job, its terms and its active-job reservation, in one transaction.
    slot = Item(ACTIVE_PERIOD, ACTIVE, 1, 5)
    terms = JobTerms(
        safety=SafetyDecision(enabled=True),
        webhook="http://127.0.0.1:9/hook",
        webhook_events=frozenset({"succeeded"}),
        track_id="order-17",
        reservations=(slot.to_json(),),
    )
    params = {"task": "txt2img", "prompt": "a red circle", "model": spec.id, "width": 64, "height": 64, "seed": 7}
    params |= {"num_inference_steps": 2, "guidance_scale": 5.0}
    new = NewJob(key_id=key.id, task="txt2img", model_id=spec.id, params=params)
    await allowance.ensure(key.id, [slot])

    def admit(conn: Connection) -> Job:
        allowance.reserve_in(conn, key.id, [slot])
        return store.insert_in(conn, new, terms)

    queued = await db.run(admit, write=True)
    assert (await allowance.read(key.id, [(ACTIVE_PERIOD, ACTIVE)]))[(ACTIVE_PERIOD, ACTIVE)].reserved == 1

    try:
        claimed = await store.claim("worker-1", lease_s=30)
        assert claimed is not None and claimed.id == queued.id
        assert claimed.terms == terms  # the claim brings what the run needs: nothing is looked up later
        await runner.run(claimed, RunContext(claimed.id), release=lambda: None)
        await runner.drain()
    finally:
        runner.shutdown()
        await engine.close()
        executor.shutdown()

    done = await store.get(claimed.id)
    assert done is not None and done.status is JobStatus.succeeded, done and done.error_message
    assert len(done.images) == 1 and (done.images[0].width, done.images[0].height) == (64, 64)
    assert await blobs.exists(done.images[0].digest)
    assert "nsfw_scores" in done.result["info"]  # the image check ran
    assert done.track_id == "order-17"
    # Settled with its end: the slot handed back, the webhook queued, the ledger written, once.
    assert (await allowance.read(key.id, [(ACTIVE_PERIOD, ACTIVE)]))[(ACTIVE_PERIOD, ACTIVE)].reserved == 0
    messages = await outbox.list_messages(key.id, job_id=done.id)
    assert [m.event for m in messages] == ["job.succeeded"] and '"track_id":"order-17"' in messages[0].body
    async with db.engine.connect() as conn:
        ledger = (await conn.execute(select(usage_ledger).where(usage_ledger.c.job_id == done.id))).all()
        finalized = (await conn.execute(select(job_gateway.c.finalized_at))).scalar_one()
    assert len(ledger) == 1 and finalized is not None
    assert woken == ["delivery"]
    assert await store.unsettled(older_than_s=0) == []
