"""Signed webhooks through a real server to a real loopback receiver: retries with backoff,
Standard Webhooks signatures, the delivery log, 410 disabling, rotation, bad input."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from tests.gateway.conftest import PRICE_PER_IMAGE, Gateway
from tests.support.http_peer import HttpPeer, Recorded, Reply


def failing_first(n: int, status: int = 500) -> Callable[[Recorded], Reply]:
    lock, count = threading.Lock(), [0]

    def handler(_: Recorded) -> Reply:
        with lock:
            count[0] += 1
            return Reply(status if count[0] <= n else 200, b"ok")

    return handler


def wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def messages(client: httpx.Client, **params: str) -> list[dict]:
    return client.get("/v1/webhooks/messages", params=params).json()["data"]


def test_retried_until_delivered_and_signature_verifies(gateway: Gateway) -> None:
    key, _ = gateway.new_key("hooks", plan="unlimited")
    with HttpPeer(failing_first(3)) as peer, gateway.client(key) as client:
        secret = client.get("/v1/webhooks/secret").json()["secret"]
        assert secret.startswith("whsec_")
        job = client.post(
            "/v1/jobs",
            json={"prompt": "hooked", "webhook": f"{peer.url}/hook?x=1", "track_id": "order-42"},
        ).json()
        wait_for(lambda: len(peer.requests) >= 4)
        first, *_, last = peer.requests
        assert len(peer.requests) == 4 and last.path == "/hook?x=1"
        assert len({r.headers["webhook-id"] for r in peer.requests}) == 1  # one message, retried
        stamps = [int(r.headers["webhook-timestamp"]) for r in peer.requests]
        assert stamps == sorted(stamps) and abs(stamps[-1] - time.time()) < 60
        event = Webhook(secret).verify(last.body, last.headers)
        assert event["type"] == "job.succeeded" and event["data"]["id"] == job["id"]
        assert event["data"]["track_id"] == "order-42" and event["data"]["status"] == "succeeded"
        image = event["data"]["images"][0]
        assert httpx.get(image["url"]).content.startswith(b"\x89PNG")  # signed URL, no key needed
        tampered = dict(last.headers, **{"webhook-id": "msg_other"})
        with pytest.raises(Exception, match="signature"):
            Webhook(secret).verify(last.body, tampered)

        wait_for(lambda: messages(client, job_id=job["id"])[0]["status"] == "delivered")
        log = messages(client, job_id=job["id"])[0]
        assert log["id"] == first.headers["webhook-id"] and log["event"] == "job.succeeded"
        assert log["attempts"] == 4 and [a["status_code"] for a in log["attempt_log"]] == [500, 500, 500, 200]
        gaps = [
            (b - a)
            for a, b in zip(
                [_t(x["at"]) for x in log["attempt_log"]], [_t(x["at"]) for x in log["attempt_log"]][1:], strict=False
            )
        ]
        assert all(g >= 0.09 for g in gaps), gaps  # backoff: never immediately
        full = client.get(f"/v1/webhooks/messages/{log['id']}").json()
        assert full["payload"]["data"]["id"] == job["id"]


def _t(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def test_event_filter_and_started_event(gateway: Gateway) -> None:
    key, _ = gateway.new_key("filter", plan="unlimited")
    with HttpPeer(lambda r: Reply(204)) as peer, gateway.client(key) as client:
        hook = f"{peer.url}/events"
        client.post(
            "/v1/jobs", json={"prompt": "f", "webhook": hook, "webhook_events_filter": ["started", "completed"]}
        )
        wait_for(lambda: len(peer.requests) >= 2)
        types = [json.loads(r.body)["type"] for r in peer.requests]
        assert types == ["job.started", "job.succeeded"]
        only_failed = client.post(
            "/v1/jobs",
            json={"prompt": "g", "webhook": hook, "webhook_events_filter": ["failed"]},
            headers={"Prefer": "wait=60"},
        ).json()
        assert only_failed["status"] == "succeeded"
        time.sleep(1.0)
        assert len(peer.requests) == 2  # nothing for a success when only failures were asked for


def test_gone_disables_the_endpoint(gateway: Gateway) -> None:
    key, _ = gateway.new_key("gone", plan="unlimited")
    with HttpPeer(lambda r: Reply(410)) as peer, gateway.client(key) as client:
        hook = f"{peer.url}/gone"
        job = client.post("/v1/jobs", json={"prompt": "gone", "webhook": hook}).json()
        wait_for(
            lambda: (
                bool(messages(client, job_id=job["id"]))
                and messages(client, job_id=job["id"])[0]["status"] == "disabled"
            )
        )
        assert len(peer.requests) == 1  # not retried
        assert [e["url"] for e in client.get("/v1/webhooks/endpoints/disabled").json()["data"]] == [hook]
        refused = client.post("/v1/jobs", json={"prompt": "again", "webhook": hook})
        assert refused.status_code == 422 and refused.json()["code"] == "webhook_disabled"
        assert refused.json()["errors"][0]["field"] == "webhook"
        assert client.post("/v1/webhooks/endpoints/enable", json={"url": hook}).json()["data"] == []
        assert client.post("/v1/jobs", json={"prompt": "again", "webhook": hook}).status_code == 202


def test_delivery_gives_up_after_the_retry_window(gateway: Gateway) -> None:
    key, _ = gateway.new_key("give-up", plan="unlimited")  # the test server retries for 6 s
    with HttpPeer(lambda r: Reply(503)) as peer, gateway.client(key) as client:
        job = client.post("/v1/jobs", json={"prompt": "never", "webhook": f"{peer.url}/down"}).json()
        wait_for(
            lambda: (
                bool(messages(client, job_id=job["id"])) and messages(client, job_id=job["id"])[0]["status"] == "failed"
            ),
            timeout=40,
        )
        log = messages(client, job_id=job["id"])[0]
        assert log["attempts"] >= 4 and log["attempts"] == len(peer.requests)
        assert "gave up" in log["last_error"]
        assert client.get("/v1/webhooks/messages", params={"status": "failed"}).json()["data"][0]["id"] == log["id"]


def test_rotation_signs_with_old_and_new_secret(gateway: Gateway) -> None:
    key, key_id = gateway.new_key("rotate", plan="unlimited")
    with HttpPeer(lambda r: Reply(200)) as peer, gateway.client(key) as client, gateway.admin() as admin:
        old = client.get("/v1/webhooks/secret").json()["secret"]
        rotated = admin.post(f"/v1/keys/{key_id}/webhook-secret").json()
        new = rotated["secret"]
        assert new != old and rotated["previous_valid_until"]
        assert client.get("/v1/webhooks/secret").json()["secret"] == new
        client.post("/v1/jobs", json={"prompt": "rot", "webhook": f"{peer.url}/r"})
        wait_for(lambda: len(peer.requests) >= 1)
        request = peer.requests[0]
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        for secret in (old, new):
            Webhook(secret).verify(request.body, request.headers)


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"webhook": "ftp://127.0.0.1/x"}, "webhook", "invalid_url"),
        ({"webhook": "not a url"}, "webhook", "invalid_url"),
        ({"webhook": "http://10.1.2.3/hook"}, "webhook", "url_refused"),
        ({"webhook": "http://169.254.169.254/latest"}, "webhook", "url_refused"),
        ({"webhook": "http://[::1]:9/x"}, "webhook", "url_refused"),
        ({"webhook": "http://127.0.0.1:9/x", "webhook_events_filter": ["bogus"]}, "webhook_events_filter", None),
        ({"webhook": "http://127.0.0.1:9/x", "webhook_events_filter": []}, "webhook_events_filter", None),
        ({"webhook": "http://127.0.0.1:9/x", "webhook_events_filter": "completed"}, "webhook_events_filter", None),
        ({"webhook_events_filter": ["completed"]}, "webhook_events_filter", None),
        ({"track_id": ""}, "track_id", None),
    ],
)
def test_bad_webhook_input_names_the_field(gateway: Gateway, extra: dict, field: str, code: str | None) -> None:
    key, _ = gateway.new_key("bad-hooks", plan="unlimited")
    with gateway.client(key) as client:
        response = client.post("/v1/jobs", json={"prompt": "x", **extra})
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["errors"][0]["field"] == field
        if code:
            assert body["code"] == code
        assert client.get("/v1/jobs").json()["data"] == []  # nothing half-created


def test_budget_alerts_at_80_and_100_percent(gateway: Gateway) -> None:
    with HttpPeer(lambda r: Reply(200)) as peer:
        key, _ = gateway.new_key(
            "alerts", plan="unlimited", budget_daily=5 * PRICE_PER_IMAGE, alert_webhook=f"{peer.url}/alerts"
        )
        with gateway.client(key) as client:
            for i in range(5):
                done = client.post(
                    "/v1/jobs", json={"model": "tiny-priced", "prompt": f"a{i}"}, headers={"Prefer": "wait=60"}
                )
                assert done.json()["status"] == "succeeded"
            wait_for(lambda: len(peer.requests) >= 2)
            alerts = [json.loads(r.body) for r in peer.requests]
            assert [a["type"] for a in alerts] == ["budget.alert", "budget.alert"]
            assert sorted(a["data"]["threshold_percent"] for a in alerts) == [80, 100]
            assert all(a["data"]["period"].startswith("d:") for a in alerts)
            secret = client.get("/v1/webhooks/secret").json()["secret"]
            Webhook(secret).verify(peer.requests[0].body, peer.requests[0].headers)
