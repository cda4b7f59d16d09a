"""``verify_webhook`` against signatures made by the reference ``standardwebhooks`` package.

The end-to-end check with a webhook the server itself delivers waits for the gateway's webhooks."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from imagegate.client import WebhookVerificationError, verify_webhook

SECRET = "whsec_" + base64.b64encode(b"a-32-byte-secret-for-the-tests!!").decode()
BODY = json.dumps({"type": "job.succeeded", "timestamp": "2026-11-24T00:00:00Z", "data": {"id": "job_1"}})


def signed(body: str = BODY, *, msg_id: str = "msg_1", at: float | None = None, secret: str = SECRET) -> dict[str, str]:
    when = datetime.fromtimestamp(int(at if at is not None else time.time()), UTC)
    signature = Webhook(secret).sign(msg_id, when, body)
    return {"webhook-id": msg_id, "webhook-timestamp": str(int(when.timestamp())), "webhook-signature": signature}


def test_accepts_a_correctly_signed_payload() -> None:
    payload = verify_webhook(signed(), BODY.encode(), SECRET)
    assert payload["data"]["id"] == "job_1"
    # Header names in any case (frameworks differ), the body as str, and the raw key as bytes.
    upper = {k.title(): v for k, v in signed().items()}
    raw_key = base64.b64decode(SECRET.removeprefix("whsec_"))
    assert verify_webhook(upper, BODY, raw_key)["type"] == "job.succeeded"


def test_rejects_a_tampered_body_or_signature() -> None:
    headers = signed()
    with pytest.raises(WebhookVerificationError, match="no webhook-signature matches"):
        verify_webhook(headers, BODY.replace("job_1", "job_2").encode(), SECRET)
    bad = {**headers, "webhook-signature": "v1," + base64.b64encode(b"x" * 32).decode()}
    with pytest.raises(WebhookVerificationError):
        verify_webhook(bad, BODY, SECRET)
    with pytest.raises(WebhookVerificationError):
        verify_webhook({**headers, "webhook-id": "msg_2"}, BODY, SECRET)  # the id is signed too
    other = "whsec_" + base64.b64encode(b"another-secret-another-secret!!!").decode()
    with pytest.raises(WebhookVerificationError):
        verify_webhook(headers, BODY, other)


def test_rejects_replays_and_missing_headers() -> None:
    old = signed(at=time.time() - 3600)
    with pytest.raises(WebhookVerificationError, match="replay"):
        verify_webhook(old, BODY, SECRET)
    assert verify_webhook(old, BODY, SECRET, tolerance_s=7200)["type"] == "job.succeeded"
    headers = signed()
    del headers["webhook-signature"]
    with pytest.raises(WebhookVerificationError, match="missing"):
        verify_webhook(headers, BODY, SECRET)


def test_any_one_of_several_signatures_may_match_while_a_secret_rotates() -> None:
    new_secret = "whsec_" + base64.b64encode(b"the-new-secret-after-rotation!!!").decode()
    old_headers, new_headers = signed(), signed(secret=new_secret)
    both = {
        **new_headers,
        "webhook-signature": f"{old_headers['webhook-signature']} {new_headers['webhook-signature']}",
    }
    assert verify_webhook(both, BODY, SECRET)["data"]["id"] == "job_1"
    assert verify_webhook(both, BODY, new_secret)["data"]["id"] == "job_1"
    # Our own signer agrees with the reference implementation byte for byte.
    from imagegate.client.webhooks import sign

    assert sign("msg_1", int(old_headers["webhook-timestamp"]), BODY, SECRET) == old_headers["webhook-signature"]
