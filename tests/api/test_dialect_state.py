"""The dialects' durable state on a real SQLite database: ModelsLab numbers and A1111 options."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from imagegate.admission.keys import KeyStore, Scope
from imagegate.api.a1111.state import A1111Options
from imagegate.api.modelslab.state import ModelslabRequests
from imagegate.db import Database
from imagegate.db.database import alembic_config
from imagegate.domain.ids import new_id
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


async def test_a_number_is_taken_before_its_job_exists_and_given_back_if_refused(db: Database) -> None:
    """The ModelsLab handler numbers a request before admitting it (the job's webhook body carries the
    number from the job's first moment); a refused request gives the number back."""
    key, _ = await KeyStore(db).create("k", [Scope.generate])
    store = ModelslabRequests(db)
    job_id = new_id("job")
    early = await store.create(job_id, family="images", webhook="https://hook.example/y", track_id=None, options={})
    params = {"task": "txt2img", "prompt": "a red circle", "model": "m1"}
    await JobStore(db).create(NewJob(key_id=key.id, task="txt2img", model_id="m1", params=params, id=job_id))
    found = await store.by_number(early.number)
    assert found is not None and found.job_id == job_id
    refused = await store.create("job_refused", family="images", webhook=None, track_id=None, options={})
    await store.discard("job_refused")
    assert await store.by_job("job_refused") is None and await store.by_number(refused.number) is None
    assert await store.by_job(job_id) is not None


async def test_numbers_made_before_the_upgrade_survive_it(tmp_path: Path) -> None:
    """0004 drops the foreign key to jobs (SQLite rebuilds the table): rows and numbering carry over."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    engine.dispose()
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    key, _ = await KeyStore(db).create("k", [Scope.generate])
    job_id = await _job(db, key.id)
    store = ModelslabRequests(db)
    before = await store.create(job_id, family="images", webhook=None, track_id="t", options={"x": 1})
    await db.migrate()
    after = await store.by_number(before.number)
    assert after is not None and after.job_id == job_id and after.track_id == "t" and after.options == {"x": 1}
    orphan = await store.create("job_later", family="images", webhook=None, track_id=None, options={})
    assert orphan.number > before.number
    await db.dispose()


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
