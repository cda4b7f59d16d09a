"""What the sweeper finds and settles: an ended job whose settlement failed with its end (settled
once, later, without a second follow-up), and the terms of an admission that never became a job
(their reservations handed back). On SQLite and a real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from imagegate.admission.allowance import ACTIVE, ACTIVE_PERIOD, Item
from imagegate.admission.keys import KeyStore, Scope
from imagegate.bookkeeping import Sweeper
from imagegate.db import Database
from imagegate.db.tables import job_gateway
from imagegate.db.types import utcnow
from imagegate.domain.jobs import Job, JobStatus, JobTerms
from imagegate.domain.policy import SafetyDecision
from imagegate.jobs.store import JobStore, NewJob, UsageEntry
from tests.support.bookkeeping import Books, books

SLOT = Item(ACTIVE_PERIOD, ACTIVE, 1, 5)
PARAMS = {"task": "txt2img", "prompt": "a red circle", "model": "m1"}


@pytest.fixture
def db(portable_db: Database) -> Database:
    return portable_db


class FailsOnce:
    """The real bookkeeping, except that the first settlement fails (a bug, a lost connection)."""

    def __init__(self, kept: Books):
        self.real = kept.bookkeeper
        self.settled: list[str] = []
        self.finished: list[str] = []

    async def started(self, job: Job) -> None:
        await self.real.started(job)

    def settle(self, conn: Connection, job: Job) -> None:
        self.settled.append(job.id)
        if len(self.settled) == 1:
            raise RuntimeError("bookkeeping bug")
        self.real.settle(conn, job)

    async def finished(self, job: Job) -> None:
        self.finished.append(job.id)
        await self.real.finished(job)


async def reserved(kept: Books, key_id: str) -> int:
    return (await kept.allowance.read(key_id, [(ACTIVE_PERIOD, ACTIVE)]))[(ACTIVE_PERIOD, ACTIVE)].reserved


async def test_a_job_left_unsettled_is_settled_by_the_sweeper_once(db: Database) -> None:
    key, _ = await KeyStore(db).create("sweep", [Scope.generate])
    kept = books(db)
    lifecycle = FailsOnce(kept)
    store = JobStore(db, lifecycle=lifecycle)
    terms = JobTerms(
        safety=SafetyDecision(enabled=False),
        webhook="http://127.0.0.1:9/hook",
        webhook_events=frozenset({"succeeded"}),
        reservations=(SLOT.to_json(),),
    )
    await kept.allowance.ensure(key.id, [SLOT])

    def admit(conn: Connection) -> Job:
        kept.allowance.reserve_in(conn, key.id, [SLOT])
        return store.insert_in(conn, NewJob(key_id=key.id, task="txt2img", model_id="m1", params=PARAMS), terms)

    job = await db.run(admit, write=True)
    assert await store.claim("w", lease_s=30) is not None
    usage = UsageEntry(images=0, megapixel_steps=0, compute_s=0, cost=0)
    ended = await store.succeed(job.id, "w", image_rows=[], result={"cost": 0.0}, usage=usage, terms=terms)
    assert ended is not None and ended.status is JobStatus.succeeded  # the end did not wait for the books
    assert await reserved(kept, key.id) == 1 and await store.unsettled(older_than_s=0) == [job.id]

    sweeper = Sweeper(store, kept.allowance, interval_s=60, min_age_s=0)
    assert await sweeper.sweep() == 1
    assert await reserved(kept, key.id) == 0  # the active slot is back
    assert [m.event for m in await kept.outbox.list_messages(key.id, job_id=job.id)] == ["job.succeeded"]
    assert await sweeper.sweep() == 0 and lifecycle.settled == [job.id, job.id]
    assert lifecycle.finished == []  # its follow-up is its ender's (the runner's), not the sweeper's


async def test_terms_without_a_job_hand_their_reservations_back(db: Database) -> None:
    key, _ = await KeyStore(db).create("orphan", [Scope.generate])
    kept = books(db)
    store = JobStore(db, lifecycle=kept.bookkeeper)
    await kept.allowance.ensure(key.id, [SLOT])
    await db.run(lambda conn: kept.allowance.reserve_in(conn, key.id, [SLOT]), write=True)
    # As a version that wrote the terms in a transaction of their own left them after a crash.
    row = dict(
        job_id="job_never_created",
        key_id=key.id,
        model_id="m1",
        safety={"enabled": False},
        reservations=[SLOT.to_json()],
        created_at=utcnow(),
    )
    await db.run(lambda conn: conn.execute(insert(job_gateway), row), write=True)
    assert await reserved(kept, key.id) == 1

    young = Sweeper(store, kept.allowance, interval_s=60, orphan_age_s=3600)
    assert await young.sweep() == 0 and await reserved(kept, key.id) == 1  # an admission may still be under way
    sweeper = Sweeper(store, kept.allowance, interval_s=60, orphan_age_s=0)
    assert await sweeper.sweep() == 1
    assert await reserved(kept, key.id) == 0
    count = await db.run(lambda conn: conn.execute(select(func.count()).select_from(job_gateway)).scalar_one())
    assert count == 0 and await sweeper.sweep() == 0
