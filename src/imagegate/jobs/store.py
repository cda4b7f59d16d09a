"""JobStore: the durable job rows, the source of truth for every job, and the only writer of the
``jobs``, ``images``, ``usage_ledger`` and ``job_gateway`` (a job's terms) tables.

A job moves ``queued → running → succeeded | failed | canceled``. A worker *claims* a queued job under
a lease that it renews by heartbeat; a job whose lease runs out (its worker died) goes back to the
queue, so an accepted job is never lost. Every transition that a worker makes checks that it still
holds the lease, so a worker that was presumed dead cannot overwrite the result of the next one.

Every end — the runner's, a cancel while queued, a worker lost for good, a cache hit written at
admission — commits in one transaction with the job lifecycle's ``settle`` (reservations, webhook
message, cache entry), guarded so that it happens exactly once per job.

Claim order: round-robin between keys (a key's n-th queued job waits behind every other key's
(n-1)-th), then jobs for models already loaded on this worker, then age. The SQL is portable; the
claim is an optimistic ``UPDATE … WHERE status = 'queued'``, safe with many workers on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ClauseElement

from imagegate.db import Database
from imagegate.db.tables import images, job_gateway, jobs, usage_ledger
from imagegate.db.types import utcnow
from imagegate.domain.ids import new_id
from imagegate.domain.jobs import ImageRecord, Job, JobStatus, JobTerms
from imagegate.jobs.group_commit import GroupCommit
from imagegate.jobs.lifecycle import JobLifecycle
from imagegate.jobs.reads import JobReader
from imagegate.jobs.rows import (
    NewJob,
    UsageEntry,
    image_of,
    image_row,
    images_of,
    job_of,
    job_row,
    ledger_row,
    terms_of,
    terms_row,
    with_terms,
)
from imagegate.jobs.statements import claim_statements, end_statement, finalize_statement, terms_statement

log = logging.getLogger("imagegate.jobs")


EndUnit = Callable[[Connection, bool], Job | None]


class JobStore(JobReader):
    def __init__(self, db: Database, *, lifecycle: JobLifecycle | None = None, max_attempts: int = 3):
        super().__init__(db)
        self.lifecycle = lifecycle  # None: jobs end without bookkeeping (tools and tests)
        self.max_attempts = max_attempts
        self._hits = GroupCommit(db)
        self._follow_ups: set[asyncio.Task[None]] = set()

    async def close(self) -> None:
        await self._hits.close()
        if self._follow_ups:
            await asyncio.wait(set(self._follow_ups))

    # -- admission ---------------------------------------------------------------------------

    async def create(self, new: NewJob, terms: JobTerms | None = None) -> tuple[Job, bool]:
        """Insert a queued job. With an idempotency key already used by this API key, return the
        earlier job instead (``created`` is False), or refuse if the request differs."""
        if new.idempotency_key is not None:
            existing = await self.replay(new.key_id, new.idempotency_key, new.request_hash)
            if existing is not None:
                return existing, False
        try:
            job = await self.db.run(lambda conn: self.insert_in(conn, new, terms), write=True)
        except IntegrityError:
            # Two requests raced with one idempotency key: the other one won; answer with its job.
            if new.idempotency_key is None:
                raise
            existing = await self.replay(new.key_id, new.idempotency_key, new.request_hash)
            if existing is None:
                raise
            return existing, False
        return job, True

    def insert_in(self, conn: Connection, new: NewJob, terms: JobTerms | None = None) -> Job:
        """Insert a queued job (and its terms) inside the caller's transaction; a duplicate
        Idempotency-Key raises ``IntegrityError`` (the caller rolls back and replays)."""
        job = Job(
            id=new.id or new_id("job"),
            key_id=new.key_id,
            status=JobStatus.queued,
            task=new.task,
            model_id=new.model_id,
            params=new.params,
            created_at=utcnow(),
            timeout_s=new.timeout_s,
            response_format=new.response_format,
            idempotency_key=new.idempotency_key,
            terms=terms,
        )
        conn.execute(insert(jobs), job_row(job, request_hash=new.request_hash))
        if terms is not None:
            conn.execute(insert(job_gateway), terms_row(job, terms, now=job.created_at))
        return job

    async def insert_ended(self, job: Job, usage: UsageEntry, *, request_hash: str | None) -> None:
        """Write a job that ended at admission (a cache hit) with its images, its ledger row and its
        settled terms; returns once committed and followed up. Many of these share one transaction
        (group commit); a duplicate Idempotency-Key raises ``IntegrityError``."""
        now = job.finished_at
        assert job.status.terminal and now is not None

        def unit(conn: Connection) -> None:
            conn.execute(insert(jobs), job_row(job, request_hash=request_hash))
            if job.images:
                conn.execute(insert(images), [image_row(i, created_at=now) for i in job.images])
            conn.execute(insert(usage_ledger), ledger_row(job, job.status, usage, now=now, cached=True))
            if job.terms is not None:
                conn.execute(insert(job_gateway), terms_row(job, job.terms, now=now, finalized=True))
                if self.lifecycle is not None:
                    self.lifecycle.settle(conn, job)

        await self._hits.run(unit)
        if self.lifecycle is not None:
            await self.lifecycle.finished(job)

    # -- cancel --------------------------------------------------------------------------------

    async def request_cancel(self, job_id: str, key_id: str) -> Job | None:
        """Cancel a queued job at once (settled with its end); flag a running one to stop at its next
        step. Returns the job as it stands, None if this key has no such job."""
        now = utcnow()
        values = dict(
            status=JobStatus.canceled.value,
            finished_at=now,
            error_code="canceled",
            error_message="canceled by the client",
            cancel_requested=True,
        )

        def unit(conn: Connection, settle: bool) -> Job | None:
            mine = (jobs.c.id == job_id, jobs.c.key_id == key_id)
            ended = self._end_where(conn, (*mine, jobs.c.status == JobStatus.queued.value), values, now, settle=settle)
            if ended is None:
                running = (*mine, jobs.c.status == JobStatus.running.value)
                conn.execute(update(jobs).where(*running).values(cancel_requested=True))
            return ended

        await self._end_and_finish(job_id, unit, wait=False)
        return await self.get(job_id, key_id=key_id)

    # -- the worker side ---------------------------------------------------------------------

    async def claim(
        self,
        worker: str,
        *,
        lease_s: float,
        models: list[str] | None = None,
        prefer: list[str] | None = None,
    ) -> Job | None:
        """Take the next queued job (restricted to ``models`` if given) under a lease; it comes with
        its terms, everything its run needs besides its parameters."""
        if models is not None and not models:
            return None
        pick, take = claim_statements(models is not None)
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
                        job = job_of(row)
                        job.terms = _terms_in(conn, job.id)
                        return job
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
        terms: JobTerms | None = None,
    ) -> Job | None:
        """Record a finished job, its images, its ledger entry and its settlement in one
        transaction. ``terms`` are the claimed job's (read again when not given). Returns the job
        as committed (None if this worker no longer held it)."""
        now = utcnow()
        values = dict(
            status=JobStatus.succeeded.value,
            finished_at=now,
            result=result,
            lease_owner=None,
            lease_expires_at=None,
            progress_step=jobs.c.progress_total,
        )

        def unit(conn: Connection, settle: bool) -> Job | None:
            ended = _end_row(conn, job_id, worker, values)
            if ended is None:
                return None
            ended.images = [replace(i, created_at=now) for i in image_rows]
            if image_rows:
                conn.execute(insert(images), [image_row(i, created_at=now) for i in image_rows])
            conn.execute(insert(usage_ledger), ledger_row(ended, JobStatus.succeeded, usage, now=now))
            self._settle_in(conn, ended, terms, now, settle=settle)
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
        terms: JobTerms | None = None,
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

        def unit(conn: Connection, settle: bool) -> Job | None:
            ended = _end_row(conn, job_id, worker, values)
            if ended is None:
                return None
            if usage is not None:
                conn.execute(insert(usage_ledger), ledger_row(ended, status, usage, now=now))
            self._settle_in(conn, ended, terms, now, settle=settle)
            return ended

        return await self._end(job_id, unit)

    async def _end(self, job_id: str, unit: EndUnit) -> Job | None:
        """Run a job's final transaction with its settlement; should that fail, without it: the
        job's own end must not hang on bookkeeping (the sweeper settles it within a sweep).
        Whoever ended the job follows it up, once."""
        try:
            return await self.db.run(lambda conn: unit(conn, True), write=True)
        except Exception:
            if self.lifecycle is None:
                raise
            log.exception("job %s: bookkeeping in its final transaction failed; ending it without", job_id)
        return await self.db.run(lambda conn: unit(conn, False), write=True)

    def _end_where(
        self, conn: Connection, where: tuple[Any, ...], values: dict[str, Any], now: datetime, *, settle: bool
    ) -> Job | None:
        """End the job ``where`` matches — one no runner holds (queued, or its worker lost) — and
        settle it in the same transaction. None when nothing matched."""
        row = conn.execute(update(jobs).where(*where).values(**values).returning(*jobs.c)).mappings().first()
        if row is None:
            return None
        ended = job_of(row)
        self._settle_in(conn, ended, None, now, settle=settle)
        return ended

    async def _end_and_finish(self, job_id: str, unit: EndUnit, *, wait: bool = True) -> Job | None:
        """An end this store makes itself (not a runner's): its lifecycle follow-up runs here too,
        awaited, or (``wait`` False) beside the caller, who announces the end meanwhile."""
        ended = await self._end(job_id, unit)
        if ended is not None and self.lifecycle is not None:
            if wait:
                await self.lifecycle.finished(ended)
            else:
                task = asyncio.create_task(self.lifecycle.finished(ended), name=f"finished-{job_id}")
                self._follow_ups.add(task)
                task.add_done_callback(self._follow_ups.discard)
        return ended

    def _settle_in(self, conn: Connection, job: Job, terms: JobTerms | None, now: datetime, *, settle: bool) -> None:
        """Attach the job's terms and settle it, once (``finalized_at`` guards a second time)."""
        job.terms = terms if terms is not None else _terms_in(conn, job.id)
        if not settle or job.terms is None or self.lifecycle is None:
            return
        if conn.execute(finalize_statement(), {"settle_job": job.id, "settle_now": now}).rowcount == 1:
            self.lifecycle.settle(conn, job)

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
        fails instead (settled with its end): it keeps killing its workers."""
        now = utcnow()
        lost = or_(jobs.c.lease_expires_at < now, jobs.c.lease_owner.is_(None))
        if restarted:
            lost = or_(lost, jobs.c.lease_owner == worker)
        async with self.db.engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(jobs.c.id, jobs.c.attempts).where(jobs.c.status == JobStatus.running.value, lost)
                )
            ).all()
        requeued, failed = [], []
        for job_id, attempts in rows:
            if attempts >= self.max_attempts:
                if await self._give_up(job_id, attempts, now):
                    failed.append(job_id)
            else:
                async with self.db.connect() as conn:
                    done = await conn.execute(
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
                if done.rowcount == 1:
                    requeued.append(job_id)
        return requeued, failed

    async def _give_up(self, job_id: str, attempts: int, now: datetime) -> bool:
        values = dict(
            status=JobStatus.failed.value,
            finished_at=now,
            error_code="worker_lost",
            error_message=f"the worker running this job stopped {attempts} times; giving up",
            lease_owner=None,
            lease_expires_at=None,
        )

        def unit(conn: Connection, settle: bool) -> Job | None:
            running = (jobs.c.id == job_id, jobs.c.status == JobStatus.running.value)
            return self._end_where(conn, running, values, now, settle=settle)

        return await self._end_and_finish(job_id, unit) is not None

    # -- settling what was left unsettled ------------------------------------------------------

    async def settle_ended(self, job_id: str) -> Job | None:
        """Settle an ended job that was left unsettled; None if there was nothing to do (it was
        settled already, by this process or another). Its follow-up (``finished``) ran when it ended."""
        now = utcnow()

        def unit(conn: Connection) -> Job | None:
            row = conn.execute(with_terms().where(jobs.c.id == job_id)).mappings().first()
            if row is None or not JobStatus(row["status"]).terminal:
                return None
            job = job_of(row)
            job.images = [image_of(r) for r in conn.execute(images_of([job_id])).mappings()]
            if job.terms is None or self.lifecycle is None:
                return None
            if conn.execute(finalize_statement(), {"settle_job": job_id, "settle_now": now}).rowcount != 1:
                return None
            self.lifecycle.settle(conn, job)
            return job

        return await self.db.run(unit, write=True)

    async def drop_orphan(self, job_id: str, release: Callable[[Connection, str, JobTerms], None]) -> bool:
        """Delete the terms of a job that does not exist, handing back what they reserved with
        ``release`` in the same transaction. False if they were gone (or the job appeared)."""

        def unit(conn: Connection) -> bool:
            if conn.execute(select(jobs.c.id).where(jobs.c.id == job_id)).first() is not None:
                return False
            row = conn.execute(terms_statement(), {"terms_job": job_id}).mappings().first()
            gone = delete(job_gateway).where(job_gateway.c.job_id == job_id, job_gateway.c.finalized_at.is_(None))
            terms = terms_of(row) if row is not None else None
            if row is None or terms is None or conn.execute(gone).rowcount != 1:
                return False
            release(conn, row["key_id"], terms)
            return True

        return await self.db.run(unit, write=True)


def _end_row(conn: Connection, job_id: str, worker: str, values: dict[str, Any]) -> Job | None:
    """Move a job this worker holds out of ``running`` (None if it holds it no more)."""
    expressions = {k for k, v in values.items() if isinstance(v, ClauseElement)}
    statement = end_statement(tuple(sorted(set(values) - expressions)), tuple(sorted(expressions)))
    bound = {f"end_{k}": v for k, v in values.items() if k not in expressions}
    row = conn.execute(statement, {"end_job": job_id, "end_worker": worker, **bound}).mappings().first()
    return job_of(row) if row is not None else None


def _terms_in(conn: Connection, job_id: str) -> JobTerms | None:
    row = conn.execute(terms_statement(), {"terms_job": job_id}).mappings().first()
    return terms_of(row) if row is not None else None
