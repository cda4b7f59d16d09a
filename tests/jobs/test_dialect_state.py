"""The dialects' durable state on a real SQLite database: ModelsLab numbers and A1111 options."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from imagegate.admission.keys import KeyStore, Scope
from imagegate.db import Database
from imagegate.jobs.dialect_state import A1111Options, ModelslabRequests
from imagegate.jobs.store import JobStore, NewJob


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'state.db'}")
    await database.migrate()
    yield database
    await database.dispose()


async def _job(db: Database, key_id: str) -> str:
    params = {"task": "txt2img", "prompt": "a red circle", "model": "m1"}
    job, _ = await JobStore(db).create(NewJob(key_id=key_id, task="txt2img", model_id="m1", params=params))
    return job.id


async def test_numbers_are_integers_stable_per_job_and_survive_reopening(db: Database, tmp_path: Path) -> None:
    key, _ = await KeyStore(db).create("k", [Scope.generate])
    first, second = await _job(db, key.id), await _job(db, key.id)
    store = ModelslabRequests(db)
    a = await store.create(first, family="images", webhook="https://hook.example/x", track_id="t1", options={"a": 1})
    b = await store.create(second, family="realtime", webhook=None, track_id=None, options={})
    assert isinstance(a.number, int) and b.number > a.number
    again = await store.create(first, family="realtime", webhook=None, track_id=None, options={})
    assert again.number == a.number and again.family == "images"  # a replay keeps its first number
    reopened = ModelslabRequests(Database(f"sqlite+aiosqlite:///{tmp_path / 'state.db'}"))
    found = await reopened.by_number(a.number)
    assert found is not None and found.job_id == first and found.webhook == "https://hook.example/x"
    assert found.track_id == "t1" and found.options == {"a": 1}
    assert await reopened.by_job(second) is not None
    assert await reopened.by_number(10_000) is None
    await reopened.db.dispose()


async def test_concurrent_numbering_of_one_job_gives_one_number(db: Database) -> None:
    key, _ = await KeyStore(db).create("k", [Scope.generate])
    job_id = await _job(db, key.id)
    store = ModelslabRequests(db)
    records = await asyncio.gather(
        *(store.create(job_id, family="images", webhook=None, track_id=None, options={}) for _ in range(5))
    )
    assert len({r.number for r in records}) == 1


async def test_a1111_checkpoint_is_per_key(db: Database) -> None:
    keys = KeyStore(db)
    a, _ = await keys.create("a", [Scope.generate])
    b, _ = await keys.create("b", [Scope.generate])
    options = A1111Options(db)
    assert await options.checkpoint(a.id) is None
    await options.set_checkpoint(a.id, "m1")
    await options.set_checkpoint(a.id, "m2")
    assert await options.checkpoint(a.id) == "m2"
    assert await options.checkpoint(b.id) is None
