"""ModelsLab's callback body, for jobs created through this dialect: the success envelope plus
``track_id``, or ``{status: "failed", id, message, track_id}`` for a failed or canceled job. Every
other job, and the ``started`` event (which ModelsLab does not have), gets the native body.

``output`` holds links (signed for ``webhook_url_ttl_s``, to outlast the retries) even for
``base64`` requests, so that a message stays small in the outbox; the links serve the same bytes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from imagegate.admission.options import TERMINAL_EVENTS
from imagegate.api.modelslab import translate
from imagegate.api.modelslab.envelopes import ended_envelope
from imagegate.api.modelslab.state import ModelslabRequests
from imagegate.domain.jobs import Job
from imagegate.storage.signing import UrlSigner


class ModelslabWebhookBody:
    """A ``webhooks.bodies.DialectBody``: runs inside the transaction that queues the message."""

    def __init__(self, public_url: str | None):
        self.public_url = public_url

    def __call__(self, conn: Connection, event: str, job: Job, signer: UrlSigner) -> dict[str, Any] | None:
        if event not in TERMINAL_EVENTS:
            return None
        record = ModelslabRequests.by_job_in(conn, job.id)
        if record is None:
            return None
        base = (self.public_url or str(record.options.get("base_url") or "")).rstrip("/")
        return translate.webhook_payload(ended_envelope(job, record, base, signer), record.track_id)
