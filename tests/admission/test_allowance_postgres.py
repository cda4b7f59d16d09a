"""The same reservations on a real PostgreSQL: the schema migrates, and twenty concurrent
transactions on twenty connections against a budget that fits ten admit exactly ten."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.admission.allowance import COST, IMAGES, AllowanceStore, Exhausted, Item
from imagegate.db import Database
from tests.support.postgres_server import PostgresServer


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture
async def store(postgres: PostgresServer) -> AsyncIterator[AllowanceStore]:
    db = Database(postgres.url)
    await db.migrate()
    assert await db.schema_current()
    yield AllowanceStore(db)
    await db.dispose()


async def test_twenty_concurrent_reservations_admit_ten(store: AllowanceStore) -> None:
    items = [Item("d:2026-02-03", COST, 10_000_000, 100_000_000), Item("d:2026-02-03", IMAGES, 1, None)]
    await store.ensure("key_pg", items)
    gate = asyncio.Event()

    async def one() -> bool:
        await gate.wait()  # every transaction starts together, each on its own connection
        try:
            async with store.db.connect() as conn:
                await store.reserve(conn, "key_pg", items)
                await asyncio.sleep(0.05)  # hold the row lock a while: the others queue on it
            return True
        except Exhausted:
            return False

    tasks = [asyncio.create_task(one()) for _ in range(20)]
    await asyncio.sleep(0.1)
    gate.set()
    results = await asyncio.gather(*tasks)
    assert sum(results) == 10
    counters = await store.read("key_pg", [("d:2026-02-03", COST), ("d:2026-02-03", IMAGES)])
    assert counters[("d:2026-02-03", COST)].reserved == 100_000_000
    assert counters[("d:2026-02-03", IMAGES)].reserved == 10


async def test_ensure_is_safe_when_raced(store: AllowanceStore) -> None:
    item = Item("m:2026-02", COST, 1, 5)
    others = [AllowanceStore(store.db) for _ in range(8)]  # fresh in-memory caches: all try to create
    await asyncio.gather(*[s.ensure("key_race", [item]) for s in others])
    async with store.db.connect() as conn:
        await store.reserve(conn, "key_race", [item])
    counter = (await store.read("key_race", [("m:2026-02", COST)]))[("m:2026-02", COST)]
    assert (counter.used, counter.reserved) == (0, 1)
