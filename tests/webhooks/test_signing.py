"""Our Standard Webhooks signatures verify with the reference library; backoff stays in bounds."""

from __future__ import annotations

import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from imagegate.admission.policies import new_webhook_secret
from imagegate.webhooks import signing
from imagegate.webhooks.delivery import backoff_s


def test_signatures_verify_with_standardwebhooks() -> None:
    secret, other = new_webhook_secret(), new_webhook_secret()
    body = b'{"type":"job.succeeded","data":{"id":"job_1"}}'
    headers = signing.headers([secret, other], "msg_abc", int(time.time()), body)
    assert headers["webhook-signature"].count("v1,") == 2
    for s in (secret, other):
        assert Webhook(s).verify(body, headers)["data"]["id"] == "job_1"
    with pytest.raises(WebhookVerificationError):
        Webhook(new_webhook_secret()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body + b" ", headers)
    stale = signing.headers([secret], "msg_abc", int(time.time()) - 3600, body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, stale)
    with pytest.raises(ValueError):
        signing.sign(secret, "msg.1", 1, body)


def test_backoff_doubles_with_jitter_and_a_cap() -> None:
    for attempt in range(1, 12):
        raw = min(3600, 5 * 2 ** (attempt - 1))
        delays = [backoff_s(attempt, base_s=5, max_s=3600) for _ in range(50)]
        assert all(raw / 2 <= d <= raw for d in delays)
        assert len(set(delays)) > 1
