"""The body of a job's webhook message: the shape of the client dialect the job came through when
that dialect has one of its own (ModelsLab's callbacks), else the native ``job.<event>`` message.

Bodies are rendered inside the transaction that queues the message, so a dialect may read its own
rows on that connection; image links are signed with the webhook signer, whose URLs outlive the
whole retry window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.engine import Connection

from imagegate.domain.jobs import Job
from imagegate.storage.signing import UrlSigner
from imagegate.webhooks import payload


class DialectBody(Protocol):
    """A dialect's body for ``event`` of ``job``, or None when the job is not that dialect's (or the
    dialect has no such event): the native body is sent then. Runs on the transaction's connection
    and must not await."""

    def __call__(self, conn: Connection, event: str, job: Job, signer: UrlSigner) -> dict[str, Any] | None: ...


class WebhookBodies:
    def __init__(self, *, base_url: str, signer: UrlSigner, dialects: Sequence[DialectBody] = ()):
        self.base_url = base_url.rstrip("/")
        self.signer = signer
        self.dialects = tuple(dialects)

    def render(self, conn: Connection, event: str, job: Job, *, now: datetime) -> str:
        """The exact text that is signed and sent for ``event`` (started, succeeded, failed, canceled)."""
        for dialect in self.dialects:
            body = dialect(conn, event, job, self.signer)
            if body is not None:
                return payload.dump(body)
        return payload.job_event(event, job, base_url=self.base_url, signer=self.signer, track_id=job.track_id, now=now)
