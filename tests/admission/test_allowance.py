"""Reservations against a real database file: concurrent admissions never overshoot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from imagegate.admission.allowance import COST, IMAGES, AllowanceStore, Exhausted, Item
from imagegate.db import Database


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    await db.migrate()
    yield AllowanceStore(db)
    await db.dispose()


async def test_concurrent_reservations_admit_exactly_what_fits(store: AllowanceStore) -> None:
    items = [Item("d:2026-01-01", COST, 7, 70), Item("d:2026-01-01", IMAGES, 1, None)]
    await store.ensure("key_a", items)

    async def one() -> bool:
        try:
            async with store.db.connect() as conn:
                await store.reserve(conn, "key_a", items)
            return True
        except Exhausted:
            return False

    results = await asyncio.gather(*[one() for _ in range(25)])
    assert sum(results) == 10
    counters = await store.read("key_a", [("d:2026-01-01", COST), ("d:2026-01-01", IMAGES)])
    # The refused ones took nothing, on either counter: all or none per admission.
    assert counters[("d:2026-01-01", COST)].reserved == 70
    assert counters[("d:2026-01-01", IMAGES)].reserved == 10


async def test_settle_moves_reserved_to_used(store: AllowanceStore) -> None:
    item = Item("m:2026-01", COST, 5, 10)
    await store.ensure("key_b", [item])
    async with store.db.connect() as conn:
        await store.reserve(conn, "key_b", [item])
        await store.reserve(conn, "key_b", [item])
    with pytest.raises(Exhausted) as full:
        async with store.db.connect() as conn:
            await store.reserve(conn, "key_b", [item])
    assert full.value.committed == 10
    async with store.db.connect() as conn:
        await store.settle(conn, "key_b", item, 3)  # cheaper than estimated
        await store.settle(conn, "key_b", item, 0)  # failed: free
    counter = (await store.read("key_b", [("m:2026-01", COST)]))[("m:2026-01", COST)]
    assert (counter.used, counter.reserved) == (3, 0)
