"""The outbox on a real database (SQLite and PostgreSQL): claims under a lease, and a delivery log
that shows every attempt — the one a crash cut short too."""

from __future__ import annotations

from datetime import timedelta

from imagegate.db import Database
from imagegate.db.types import utcnow
from imagegate.webhooks.outbox import DELIVERED, INTERRUPTED, Outbox


async def test_an_attempt_cut_short_by_a_crash_is_in_the_delivery_log(portable_db: Database) -> None:
    outbox, now = Outbox(portable_db), utcnow()
    async with portable_db.connect() as conn:
        msg_id = await outbox.enqueue(
            conn, key_id="key_a", job_id=None, event="job.succeeded", url="https://hooks.test/x", body="{}", now=now
        )
    [first] = await outbox.claim_due(now, limit=5, lease_s=60)
    assert first.id == msg_id and first.attempts == 0
    assert await outbox.claim_due(now + timedelta(seconds=30), limit=5, lease_s=60) == []  # leased

    # The worker died mid-send (nothing recorded); once the lease runs out another claims it.
    later = now + timedelta(seconds=61)
    [again] = await outbox.claim_due(later, limit=5, lease_s=60)
    assert again.id == msg_id and again.attempts == 1
    await outbox.record(again, at=later, status_code=200, error=None, duration_ms=4.0, outcome=DELIVERED)

    [listed] = await outbox.list_messages("key_a")
    assert listed.status == DELIVERED and listed.attempts == 2
    assert [a["attempt"] for a in listed.attempt_log] == [1, 2]
    cut, delivered = listed.attempt_log
    assert cut["error"] == INTERRUPTED and cut["status_code"] is None
    assert abs((cut["at"] - now).total_seconds()) < 1  # when the cut attempt began
    assert delivered["status_code"] == 200 and delivered["error"] is None
