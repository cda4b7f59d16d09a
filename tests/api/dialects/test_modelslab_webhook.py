"""ModelsLab ``webhook`` + ``track_id`` through a real server to a real loopback receiver: ModelsLab's
payload (success envelope plus ``track_id``, or ``{status: "failed", id, message, track_id}``), sent
by the gateway's outbox — Standard Webhooks signature headers, retried, in the delivery log — and
refused addresses answered 400 at submission."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

from imagegate.client import WebhookVerificationError, verify_webhook
from tests.api.dialects.conftest import SLOW, WebhookReceiver, native_job, wait_native
from tests.support.http_peer import Recorded
from tests.support.server import ServerProcess

TINY = {"width": "64", "height": "64", "num_inference_steps": "2", "samples": "1"}
LINK_KEYS = ("output", "proxy_links", "future_links")


def new_key(server: ServerProcess, name: str, **policy: Any) -> tuple[str, str]:
    with server.client() as admin:
        created = admin.post("/v1/keys", json={"name": name, "scopes": ["generate"]}).json()
        if policy:
            patched = admin.patch(f"/v1/keys/{created['id']}/policy", json=policy)
            assert patched.status_code == 200, patched.text
    return created["key"], created["id"]


def secret_of(server: ServerProcess, key: str) -> str:
    with server.client(key) as client:
        return str(client.get("/v1/webhooks/secret").json()["secret"])


def delivery_log(server: ServerProcess, key: str, job_id: str, *, until: str = "delivered") -> dict[str, Any]:
    """The job's one webhook message, once it reached status ``until``."""
    with server.client(key) as client:
        for _ in range(200):
            found = client.get("/v1/webhooks/messages", params={"job_id": job_id}).json()["data"]
            if found and found[0]["status"] == until:
                assert len(found) == 1, found
                return dict(client.get(f"/v1/webhooks/messages/{found[0]['id']}").json())
            time.sleep(0.05)
    raise AssertionError(f"the webhook of {job_id} never became {until}")


def verified(call: Recorded, secret: str) -> dict[str, Any]:
    assert call.method == "POST" and call.headers["content-type"] == "application/json"
    return dict(verify_webhook(call.headers, call.body, secret))


def without_query(url: str) -> str:
    return url.split("?")[0]


def test_success_calls_back_with_the_modelslab_payload_signed_and_retried(
    dialect_server: ServerProcess, webhook_receiver: WebhookReceiver
) -> None:
    key, _ = new_key(dialect_server, "ml-hook")
    secret = secret_of(dialect_server, key)
    path = f"/fail-first/{uuid.uuid4().hex}"
    hook = f"{webhook_receiver.url}{path}?order=17"
    body = {"key": key, "prompt": "a red circle", **TINY, "seed": None, "webhook": hook, "track_id": "order-17"}
    with httpx.Client(base_url=dialect_server.url, timeout=60) as http:
        result = http.post("/api/v6/images/text2img", json=body).json()
    assert result["status"] == "success", result

    first, second = webhook_receiver.received(path, count=2)  # the first attempt got a 500
    assert second.path == f"{path}?order=17" and second.headers["user-agent"] == "imagegate-webhooks"
    assert first.headers["webhook-id"] == second.headers["webhook-id"] and first.body == second.body
    payload = verified(second, secret)
    # ModelsLab's payload: the success envelope plus track_id. Links are signed for the webhook's
    # longer lifetime, so only their query strings differ from the synchronous answer's.
    assert set(payload) == set(result) | {"track_id"}
    assert {k: v for k, v in payload.items() if k not in (*LINK_KEYS, "track_id")} == {
        k: v for k, v in result.items() if k not in LINK_KEYS
    }
    assert payload["status"] == "success" and payload["id"] == result["id"] and isinstance(payload["id"], int)
    assert payload["track_id"] == "order-17" and payload["meta"]["seed"] == result["meta"]["seed"]
    assert isinstance(payload["generationTime"], float) and payload["job_id"] == result["job_id"]
    for name in LINK_KEYS:
        assert [without_query(u) for u in payload[name]] == [without_query(u) for u in result[name]]
    assert len(payload["output"]) == 1
    sent = httpx.get(payload["output"][0])  # the link works without the key, for days
    assert sent.status_code == 200 and sent.content == httpx.get(result["output"][0]).content
    assert sent.content.startswith(b"\x89PNG")
    assert "type" not in payload  # not the native body

    with pytest.raises(WebhookVerificationError):
        verify_webhook(second.headers, second.body.replace(b"order-17", b"order-18"), secret)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(second.headers, second.body, "whsec_" + "QUFB" * 8)  # another key's secret

    log = delivery_log(dialect_server, key, result["job_id"])
    assert log["id"] == second.headers["webhook-id"] and log["event"] == "job.succeeded"
    assert [a["status_code"] for a in log["attempt_log"]] == [500, 200] and log["payload"] == payload


def test_a_cached_answer_calls_back_too(dialect_server: ServerProcess, webhook_receiver: WebhookReceiver) -> None:
    """An identical request (same seed) is answered from the result cache without running; its
    webhook is queued in the same transaction as that answer."""
    key, _ = new_key(dialect_server, "ml-hook-cache")
    secret = secret_of(dialect_server, key)
    base = {"key": key, "prompt": "a cached green square", **TINY, "seed": "4242"}
    path = f"/cached/{uuid.uuid4().hex}"
    with httpx.Client(base_url=dialect_server.url, timeout=60) as http:
        first = http.post("/api/v6/images/text2img", json=base).json()
        again = http.post(
            "/api/v6/images/text2img", json={**base, "webhook": webhook_receiver.url + path, "track_id": "c-1"}
        ).json()
    assert first["status"] == again["status"] == "success"
    assert native_job(dialect_server, key, again["job_id"])["cached"] is True
    (call,) = webhook_receiver.received(path)
    payload = verified(call, secret)
    assert payload["status"] == "success" and payload["id"] == again["id"] != first["id"]
    assert payload["track_id"] == "c-1" and payload["meta"]["seed"] == 4242
    assert httpx.get(payload["output"][0]).content == httpx.get(first["output"][0]).content


def test_failed_and_canceled_requests_call_back_failed(
    dialect_server: ServerProcess, webhook_receiver: WebhookReceiver
) -> None:
    # A job that fails for real: this key's safety policy blocks every image.
    key, _ = new_key(dialect_server, "ml-hook-fail", safety={"action": "block", "threshold": 0.0})
    secret = secret_of(dialect_server, key)
    path = f"/failed/{uuid.uuid4().hex}"
    body = {"key": key, "prompt": "a blue square", **TINY, "webhook": webhook_receiver.url + path, "track_id": "f-1"}
    with httpx.Client(base_url=dialect_server.url, timeout=60) as http:
        result = http.post("/api/v6/images/text2img", json=body).json()
    assert result["status"] == "error" and "NSFW" in result["message"], result
    (call,) = webhook_receiver.received(path)
    payload = verified(call, secret)
    assert payload == {
        "status": "failed",
        "id": result["id"],
        "job_id": result["job_id"],
        "message": result["message"],
        "track_id": "f-1",
    }
    assert delivery_log(dialect_server, key, result["job_id"])["event"] == "job.failed"

    # A canceled request is a failed one to a ModelsLab client.
    plain, _ = new_key(dialect_server, "ml-hook-cancel")
    path = f"/canceled/{uuid.uuid4().hex}"
    slow = {"width": str(SLOW["width"]), "height": str(SLOW["height"]), "num_inference_steps": str(SLOW["steps"])}
    body = {"key": plain, "prompt": "slow", **slow, "instant_response": "yes", "webhook": webhook_receiver.url + path}
    with httpx.Client(base_url=dialect_server.url, timeout=60) as http:
        queued = http.post("/api/v6/images/text2img", json=body).json()
    assert queued["status"] == "processing", queued
    with dialect_server.client(plain) as client:
        assert client.delete(f"/v1/jobs/{queued['job_id']}").status_code == 200
    assert wait_native(dialect_server, plain, queued["job_id"], {"canceled", "succeeded", "failed"})["status"] == (
        "canceled"
    )
    (call,) = webhook_receiver.received(path)
    payload = verified(call, secret_of(dialect_server, plain))
    assert payload["status"] == "failed" and payload["id"] == queued["id"] and payload["track_id"] is None
    assert "canceled" in payload["message"]


@pytest.mark.parametrize(
    "where",
    [
        "http://127.0.0.1:{other}/hook",  # loopback, but not the allowlisted port
        "http://10.1.2.3/hook",  # private
        "http://169.254.169.254/latest/meta-data",  # link-local (cloud metadata)
        "http://[::1]:{port}/hook",  # loopback over IPv6 is not the allowlisted 127.0.0.1
    ],
)
def test_a_refused_webhook_address_is_a_400_and_leaves_nothing_behind(
    dialect_server: ServerProcess, webhook_receiver: WebhookReceiver, where: str
) -> None:
    key, _ = new_key(dialect_server, "ml-hook-refused")
    url = where.format(port=webhook_receiver.port, other=dialect_server.port)
    body = {"key": key, "prompt": "never made", **TINY, "webhook": url}
    with httpx.Client(base_url=dialect_server.url, timeout=60) as http:
        response = http.post("/api/v6/images/text2img", json=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["status"] == "error" and error["message"] == error["messege"]
    assert error["message"].startswith("webhook:") and "webhook_allowlist" in error["message"]
    assert error["code"] == "url_refused"
    with dialect_server.client(key) as client:
        assert client.get("/v1/jobs").json()["data"] == []  # no job, nothing queued


def test_a_too_long_track_id_names_the_field(dialect_server: ServerProcess, webhook_receiver: WebhookReceiver) -> None:
    key, _ = new_key(dialect_server, "ml-hook-track")
    body = {"key": key, "prompt": "x", **TINY, "webhook": webhook_receiver.url + "/t", "track_id": "t" * 201}
    with httpx.Client(base_url=dialect_server.url, timeout=60) as http:
        response = http.post("/api/v6/images/text2img", json=body)
    assert response.status_code == 400 and response.json()["message"].startswith("track_id:"), response.text
