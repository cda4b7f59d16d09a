"""The SQL of the worker's hot path, built once with bound parameters (building the ranked claim
query anew for every claim cost more than running it)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import bindparam, case, func, select, update

from imagegate.db.tables import job_gateway, jobs
from imagegate.domain.jobs import JobStatus


@cache
def claim_statements(by_model: bool) -> tuple[Any, Any]:
    """The claim's two statements: pick candidates in fair order, then take one if still queued."""
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
def end_statement(bound: tuple[str, ...], expressions: tuple[str, ...]) -> Any:
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


@cache
def finalize_statement() -> Any:
    """Marks a job's terms settled; matches only once, so a job is settled exactly once."""
    return (
        update(job_gateway)
        .where(job_gateway.c.job_id == bindparam("settle_job"), job_gateway.c.finalized_at.is_(None))
        .values(finalized_at=bindparam("settle_now", type_=job_gateway.c.finalized_at.type))
    )


@cache
def terms_statement() -> Any:
    return select(job_gateway).where(job_gateway.c.job_id == bindparam("terms_job"))
