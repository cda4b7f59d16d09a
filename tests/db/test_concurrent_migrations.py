"""Several processes starting at once on one fresh PostgreSQL database (API replicas and workers
rolled out together) must not race on creating the schema: they take turns, and all start."""

from __future__ import annotations

import asyncio

from imagegate.db import Database
from tests.support.postgres import fresh_database


async def test_migrations_started_together_all_succeed(postgres_url: str) -> None:
    url = await fresh_database(postgres_url)
    databases = [Database(url) for _ in range(4)]
    try:
        results = await asyncio.gather(*(db.migrate() for db in databases), return_exceptions=True)
        assert [r for r in results if isinstance(r, BaseException)] == []
        assert all([await db.schema_current(max_age_s=0) for db in databases])
    finally:
        for db in databases:
            await db.dispose()
