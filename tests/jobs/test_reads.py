"""Reads of jobs under a burst of pollers: each read is one unit of work on the database's reader
threads, with their few long-lived connections, whatever the number of readers at once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from imagegate.admission.keys import KeyStore, Scope
from imagegate.db import Database
from imagegate.domain.jobs import JobStatus
from imagegate.jobs.store import JobStore, NewJob


@pytest.fixture
async def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'reads.db'}")
    await database.migrate()
    yield database
    await database.dispose()


async def test_a_burst_of_reads_opens_no_connection_per_reader(db: Database) -> None:
    key_id = (await KeyStore(db).create("k", [Scope.generate]))[0].id
    store = JobStore(db)
    made = [(await store.create(NewJob(key_id=key_id, task="txt2img", model_id="m", params={})))[0] for _ in range(5)]
    assert db._sync is not None
    opened: list[str] = []

    def count(name: str) -> Any:
        return lambda *_: opened.append(name)

    # Every connection the reads make from here on, through either engine.
    event.listen(db.engine.sync_engine, "connect", count("async"))
    event.listen(db._sync, "connect", count("units"))
    # 500 pollers at once: with the async engine's pool of 8 (+10 overflow), each read beyond it
    # opened a connection and a thread of its own, and closed them again after the read.
    reads = [store.get(made[i % 5].id, key_id=key_id) for i in range(500)]
    reads += [store.queue_position(made[i % 5]) for i in range(100)]
    found = await asyncio.gather(*reads)
    for i, job in enumerate(found[:500]):
        assert job is not None and job.id == made[i % 5].id and job.status is JobStatus.queued
    assert sorted(found[500:]) == sorted(i % 5 for i in range(100))
    assert opened.count("async") == 0
    assert opened.count("units") <= 2  # the reader threads', once each (the pool keeps them)


async def test_reads_see_what_was_just_written(db: Database) -> None:
    key_id = (await KeyStore(db).create("k", [Scope.generate]))[0].id
    store = JobStore(db)
    job, _ = await store.create(NewJob(key_id=key_id, task="txt2img", model_id="m", params={}))
    assert (await store.get(job.id, key_id=key_id)) is not None
    assert await store.get(job.id, key_id="key_other") is None  # another key's job is invisible
    assert await store.queue_depth() == 1
    assert await store.count_active(key_id) == 1
    assert [j.id for j in await store.list_jobs(key_id)] == [job.id]
