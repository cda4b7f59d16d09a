"""``verify_webhook`` against signatures made by the reference ``standardwebhooks`` package, and
against a webhook a real server delivered to a real loopback receiver."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from standardwebhooks import Webhook

from imagegate.client import Client, WebhookVerificationError, verify_webhook
from tests.support.http_peer import HttpPeer, Recorded, Reply
from tests.support.server import ServerProcess

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


# -- a webhook the server delivered -----------------------------------------------------------------


@pytest.fixture(scope="module")
def receiver() -> Iterator[HttpPeer]:
    with HttpPeer(lambda request: Reply(200, b"ok")) as peer:
        yield peer


@pytest.fixture(scope="module")
def hook_server(
    catalog_file: Path, receiver: HttpPeer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A server that may send webhooks to the receiver's loopback port (and nowhere private else)."""
    env = {"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1", "IMAGEGATE_WEBHOOK_ALLOWLIST": f'["127.0.0.1:{receiver.port}"]'}
    proc = ServerProcess(tmp_path_factory.mktemp("hook-server"), catalog_file, env=env).start()
    yield proc
    proc.stop()


def delivered(peer: HttpPeer, path: str, timeout: float = 30) -> Recorded:
    deadline = time.monotonic() + timeout
    while not any(r.path == path for r in peer.requests):
        assert time.monotonic() < deadline, f"no webhook reached {path}"
        time.sleep(0.05)
    return next(r for r in peer.requests if r.path == path)


def test_accepts_a_webhook_the_server_delivered_and_rejects_it_tampered(
    hook_server: ServerProcess, receiver: HttpPeer
) -> None:
    key = hook_server.new_key("hook-sdk")
    with Client(base_url=hook_server.url, api_key=key) as client:
        job = client.jobs.create(
            prompt="a signed square",
            seed=5,
            webhook=f"{receiver.url}/native",
            webhook_events_filter=["succeeded"],
            track_id="t-9",
            cache=False,
        )
        finished = client.jobs.wait(job.id, timeout=60)
    with httpx.Client(base_url=hook_server.url, headers={"Authorization": f"Bearer {key}"}) as http:
        secret = http.get("/v1/webhooks/secret").json()["secret"]
    call = delivered(receiver, "/native")
    event = verify_webhook(call.headers, call.body, secret)
    assert event["type"] == "job.succeeded" and event["data"]["id"] == job.id == finished.id
    assert event["data"]["track_id"] == "t-9" and event["data"]["seeds"] == [5]
    assert httpx.get(event["data"]["images"][0]["url"]).content.startswith(b"\x89PNG")
    # The reference implementation agrees with the SDK on the same delivery.
    assert Webhook(secret).verify(call.body, call.headers)["data"]["id"] == job.id

    tampered_body = call.body.replace(b'"t-9"', b'"t-0"')
    assert tampered_body != call.body
    with pytest.raises(WebhookVerificationError, match="no webhook-signature matches"):
        verify_webhook(call.headers, tampered_body, secret)
    with pytest.raises(WebhookVerificationError):
        verify_webhook({**call.headers, "webhook-timestamp": str(int(time.time()) + 1)}, call.body, secret)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(call.headers, call.body, SECRET)  # signed for another key
