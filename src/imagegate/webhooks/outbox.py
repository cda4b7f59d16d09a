"""The durable webhook outbox: one row per message (its ``id`` is the ``webhook-id``, the same on
every retry), one row per delivery attempt, and the endpoints that asked to be left alone (410).

A message is written in the same transaction as the job's final bookkeeping, so a job that ended
always has its webhook queued; the delivery worker claims due messages under a short lease (a
worker that dies mid-delivery hands the message back when the lease runs out).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from imagegate.db import Database
from imagegate.db.tables import webhook_attempts, webhook_endpoints_disabled, webhook_messages
from imagegate.domain.ids import new_id

PENDING, DELIVERING, DELIVERED, FAILED, DISABLED = "pending", "delivering", "delivered", "failed", "disabled"
INTERRUPTED = "interrupted: the server stopped during this attempt; the endpoint may have received it"


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


@dataclass
class Message:
    id: str
    key_id: str
    job_id: str | None
    event: str
    url: str
    body: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    finished_at: datetime | None
    attempt_log: list[dict[str, Any]] | None = None


def _message(row: Any) -> Message:
    return Message(
        id=row["id"],
        key_id=row["key_id"],
        job_id=row["job_id"],
        event=row["event"],
        url=row["url"],
        body=row["body"],
        status=row["status"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_status_code=row["last_status_code"],
        last_error=row["last_error"],
        created_at=row["created_at"],
        finished_at=row["finished_at"],
    )


def message_row(*, key_id: str, job_id: str | None, event: str, url: str, body: str, now: datetime) -> dict[str, Any]:
    """A new pending message, due now, as a row of ``webhook_messages``."""
    return dict(
        id=new_id("msg"),
        key_id=key_id,
        job_id=job_id,
        event=event,
        url=url,
        body=body,
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        lease_expires_at=None,
        last_status_code=None,
        last_error=None,
        created_at=now,
        finished_at=None,
    )


class Outbox:
    def __init__(self, db: Database):
        self.db = db

    async def enqueue(
        self, conn: AsyncConnection, *, key_id: str, job_id: str | None, event: str, url: str, body: str, now: datetime
    ) -> str:
        row = message_row(key_id=key_id, job_id=job_id, event=event, url=url, body=body, now=now)
        await conn.execute(insert(webhook_messages), row)
        return str(row["id"])

    @staticmethod
    def enqueue_in(
        conn: Connection, *, key_id: str, job_id: str | None, event: str, url: str, body: str, now: datetime
    ) -> str:
        """``enqueue`` inside a unit of work (``Database.run``) that is already open: the message
        commits with whatever else the unit writes (a job's end) or not at all."""
        row = message_row(key_id=key_id, job_id=job_id, event=event, url=url, body=body, now=now)
        conn.execute(insert(webhook_messages), row)
        return str(row["id"])

    async def claim_due(self, now: datetime, *, limit: int, lease_s: float) -> list[Message]:
        """Take up to ``limit`` messages that are due (or whose delivering worker vanished)."""
        due = or_(
            and_(webhook_messages.c.status == PENDING, webhook_messages.c.next_attempt_at <= now),
            and_(webhook_messages.c.status == DELIVERING, webhook_messages.c.lease_expires_at < now),
        )
        async with self.db.engine.connect() as conn:
            ids = [
                r[0]
                for r in await conn.execute(
                    select(webhook_messages.c.id).where(due).order_by(webhook_messages.c.next_attempt_at).limit(limit)
                )
            ]
        claimed = []
        for msg_id in ids:
            async with self.db.connect() as conn:
                before = (
                    (await conn.execute(select(webhook_messages).where(webhook_messages.c.id == msg_id)))
                    .mappings()
                    .first()
                )
                if before is None:
                    continue
                interrupted = before["status"] == DELIVERING
                done = await conn.execute(
                    update(webhook_messages)
                    .where(webhook_messages.c.id == msg_id, due)
                    .values(
                        status=DELIVERING,
                        lease_expires_at=now + timedelta(seconds=lease_s),
                        attempts=webhook_messages.c.attempts + (1 if interrupted else 0),
                    )
                )
                if done.rowcount != 1:
                    continue  # another worker claimed it first
                if interrupted:
                    # Its worker stopped mid-attempt (a crash, or a stop that outlasted the grace):
                    # the endpoint may have got it, and gets it again with the same webhook-id. The
                    # log shows that attempt, so a receiver's duplicate is explained.
                    await conn.execute(
                        insert(webhook_attempts).values(
                            message_id=msg_id,
                            attempt=int(before["attempts"]) + 1,
                            at=before["lease_expires_at"] - timedelta(seconds=lease_s),
                            status_code=None,
                            error=INTERRUPTED,
                            duration_ms=0.0,
                        )
                    )
                row = (
                    (await conn.execute(select(webhook_messages).where(webhook_messages.c.id == msg_id)))
                    .mappings()
                    .one()
                )
                claimed.append(_message(row))
        return claimed

    async def record(
        self,
        msg: Message,
        *,
        at: datetime,
        status_code: int | None,
        error: str | None,
        duration_ms: float,
        outcome: str,
        next_attempt_at: datetime | None = None,
    ) -> None:
        """Log one attempt and move the message on: ``outcome`` is pending (retry at
        ``next_attempt_at``), delivered, failed or disabled."""
        attempt = msg.attempts + 1
        values: dict[str, Any] = dict(
            status=outcome,
            attempts=attempt,
            lease_expires_at=None,
            last_status_code=status_code,
            last_error=error[:2000] if error else None,
        )
        if outcome == PENDING:
            values["next_attempt_at"] = next_attempt_at or at
        else:
            values["finished_at"] = at
        async with self.db.connect() as conn:
            await conn.execute(update(webhook_messages).where(webhook_messages.c.id == msg.id).values(**values))
            await conn.execute(
                insert(webhook_attempts).values(
                    message_id=msg.id,
                    attempt=attempt,
                    at=at,
                    status_code=status_code,
                    error=error[:2000] if error else None,
                    duration_ms=round(duration_ms, 3),
                )
            )

    # -- endpoints answering 410 Gone ---------------------------------------------------------------

    async def disable_endpoint(self, key_id: str, url: str, *, reason: str, now: datetime) -> int:
        """Stop sending to ``url`` for this key; its pending messages end as disabled. Returns how many."""
        try:
            async with self.db.connect() as conn:
                await conn.execute(
                    insert(webhook_endpoints_disabled).values(
                        key_id=key_id, url_hash=url_hash(url), url=url, reason=reason, disabled_at=now
                    )
                )
        except IntegrityError:
            pass
        async with self.db.connect() as conn:
            done = await conn.execute(
                update(webhook_messages)
                .where(
                    webhook_messages.c.key_id == key_id,
                    webhook_messages.c.url == url,
                    webhook_messages.c.status == PENDING,
                )
                .values(status=DISABLED, finished_at=now, last_error="endpoint disabled (it answered 410 Gone)")
            )
        return int(done.rowcount or 0)

    async def is_disabled(self, key_id: str, url: str) -> bool:
        return await self.db.run(lambda conn: self.disabled_in(conn, key_id, url))

    @staticmethod
    def disabled_in(conn: Connection, key_id: str, url: str) -> bool:
        """``is_disabled`` inside ``conn``'s transaction."""
        query = select(webhook_endpoints_disabled.c.url).where(
            webhook_endpoints_disabled.c.key_id == key_id,
            webhook_endpoints_disabled.c.url_hash == url_hash(url),
        )
        return conn.execute(query).first() is not None

    async def disabled_endpoints(self, key_id: str) -> list[dict[str, Any]]:
        async with self.db.engine.connect() as conn:
            rows = await conn.execute(
                select(webhook_endpoints_disabled)
                .where(webhook_endpoints_disabled.c.key_id == key_id)
                .order_by(webhook_endpoints_disabled.c.disabled_at)
            )
            return [{"url": r["url"], "reason": r["reason"], "disabled_at": r["disabled_at"]} for r in rows.mappings()]

    async def enable_endpoint(self, key_id: str, url: str) -> bool:
        async with self.db.connect() as conn:
            done = await conn.execute(
                delete(webhook_endpoints_disabled).where(
                    webhook_endpoints_disabled.c.key_id == key_id,
                    webhook_endpoints_disabled.c.url_hash == url_hash(url),
                )
            )
        return bool(done.rowcount)

    # -- the delivery log ---------------------------------------------------------------------------

    async def list_messages(
        self,
        key_id: str,
        *,
        job_id: str | None = None,
        status: str | None = None,
        limit: int = 50,
        before: str | None = None,
    ) -> list[Message]:
        query = select(webhook_messages).where(webhook_messages.c.key_id == key_id)
        if job_id is not None:
            query = query.where(webhook_messages.c.job_id == job_id)
        if status is not None:
            query = query.where(webhook_messages.c.status == status)
        if before is not None:
            query = query.where(webhook_messages.c.id < before)
        query = query.order_by(webhook_messages.c.id.desc()).limit(limit)
        async with self.db.engine.connect() as conn:
            messages = [_message(r) for r in (await conn.execute(query)).mappings()]
            if messages:
                rows = await conn.execute(
                    select(webhook_attempts)
                    .where(webhook_attempts.c.message_id.in_([m.id for m in messages]))
                    .order_by(webhook_attempts.c.message_id, webhook_attempts.c.attempt)
                )
                by_msg: dict[str, list[dict[str, Any]]] = {m.id: [] for m in messages}
                for r in rows.mappings():
                    by_msg[r["message_id"]].append(
                        {
                            "attempt": r["attempt"],
                            "at": r["at"],
                            "status_code": r["status_code"],
                            "error": r["error"],
                            "duration_ms": r["duration_ms"],
                        }
                    )
                for m in messages:
                    m.attempt_log = by_msg[m.id]
        return messages

    async def counts(self) -> dict[str, int]:
        async with self.db.engine.connect() as conn:
            rows = await conn.execute(
                select(webhook_messages.c.status, func.count()).group_by(webhook_messages.c.status)
            )
            return {status: int(n) for status, n in rows}
