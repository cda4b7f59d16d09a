"""JobStore on real SQLite and PostgreSQL databases: claims, leases, recovery, fairness, idempotency, cancel."""

from __future__ import annotations

import asyncio

import pytest

from imagegate.admission.keys import KeyStore, Scope
from imagegate.db import Database
from imagegate.domain.jobs import ImageRecord, Job, JobStatus, JobTerms
from imagegate.domain.policy import SafetyDecision
from imagegate.errors import IdempotencyMismatch
from imagegate.jobs.store import JobStore, NewJob, UsageEntry

PARAMS = {"task": "txt2img", "prompt": "a red circle", "model": "m1"}


@pytest.fixture
def db(portable_db: Database) -> Database:
    """The same tests on SQLite and on a real PostgreSQL: the store's SQL is portable."""
    return portable_db


@pytest.fixture
async def keys(db: Database) -> list[str]:
    store = KeyStore(db)
    return [(await store.create(f"k{i}", [Scope.generate]))[0].id for i in range(3)]


def new(key_id: str, model: str = "m1", **kw: object) -> NewJob:
    return NewJob(key_id=key_id, task="txt2img", model_id=model, params={**PARAMS, "model": model}, **kw)  # type: ignore[arg-type]


async def test_claim_is_fair_between_keys(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    for _ in range(5):
        await store.create(new(keys[0]))
    late, _ = await store.create(new(keys[1]))
    first = await store.claim("w", lease_s=30)
    second = await store.claim("w", lease_s=30)
    assert first is not None and second is not None
    assert first.key_id == keys[0]
    # The other key's single job goes next, ahead of the first key's four older ones.
    assert second.id == late.id


async def test_claim_prefers_loaded_models_within_a_round(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    await store.create(new(keys[0], model="m1"))
    wanted, _ = await store.create(new(keys[1], model="m2"))
    claimed = await store.claim("w", lease_s=30, prefer=["m2"])
    assert claimed is not None and claimed.id == wanted.id


async def test_claim_restricted_to_models(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    await store.create(new(keys[0], model="remote"))
    assert await store.claim("w", lease_s=30, models=["local"]) is None
    assert await store.claim("w", lease_s=30, models=[]) is None
    assert await store.claim("w", lease_s=30, models=["remote"]) is not None


async def test_concurrent_claims_never_share_a_job(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    for i in range(20):
        await store.create(new(keys[i % 3]))
    claimed = await asyncio.gather(*(store.claim(f"w{i}", lease_s=30) for i in range(30)))
    ids = [job.id for job in claimed if job is not None]
    assert len(ids) == 20 and len(set(ids)) == 20


async def test_expired_lease_is_requeued_and_stale_worker_cannot_finish(db: Database, keys: list[str]) -> None:
    store = JobStore(db, max_attempts=3)
    job, _ = await store.create(new(keys[0]))
    claimed = await store.claim("dead", lease_s=0.01)
    assert claimed is not None and claimed.id == job.id
    await asyncio.sleep(0.05)
    requeued, failed = await store.recover("other")
    assert requeued == [job.id] and failed == []
    again = await store.claim("alive", lease_s=30)
    assert again is not None and again.id == job.id and again.attempts == 2
    usage = UsageEntry(images=0, megapixel_steps=0, compute_s=0, cost=0)
    assert not await store.succeed(job.id, "dead", image_rows=[], result={}, usage=usage)
    assert await store.succeed(job.id, "alive", image_rows=[], result={"ok": True}, usage=usage)
    done = await store.get(job.id)
    assert done is not None and done.status is JobStatus.succeeded and done.result == {"ok": True}


class BrokenBookkeeping:
    """A job lifecycle whose settlement fails."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def started(self, job: Job) -> None:
        pass

    def settle(self, conn: object, job: Job) -> None:
        self.seen.append(job.id)
        raise RuntimeError("bookkeeping bug")

    async def finished(self, job: Job) -> None:
        pass


async def test_failing_bookkeeping_does_not_undo_a_jobs_end(db: Database, keys: list[str]) -> None:
    """The settlement commits with the job's end; if it fails, the job still ends (without it)."""
    lifecycle = BrokenBookkeeping()
    store = JobStore(db, lifecycle=lifecycle)
    seen = lifecycle.seen
    job, _ = await store.create(new(keys[0]), JobTerms(safety=SafetyDecision(enabled=False)))
    assert await store.claim("w", lease_s=30) is not None
    usage = UsageEntry(images=0, megapixel_steps=0, compute_s=0, cost=0)
    ended = await store.succeed(job.id, "w", image_rows=[], result={"ok": True}, usage=usage)
    assert ended is not None and ended.status is JobStatus.succeeded and seen == [job.id]
    stored = await store.get(job.id)
    assert stored is not None and stored.status is JobStatus.succeeded and stored.result == {"ok": True}


async def test_restart_requeues_own_jobs_at_once(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    job, _ = await store.create(new(keys[0]))
    await store.claim("me", lease_s=300)
    assert await store.recover("me") == ([], [])  # lease still valid, not restarted
    assert await store.recover("me", restarted=True) == ([job.id], [])


async def test_job_that_keeps_killing_workers_fails(db: Database, keys: list[str]) -> None:
    store = JobStore(db, max_attempts=2)
    job, _ = await store.create(new(keys[0]))
    for _ in range(2):
        await store.claim("w", lease_s=30)
        await store.recover("w", restarted=True)
    final = await store.get(job.id)
    assert final is not None and final.status is JobStatus.failed and final.error_code == "worker_lost"


async def test_idempotency_replays_and_rejects_changed_body(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    first, created = await store.create(new(keys[0], idempotency_key="abc", request_hash="h1"))
    again, created_again = await store.create(new(keys[0], idempotency_key="abc", request_hash="h1"))
    assert created and not created_again and again.id == first.id
    with pytest.raises(IdempotencyMismatch):
        await store.create(new(keys[0], idempotency_key="abc", request_hash="h2"))
    other, created_other = await store.create(new(keys[1], idempotency_key="abc", request_hash="h1"))
    assert created_other and other.id != first.id  # keys are scoped per API key


async def test_concurrent_idempotent_creates_make_one_job(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    results = await asyncio.gather(
        *(store.create(new(keys[0], idempotency_key="same", request_hash="h")) for _ in range(10))
    )
    assert len({job.id for job, _ in results}) == 1
    assert sum(created for _, created in results) == 1


async def test_cancel_queued_and_running(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    queued, _ = await store.create(new(keys[0]))
    running, _ = await store.create(new(keys[0]))
    await store.claim("w", lease_s=30)  # takes the older one: `queued`
    canceled = await store.request_cancel(running.id, keys[0])
    assert canceled is not None and canceled.status is JobStatus.canceled
    flagged = await store.request_cancel(queued.id, keys[0])
    assert flagged is not None and flagged.status is JobStatus.running and flagged.cancel_requested
    stop = await store.heartbeat("w", {queued.id: (3, 10)}, lease_s=30)
    assert stop == {queued.id}
    assert await store.request_cancel(queued.id, keys[1]) is None  # another key sees nothing


async def test_list_pages_newest_first(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    made = [(await store.create(new(keys[0])))[0].id for _ in range(5)]
    page = await store.list_jobs(keys[0], limit=2)
    assert [j.id for j in page] == made[::-1][:2]
    rest = await store.list_jobs(keys[0], limit=10, before=(page[-1].created_at, page[-1].id))
    assert [j.id for j in rest] == made[::-1][2:]
    assert await store.list_jobs(keys[1]) == []


async def test_a_keys_images_page_by_page_newest_job_first(db: Database, keys: list[str]) -> None:
    store = JobStore(db)
    usage = UsageEntry(images=2, megapixel_steps=0, compute_s=0, cost=0)
    made: list[list[str]] = []
    for n in range(3):
        job, _ = await store.create(new(keys[0]))
        assert await store.claim("w", lease_s=30) is not None
        rows = [
            ImageRecord(f"img_{n}_{i}", job.id, keys[0], i, f"{n}{i}".ljust(64, "0"), "image/png", 8, 8, i, 10)
            for i in range(2)
        ]
        assert await store.succeed(job.id, "w", image_rows=rows, result={}, usage=usage) is not None
        made.append([r.id for r in rows])
    other, _ = await store.create(new(keys[1]))  # another key's job: never listed for the first
    expected = [i for job_images in made[::-1] for i in job_images]
    seen, before = [], None
    while True:
        page = await store.list_images(keys[0], limit=4, before=before)
        seen += [image.id for image, _ in page]
        if len(page) < 4:
            break
        before = page[-1][1]
    assert seen == expected  # newest job first, each job's images in order, a page cut inside a job
    assert await store.list_images(keys[1]) == [] and other.id
