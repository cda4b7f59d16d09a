"""Units of work (``Database.run``): one transaction each, rolled back whole on an error, writes of
a process queued one after another whichever way they are made."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from imagegate.db import Database
from imagegate.db.tables import allowance_counters


@pytest.fixture
async def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'units.db'}")
    await database.migrate()
    yield database
    await database.dispose()


def _add(conn: Connection, key: str, used: int = 0) -> None:
    conn.execute(insert(allowance_counters), {"key_id": key, "period": "p", "metric": "m", "used": used, "reserved": 0})


async def _used(db: Database) -> dict[str, int]:
    rows = await db.run(lambda conn: conn.execute(select(allowance_counters.c.key_id, allowance_counters.c.used)).all())
    return {key: used for key, used in rows}


async def test_a_failing_unit_leaves_nothing(db: Database) -> None:
    def half_then_fail(conn: Connection) -> None:
        _add(conn, "a")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await db.run(half_then_fail, write=True)
    assert await _used(db) == {}
    await db.run(lambda conn: _add(conn, "b", 3), write=True)
    assert await _used(db) == {"b": 3}


async def test_units_and_async_writes_interleave_without_losing_any(db: Database) -> None:
    await db.run(lambda conn: _add(conn, "k"), write=True)
    bump = (
        update(allowance_counters).where(allowance_counters.c.key_id == "k").values(used=allowance_counters.c.used + 1)
    )

    async def by_unit() -> None:
        await db.run(lambda conn: conn.execute(bump), write=True)

    async def by_connection() -> None:
        async with db.connect() as conn:
            await conn.execute(bump)

    await asyncio.gather(*[by_unit() if i % 2 else by_connection() for i in range(60)])
    assert await _used(db) == {"k": 60}
    count = await db.run(lambda conn: conn.execute(select(func.count()).select_from(allowance_counters)).scalar_one())
    assert count == 1
