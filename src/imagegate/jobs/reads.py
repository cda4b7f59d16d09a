"""Reading jobs: a job with its images and terms, a key's jobs page by page, images, replays of an
Idempotency-Key, queue positions and counts. ``JobStore`` (the only writer) reads through these."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.engine import Connection

from imagegate.db import Database
from imagegate.db.tables import images, job_gateway, jobs
from imagegate.db.types import utcnow
from imagegate.domain.jobs import ImageRecord, Job, JobStatus
from imagegate.errors import IdempotencyMismatch
from imagegate.jobs.rows import image_of, images_of, job_of, with_terms

# Where a page of a key's images ends: its job's created_at and id, and its index in the job.
ImageCursor = tuple[datetime, str, int]


class JobReader:
    """Each read is one unit of work (``Database.run``): on SQLite, one hop to a reader thread with
    its own long-lived connection for the whole read instead of one loop round trip per statement
    through aiosqlite, whose small pool opened a new connection and thread for every read beyond
    it when many pollers came at once (see bench/pollers.py)."""

    def __init__(self, db: Database):
        self.db = db

    async def replay(self, key_id: str, idempotency_key: str, request_hash: str | None) -> Job | None:
        """The job an earlier request with this Idempotency-Key created (None if there is none);
        ``IdempotencyMismatch`` if that request was a different one."""
        query = with_terms().where(jobs.c.key_id == key_id, jobs.c.idempotency_key == idempotency_key)

        def unit(conn: Connection) -> tuple[Job | None, str | None]:
            row = conn.execute(query).mappings().first()
            if row is None:
                return None, None
            job = job_of(row)
            job.images = _images(conn, [job.id])
            return job, row["request_hash"]

        job, stored_hash = await self.db.run(unit)
        if job is not None and stored_hash != request_hash:
            raise IdempotencyMismatch(
                "Idempotency-Key was already used with a different request body; use a new key for a new request",
            )
        return job

    async def get(self, job_id: str, *, key_id: str | None = None) -> Job | None:
        """A job with its images and terms; ``key_id`` restricts to that key's jobs (others are invisible)."""
        query = with_terms().where(jobs.c.id == job_id)
        if key_id is not None:
            query = query.where(jobs.c.key_id == key_id)

        def unit(conn: Connection) -> Job | None:
            row = conn.execute(query).mappings().first()
            if row is None:
                return None
            job = job_of(row)
            job.images = _images(conn, [job.id])
            return job

        return await self.db.run(unit)

    async def list_jobs(
        self,
        key_id: str,
        *,
        status: list[JobStatus] | None = None,
        limit: int = 20,
        before: tuple[datetime, str] | None = None,
    ) -> list[Job]:
        """Newest first; ``before`` is the (created_at, id) keyset cursor of the last job seen."""
        query = with_terms().where(jobs.c.key_id == key_id)
        if status:
            query = query.where(jobs.c.status.in_([s.value for s in status]))
        if before is not None:
            created, job_id = before
            query = query.where(
                or_(jobs.c.created_at < created, and_(jobs.c.created_at == created, jobs.c.id < job_id))
            )
        query = query.order_by(jobs.c.created_at.desc(), jobs.c.id.desc()).limit(limit)

        def unit(conn: Connection) -> list[Job]:
            found = [job_of(r) for r in conn.execute(query).mappings()]
            by_job = _images(conn, [j.id for j in found])
            for job in found:
                job.images = [i for i in by_job if i.job_id == job.id]
            return found

        return await self.db.run(unit)

    async def get_image(self, image_id: str, *, key_id: str | None = None) -> ImageRecord | None:
        query = select(images).where(images.c.id == image_id)
        if key_id is not None:
            query = query.where(images.c.key_id == key_id)
        row = await self.db.run(lambda conn: conn.execute(query).mappings().first())
        return image_of(row) if row else None

    async def list_images(
        self, key_id: str, *, limit: int = 20, before: ImageCursor | None = None
    ) -> list[tuple[ImageRecord, ImageCursor]]:
        """A key's images, newest job first and each job's in order, with each one's keyset cursor
        (its job's created_at and id, its index): by the jobs' (key_id, created_at) index."""
        query = (
            select(images, jobs.c.created_at.label("job_created_at"))
            .select_from(images.join(jobs, jobs.c.id == images.c.job_id))
            .where(jobs.c.key_id == key_id, images.c.key_id == key_id)
        )
        if before is not None:
            created, job_id, index = before
            query = query.where(
                or_(
                    jobs.c.created_at < created,
                    and_(
                        jobs.c.created_at == created,
                        or_(jobs.c.id < job_id, and_(jobs.c.id == job_id, images.c.index > index)),
                    ),
                )
            )
        query = query.order_by(jobs.c.created_at.desc(), jobs.c.id.desc(), images.c.index.asc()).limit(limit)

        def unit(conn: Connection) -> list[tuple[ImageRecord, ImageCursor]]:
            rows = conn.execute(query).mappings().all()
            return [(image_of(r), (r["job_created_at"], r["job_id"], r["index"])) for r in rows]

        return await self.db.run(unit)

    async def count_active(self, key_id: str) -> int:
        query = select(func.count()).where(
            jobs.c.key_id == key_id, jobs.c.status.in_([JobStatus.queued.value, JobStatus.running.value])
        )
        return await self._count(query)

    async def active_for_model(self, model_id: str) -> list[tuple[str, str]]:
        """(job id, key id) of every queued or running job of a model (before it is removed)."""
        query = select(jobs.c.id, jobs.c.key_id).where(
            jobs.c.model_id == model_id, jobs.c.status.in_([JobStatus.queued.value, JobStatus.running.value])
        )
        return await self.db.run(lambda conn: [(r[0], r[1]) for r in conn.execute(query).all()])

    async def queue_position(self, job: Job) -> int:
        """Queued jobs created before this one (an estimate: fair ordering may move it forward)."""
        query = select(func.count()).where(jobs.c.status == JobStatus.queued.value, jobs.c.created_at < job.created_at)
        return await self._count(query)

    async def queue_depth(self) -> int:
        return await self._count(select(func.count()).where(jobs.c.status == JobStatus.queued.value))

    async def _count(self, query: Select[Any]) -> int:
        return await self.db.run(lambda conn: int(conn.execute(query).scalar_one()))

    # -- what is left to settle ----------------------------------------------------------------

    async def unsettled(self, *, older_than_s: float, limit: int = 200) -> list[str]:
        """Ended jobs whose terms were never settled (their settlement failed and the job ended
        without it, or a crash came between the two in an older version)."""
        cutoff = utcnow() - timedelta(seconds=older_than_s)
        terminal = [s.value for s in JobStatus if s.terminal]
        query = (
            select(job_gateway.c.job_id)
            .select_from(job_gateway.join(jobs, jobs.c.id == job_gateway.c.job_id))
            .where(
                job_gateway.c.finalized_at.is_(None),
                job_gateway.c.created_at < cutoff,
                jobs.c.status.in_(terminal),
            )
            .limit(limit)
        )
        async with self.db.engine.connect() as conn:
            return [r[0] for r in await conn.execute(query)]

    async def orphans(self, *, older_than_s: float, limit: int = 200) -> list[str]:
        """Terms whose job was never created (possible only in databases of versions that wrote them
        in a transaction of their own): they may still hold quota and budget."""
        cutoff = utcnow() - timedelta(seconds=older_than_s)
        query = (
            select(job_gateway.c.job_id)
            .select_from(job_gateway.outerjoin(jobs, jobs.c.id == job_gateway.c.job_id))
            .where(jobs.c.id.is_(None), job_gateway.c.finalized_at.is_(None), job_gateway.c.created_at < cutoff)
            .limit(limit)
        )
        async with self.db.engine.connect() as conn:
            return [r[0] for r in await conn.execute(query)]


def _images(conn: Connection, job_ids: list[str]) -> list[ImageRecord]:
    if not job_ids:
        return []
    return [image_of(r) for r in conn.execute(images_of(job_ids)).mappings()]
