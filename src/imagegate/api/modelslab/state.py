"""ModelsLab's integer request numbers, kept beside jobs (with the delivery options their envelopes
and webhooks need): the dialect's own table, ``modelslab_requests``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from imagegate.db import Database
from imagegate.db.tables import modelslab_requests
from imagegate.db.types import utcnow


@dataclass
class ModelslabRecord:
    """How a job created through the ModelsLab dialect is answered: its number, the API family it
    came through (the fetch URL names it), its webhook and the options echoed in ``meta``."""

    number: int
    job_id: str
    family: str
    webhook: str | None = None
    track_id: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


class ModelslabRequests:
    def __init__(self, db: Database):
        self.db = db

    async def create(
        self,
        job_id: str,
        *,
        family: str,
        webhook: str | None,
        track_id: str | None,
        options: dict[str, Any],
    ) -> ModelslabRecord:
        """Number a job, before or after it exists (the number is taken first when the job's webhook
        needs it). A job numbered before (a replayed request) keeps its first number."""
        existing = await self.by_job(job_id)
        if existing is not None:
            return existing
        values = dict(
            job_id=job_id, family=family, webhook=webhook, track_id=track_id, options=options, created_at=utcnow()
        )
        try:
            async with self.db.connect() as conn:
                await conn.execute(insert(modelslab_requests).values(**values))
        except IntegrityError:
            pass  # a concurrent request numbered it first; theirs is the number
        record = await self.by_job(job_id)
        assert record is not None
        return record

    async def discard(self, job_id: str) -> None:
        """Forget the number of a request that did not become a job."""
        async with self.db.connect() as conn:
            await conn.execute(delete(modelslab_requests).where(modelslab_requests.c.job_id == job_id))

    async def by_job(self, job_id: str) -> ModelslabRecord | None:
        return await self._one(modelslab_requests.c.job_id == job_id)

    async def by_number(self, number: int) -> ModelslabRecord | None:
        return await self._one(modelslab_requests.c.number == number)

    async def _one(self, where: Any) -> ModelslabRecord | None:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(modelslab_requests).where(where))).mappings().first()
        return _record(row)

    @staticmethod
    def by_job_in(conn: Connection, job_id: str) -> ModelslabRecord | None:
        """``by_job`` inside a unit of work (``Database.run``) that is already open."""
        return _record(
            conn.execute(select(modelslab_requests).where(modelslab_requests.c.job_id == job_id)).mappings().first()
        )


def _record(row: Any) -> ModelslabRecord | None:
    if row is None:
        return None
    return ModelslabRecord(
        number=int(row["number"]),
        job_id=row["job_id"],
        family=row["family"],
        webhook=row["webhook"],
        track_id=row["track_id"],
        options=row["options"] or {},
    )
