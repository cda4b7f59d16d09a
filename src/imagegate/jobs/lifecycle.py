"""The job lifecycle: what happens beside a job's own state when it starts and when it ends.

The job store and the runner own the job's state (``queued → running → succeeded | failed |
canceled``). What a job means to the rest of the gateway — quota and budget held for it, its
webhook, its cache entry, alerts and metrics — is one ``JobLifecycle``, handed to the store and the
runner when they are built (the bookkeeper, ``bookkeeping.Bookkeeper``, in a server). Nothing is
registered at run time and nothing is looked up across threads: a job carries its terms
(``Job.terms``) from its claim to its end.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.engine import Connection

from imagegate.domain.jobs import Job


class JobLifecycle(Protocol):
    async def started(self, job: Job) -> None:
        """The job began running here, right after its claim (e.g. its ``started`` webhook)."""

    def settle(self, conn: Connection, job: Job) -> None:
        """Inside the transaction that ends ``job`` — however it ends: succeeded, failed, canceled,
        its worker lost, or a cache hit written at admission — exactly once per job with terms: the
        bookkeeping that must commit together with the end (reservations settled, the webhook
        message queued, the result cached). Synchronous; it must not open another connection."""

    async def finished(self, job: Job) -> None:
        """After the end has committed: what may follow (webhook delivery, budget alerts, metrics,
        the log line). Never raises."""
