"""JobStore: the durable job rows, the source of truth for every job.

A job moves ``queued → running → succeeded | failed | canceled``. A worker *claims* a queued job under
a lease that it renews by heartbeat; a job whose lease runs out (its worker died) goes back to the
queue, so an accepted job is never lost. Every transition that a worker makes checks that it still
holds the lease, so a worker that was presumed dead cannot overwrite the result of the next one.

Claim order: round-robin between keys (a key's n-th queued job waits behind every other key's
(n-1)-th), then jobs for models already loaded on this worker, then age. The SQL is portable; the
claim is an optimistic ``UPDATE … WHERE status = 'queued'``, safe with many workers on PostgreSQL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, case, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement

from imagegate.db import Database
from imagegate.db.tables import images, jobs, usage_ledger
from imagegate.db.types import utcnow
from imagegate.domain.ids import new_id
from imagegate.domain.jobs import ImageRecord, Job, JobStatus
from imagegate.errors import IdempotencyMismatch

log = logging.getLogger("imagegate.jobs")


@dataclass
class NewJob:
    key_id: str
    task: str
    model_id: str
    params: dict[str, Any]
    response_format: str = "url"
    timeout_s: float | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    id: str | None = None  # chosen by the caller when other rows must name the job before it exists


@dataclass
class UsageEntry:
    images: int
    megapixel_steps: float
    compute_s: float
    cost: float
    currency: str = "USD"


def _job(row: Mapping[Any, Any]) -> Job:
    return Job(
        id=row["id"],
        key_id=row["key_id"],
        status=JobStatus(row["status"]),
        task=row["task"],
        model_id=row["model_id"],
        params=row["params"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        attempts=row["attempts"],
        progress_step=row["progress_step"],
        progress_total=row["progress_total"],
        cancel_requested=row["cancel_requested"],
        timeout_s=row["timeout_s"],
        error_code=row["error_code"],
        error_message=row["error_message"],
        result=row["result"] or {},
        response_format=row["response_format"],
        idempotency_key=row["idempotency_key"],
        lease_owner=row["lease_owner"],
        lease_expires_at=row["lease_expires_at"],
    )


def _image(row: Mapping[Any, Any]) -> ImageRecord:
    return ImageRecord(
        id=row["id"],
        job_id=row["job_id"],
        key_id=row["key_id"],
        index=row["index"],
        digest=row["digest"],
        content_type=row["content_type"],
        width=row["width"],
        height=row["height"],
        seed=row["seed"],
        size_bytes=row["size_bytes"],
        nsfw_content_detected=row["nsfw_content_detected"],
        created_at=row["created_at"],
    )


EndWriter = Callable[[Connection, Job], None]


class JobStore:
    def __init__(self, db: Database, *, max_attempts: int = 3):
        self.db = db
        self.max_attempts = max_attempts
        # Run inside the transaction that ends a job (``succeed``/``finish``), with the ended job:
        # bookkeeping that must commit together with the job's end (e.g. the gateway settling its
        # reservations), at no extra transaction. Synchronous (``Database.run``); they must not
        # open another connection.
        self.end_writers: list[EndWriter] = []

    # -- requests from clients ---------------------------------------------------------------

    async def create(self, new: NewJob) -> tuple[Job, bool]:
        """Insert a queued job. With an idempotency key already used by this API key, return the
        earlier job instead (``created`` is False), or refuse if the request differs."""
        if new.idempotency_key is not None:
            existing = await self._by_idempotency_key(new.key_id, new.idempotency_key)
            if existing is not None:
                return self._replay(existing, new), False
        try:
            job = await self.db.run(lambda conn: self.insert_in(conn, new), write=True)
        except IntegrityError:
            # Two requests raced with one idempotency key: the other one won; answer with its job.
            if new.idempotency_key is None:
                raise
            existing = await self._by_idempotency_key(new.key_id, new.idempotency_key)
            if existing is None:
                raise
            return self._replay(existing, new), False
        return job, True

    def insert_in(self, conn: Connection, new: NewJob) -> Job:
        """Insert a queued job inside the caller's transaction; a duplicate Idempotency-Key raises
        ``IntegrityError`` (the caller rolls back and replays)."""
        values = dict(
            id=new.id or new_id("job"),
            key_id=new.key_id,
            status=JobStatus.queued.value,
            task=new.task,
            model_id=new.model_id,
            params=new.params,
            response_format=new.response_format,
            idempotency_key=new.idempotency_key,
            request_hash=new.request_hash,
            created_at=utcnow(),
            attempts=0,
            cancel_requested=False,
            timeout_s=new.timeout_s,
            progress_step=0,
            progress_total=0,
            result={},
        )
        conn.execute(insert(jobs), values)  # values as parameters: the statement compiles once
        return _job(
            {
                **values,
                "lease_owner": None,
                "lease_expires_at": None,
                "started_at": None,
                "finished_at": None,
                "error_code": None,
                "error_message": None,
            }
        )

    async def replay(self, key_id: str, idempotency_key: str, request_hash: str | None) -> Job | None:
        """The job an earlier request with this Idempotency-Key created (None if there is none);
        ``IdempotencyMismatch`` if that request was a different one."""
        existing = await self._by_idempotency_key(key_id, idempotency_key)
        if existing is None:
            return None
        return self._replay(existing, NewJob(key_id, "", "", {}, request_hash=request_hash))

    def _replay(self, existing: tuple[Job, str | None], new: NewJob) -> Job:
        job, request_hash = existing
        if request_hash != new.request_hash:
            raise IdempotencyMismatch(
                "Idempotency-Key was already used with a different request body; use a new key for a new request",
            )
        return job

    async def by_idempotency_key(self, key_id: str, idem: str) -> Job | None:
        """The job this API key already created with this Idempotency-Key, if any."""
        found = await self._by_idempotency_key(key_id, idem)
        return found[0] if found else None

    async def _by_idempotency_key(self, key_id: str, idem: str) -> tuple[Job, str | None] | None:
        async with self.db.engine.connect() as conn:
            row = (
                (await conn.execute(select(jobs).where(jobs.c.key_id == key_id, jobs.c.idempotency_key == idem)))
                .mappings()
                .first()
            )
            if row is None:
                return None
            job = _job(row)
            job.images = await self._images(conn, [job.id])
        return job, row["request_hash"]

    async def get(self, job_id: str, *, key_id: str | None = None) -> Job | None:
        """A job with its images; ``key_id`` restricts to that key's jobs (others are invisible)."""
        query = select(jobs).where(jobs.c.id == job_id)
        if key_id is not None:
            query = query.where(jobs.c.key_id == key_id)
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
            if row is None:
                return None
            job = _job(row)
            job.images = await self._images(conn, [job.id])
        return job

    async def list_jobs(
        self,
        key_id: str,
        *,
        status: list[JobStatus] | None = None,
        limit: int = 20,
        before: tuple[datetime, str] | None = None,
    ) -> list[Job]:
        """Newest first; ``before`` is the (created_at, id) keyset cursor of the last job seen."""
        query = select(jobs).where(jobs.c.key_id == key_id)
        if status:
            query = query.where(jobs.c.status.in_([s.value for s in status]))
        if before is not None:
            created, job_id = before
            query = query.where(
                or_(jobs.c.created_at < created, and_(jobs.c.created_at == created, jobs.c.id < job_id))
            )
        query = query.order_by(jobs.c.created_at.desc(), jobs.c.id.desc()).limit(limit)
        async with self.db.engine.connect() as conn:
            result = [_job(r) for r in (await conn.execute(query)).mappings()]
            by_job = await self._images(conn, [j.id for j in result])
        for job in result:
            job.images = [i for i in by_job if i.job_id == job.id]
        return result

    async def _images(self, conn: AsyncConnection, job_ids: list[str]) -> list[ImageRecord]:
        if not job_ids:
            return []
        rows = await conn.execute(
            select(images).where(images.c.job_id.in_(job_ids)).order_by(images.c.job_id, images.c.index)
        )
        return [_image(r) for r in rows.mappings()]

    async def get_image(self, image_id: str, *, key_id: str | None = None) -> ImageRecord | None:
        query = select(images).where(images.c.id == image_id)
        if key_id is not None:
            query = query.where(images.c.key_id == key_id)
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _image(row) if row else None

    async def request_cancel(self, job_id: str, key_id: str) -> Job | None:
        """Cancel a queued job at once; flag a running one to stop at its next step."""
        async with self.db.connect() as conn:
            await conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.key_id == key_id, jobs.c.status == JobStatus.queued.value)
                .values(
                    status=JobStatus.canceled.value,
                    finished_at=utcnow(),
                    error_code="canceled",
                    error_message="canceled by the client",
                    cancel_requested=True,
                )
            )
            await conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.key_id == key_id, jobs.c.status == JobStatus.running.value)
                .values(cancel_requested=True)
            )
        return await self.get(job_id, key_id=key_id)

    async def count_active(self, key_id: str) -> int:
        query = select(func.count()).where(
            jobs.c.key_id == key_id, jobs.c.status.in_([JobStatus.queued.value, JobStatus.running.value])
        )
        async with self.db.engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def queue_position(self, job: Job) -> int:
        """Queued jobs created before this one (an estimate: fair ordering may move it forward)."""
        query = select(func.count()).where(jobs.c.status == JobStatus.queued.value, jobs.c.created_at < job.created_at)
        async with self.db.engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def queue_depth(self) -> int:
        query = select(func.count()).where(jobs.c.status == JobStatus.queued.value)
        async with self.db.engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    # -- the worker side ---------------------------------------------------------------------

    async def claim(
        self,
        worker: str,
        *,
        lease_s: float,
        models: list[str] | None = None,
        prefer: list[str] | None = None,
    ) -> Job | None:
        """Take the next queued job (restricted to ``models`` if given) under a lease."""
        if models is not None and not models:
            return None
        pick, take = _claim_statements(models is not None)
        params: dict[str, Any] = {"prefer": prefer or []}
        if models is not None:
            params["models"] = models

        def unit(conn: Connection) -> Job | None:
            for _ in range(10):  # other workers may take every candidate; then look again
                candidates = [r[0] for r in conn.execute(pick, params)]
                if not candidates:
                    return None
                for job_id in candidates:
                    now = utcnow()
                    taken = {
                        "claim_id": job_id,
                        "claim_worker": worker,
                        "claim_expires": now + timedelta(seconds=lease_s),
                        "claim_now": now,
                    }
                    row = conn.execute(take, taken).mappings().first()
                    if row is not None:
                        return _job(row)
            return None

        return await self.db.run(unit, write=True)

    async def heartbeat(self, worker: str, progress: dict[str, tuple[int, int]], *, lease_s: float) -> set[str]:
        """Extend the leases of these running jobs and record their progress. Returns the ids
        that a client asked to cancel or that this worker no longer owns (both must stop)."""
        if not progress:
            return set()
        expires = utcnow() + timedelta(seconds=lease_s)
        async with self.db.connect() as conn:
            for job_id, (step, total) in progress.items():
                await conn.execute(
                    update(jobs)
                    .where(
                        jobs.c.id == job_id,
                        jobs.c.lease_owner == worker,
                        jobs.c.status == JobStatus.running.value,
                    )
                    .values(lease_expires_at=expires, progress_step=step, progress_total=total)
                )
            rows = await conn.execute(
                select(jobs.c.id, jobs.c.cancel_requested, jobs.c.lease_owner, jobs.c.status).where(
                    jobs.c.id.in_(list(progress))
                )
            )
            stop = {
                r.id
                for r in rows
                if r.cancel_requested or r.lease_owner != worker or r.status != JobStatus.running.value
            }
        return stop

    async def succeed(
        self,
        job_id: str,
        worker: str,
        *,
        image_rows: list[ImageRecord],
        result: dict[str, Any],
        usage: UsageEntry,
    ) -> Job | None:
        """Record a finished job, its images, its ledger entry and what ``end_writers`` add, in one
        transaction. Returns the job as committed (None if this worker no longer held it)."""
        now = utcnow()
        values = dict(
            status=JobStatus.succeeded.value,
            finished_at=now,
            result=result,
            lease_owner=None,
            lease_expires_at=None,
            progress_step=jobs.c.progress_total,
        )

        def unit(conn: Connection, writers: list[EndWriter]) -> Job | None:
            ended = self._end_row(conn, job_id, worker, values)
            if ended is None:
                return None
            ended.images = [replace(i, created_at=now) for i in image_rows]
            if image_rows:
                conn.execute(
                    insert(images),
                    [
                        dict(
                            id=i.id,
                            job_id=i.job_id,
                            key_id=i.key_id,
                            index=i.index,
                            digest=i.digest,
                            content_type=i.content_type,
                            width=i.width,
                            height=i.height,
                            seed=i.seed,
                            size_bytes=i.size_bytes,
                            nsfw_content_detected=i.nsfw_content_detected,
                            created_at=now,
                        )
                        for i in image_rows
                    ],
                )
            self._ledger(conn, ended, JobStatus.succeeded, usage, now)
            for writer in writers:
                writer(conn, ended)
            return ended

        return await self._end(job_id, unit)

    async def finish(
        self,
        job_id: str,
        worker: str,
        status: JobStatus,
        *,
        code: str,
        message: str,
        result: dict[str, Any] | None = None,
        usage: UsageEntry | None = None,
    ) -> Job | None:
        """End a running job as failed or canceled. Returns the job as committed (None if this
        worker no longer held it)."""
        now = utcnow()
        values: dict[str, Any] = dict(
            status=status.value,
            finished_at=now,
            error_code=code,
            error_message=message[:4000],
            lease_owner=None,
            lease_expires_at=None,
        )
        if result is not None:
            values["result"] = result

        def unit(conn: Connection, writers: list[EndWriter]) -> Job | None:
            ended = self._end_row(conn, job_id, worker, values)
            if ended is None:
                return None
            if usage is not None:
                self._ledger(conn, ended, status, usage, now)
            for writer in writers:
                writer(conn, ended)
            return ended

        return await self._end(job_id, unit)

    async def _end(self, job_id: str, unit: Callable[[Connection, list[EndWriter]], Job | None]) -> Job | None:
        """Run a job's final transaction with the end writers; should they fail, without them: the
        job's own end must not hang on bookkeeping (whose owner settles it later, e.g. the gateway's
        sweeper)."""
        writers = list(self.end_writers)
        try:
            return await self.db.run(lambda conn: unit(conn, writers), write=True)
        except Exception:
            if not writers:
                raise
            log.exception("job %s: bookkeeping in its final transaction failed; ending it without", job_id)
        return await self.db.run(lambda conn: unit(conn, []), write=True)

    @staticmethod
    def _end_row(conn: Connection, job_id: str, worker: str, values: dict[str, Any]) -> Job | None:
        """Move a job this worker holds out of ``running`` (None if it holds it no more)."""
        expressions = {k for k, v in values.items() if isinstance(v, ClauseElement)}
        statement = _end_statement(tuple(sorted(set(values) - expressions)), tuple(sorted(expressions)))
        bound = {f"end_{k}": v for k, v in values.items() if k not in expressions}
        row = conn.execute(statement, {"end_job": job_id, "end_worker": worker, **bound}).mappings().first()
        return _job(row) if row is not None else None

    async def release(self, job_id: str, worker: str) -> bool:
        """Put a running job back in the queue (graceful shutdown, or a retryable failure)."""
        async with self.db.connect() as conn:
            done = await conn.execute(
                update(jobs)
                .where(
                    jobs.c.id == job_id,
                    jobs.c.lease_owner == worker,
                    jobs.c.status == JobStatus.running.value,
                )
                .values(
                    status=JobStatus.queued.value,
                    lease_owner=None,
                    lease_expires_at=None,
                    started_at=None,
                    progress_step=0,
                )
            )
        return done.rowcount == 1

    async def recover(self, worker: str, *, restarted: bool = False) -> tuple[list[str], list[str]]:
        """Re-queue running jobs whose lease ran out and, right after a restart, those this worker
        held before (it is not running them any more). A job that has already used every attempt
        fails instead: it keeps killing its workers."""
        now = utcnow()
        lost = or_(jobs.c.lease_expires_at < now, jobs.c.lease_owner.is_(None))
        if restarted:
            lost = or_(lost, jobs.c.lease_owner == worker)
        async with self.db.connect() as conn:
            rows = (
                await conn.execute(
                    select(jobs.c.id, jobs.c.attempts).where(jobs.c.status == JobStatus.running.value, lost)
                )
            ).all()
            requeued, failed = [], []
            for job_id, attempts in rows:
                if attempts >= self.max_attempts:
                    await conn.execute(
                        update(jobs)
                        .where(jobs.c.id == job_id, jobs.c.status == JobStatus.running.value)
                        .values(
                            status=JobStatus.failed.value,
                            finished_at=now,
                            error_code="worker_lost",
                            error_message=f"the worker running this job stopped {attempts} times; giving up",
                            lease_owner=None,
                            lease_expires_at=None,
                        )
                    )
                    failed.append(job_id)
                else:
                    await conn.execute(
                        update(jobs)
                        .where(jobs.c.id == job_id, jobs.c.status == JobStatus.running.value)
                        .values(
                            status=JobStatus.queued.value,
                            lease_owner=None,
                            lease_expires_at=None,
                            started_at=None,
                            progress_step=0,
                        )
                    )
                    requeued.append(job_id)
        return requeued, failed

    @staticmethod
    def _ledger(conn: Connection, job: Job, status: JobStatus, usage: UsageEntry, now: datetime) -> None:
        """One ledger row per finished job."""
        conn.execute(
            insert(usage_ledger),
            dict(
                job_id=job.id,
                key_id=job.key_id,
                model_id=job.model_id,
                task=job.task,
                status=status.value,
                images=usage.images,
                megapixel_steps=usage.megapixel_steps,
                compute_s=usage.compute_s,
                cost=usage.cost,
                currency=usage.currency,
                created_at=now,
            ),
        )


@cache
def _claim_statements(by_model: bool) -> tuple[Any, Any]:
    """The claim's two statements, built once with bound parameters (building the ranked query
    anew for every claim cost more than running it)."""
    # A key's rank counts its running jobs too: a key already being served waits its turn.
    rank = func.row_number().over(partition_by=jobs.c.key_id, order_by=(jobs.c.created_at, jobs.c.id))
    pending = select(jobs.c.id, jobs.c.model_id, jobs.c.created_at, jobs.c.status, rank.label("rank")).where(
        jobs.c.status.in_([JobStatus.queued.value, JobStatus.running.value])
    )
    if by_model:
        pending = pending.where(jobs.c.model_id.in_(bindparam("models", expanding=True)))
    sub = pending.subquery()
    affinity = case((sub.c.model_id.in_(bindparam("prefer", expanding=True)), 0), else_=1)
    pick = (
        select(sub.c.id)
        .where(sub.c.status == JobStatus.queued.value)
        .order_by(sub.c.rank, affinity, sub.c.created_at, sub.c.id)
        .limit(8)
    )
    take = (
        update(jobs)
        .where(jobs.c.id == bindparam("claim_id"), jobs.c.status == JobStatus.queued.value)
        .values(
            status=JobStatus.running.value,
            lease_owner=bindparam("claim_worker"),
            lease_expires_at=bindparam("claim_expires", type_=jobs.c.lease_expires_at.type),
            started_at=bindparam("claim_now", type_=jobs.c.started_at.type),
            attempts=jobs.c.attempts + 1,
            progress_step=0,
        )
        .returning(*jobs.c)
    )
    return pick, take


@cache
def _end_statement(bound: tuple[str, ...], expressions: tuple[str, ...]) -> Any:
    """The UPDATE that ends a running job: ``bound`` columns take parameters ``end_<name>``; the
    ``expressions`` columns (only ``progress_step``, from ``progress_total``) are SQL."""
    sql = {"progress_step": jobs.c.progress_total}
    values: dict[str, Any] = {name: bindparam(f"end_{name}", type_=jobs.c[name].type) for name in bound}
    values |= {name: sql[name] for name in expressions}
    return (
        update(jobs)
        .where(
            jobs.c.id == bindparam("end_job"),
            jobs.c.lease_owner == bindparam("end_worker"),
            jobs.c.status == JobStatus.running.value,
        )
        .values(**values)
        .returning(*jobs.c)
    )
