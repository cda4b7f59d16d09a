"""Checking that a webhook really comes from your imagegate server (Standard Webhooks v1).

The server signs ``"{webhook-id}.{webhook-timestamp}.{raw body}"`` with HMAC-SHA256 under the
endpoint's secret (``whsec_`` + base64) and sends ``webhook-id``, ``webhook-timestamp`` and
``webhook-signature`` (space-separated ``v1,<base64>`` entries: several while a secret rotates).
Verify the raw bytes as received — re-serialised JSON would not match.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from imagegate.client.errors import WebhookVerificationError

DEFAULT_TOLERANCE_S = 300


def _key(secret: str | bytes) -> bytes:
    if isinstance(secret, bytes):
        return secret
    try:
        return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("the webhook secret is not 'whsec_' followed by base64") from None


def sign(msg_id: str, timestamp: int, body: bytes | str, secret: str | bytes) -> str:
    """The ``v1,<base64>`` signature of a message (what a sender puts in ``webhook-signature``)."""
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(_key(secret), f"{msg_id}.{timestamp}.".encode() + raw, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify_webhook(
    headers: Mapping[str, str],
    body: bytes | str,
    secret: str | bytes,
    *,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    now: float | None = None,
) -> Any:
    """Check a delivery and return its parsed JSON payload; raise ``WebhookVerificationError`` if
    a header is missing, the timestamp is more than ``tolerance_s`` seconds off (a replay), or no
    ``v1`` signature matches.

    Args:
        headers: The request's headers (any mapping; names are matched case-insensitively).
        body: The raw request body, exactly as received.
        secret: The endpoint's signing secret (``whsec_…``), or the raw key bytes.
        tolerance_s: How far the timestamp may be from now (default 5 minutes).
        now: The current Unix time, for tests.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id, stamp, signatures = (lowered.get(f"webhook-{n}") for n in ("id", "timestamp", "signature"))
    if not msg_id or not stamp or not signatures:
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature header")
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not an integer") from None
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_s:
        raise WebhookVerificationError(f"webhook-timestamp is {current - timestamp:+.0f} s from now; refusing a replay")
    expected = sign(msg_id, timestamp, body, secret).removeprefix("v1,")
    for entry in signatures.split():
        version, _, value = entry.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected.encode()):
            try:
                return json.loads(body)
            except ValueError:
                raise WebhookVerificationError("the signed body is not JSON") from None
    raise WebhookVerificationError("no webhook-signature matches this body and secret")
