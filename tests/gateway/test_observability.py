"""/metrics moving with traffic, JSON logs with ids and without keys, /v1/usage."""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest

from tests.gateway.conftest import Gateway
from tests.support.http_peer import HttpPeer, Reply

WAIT = {"Prefer": "wait=60"}


def scrape(gateway: Gateway) -> dict[str, float]:
    text = httpx.get(f"{gateway.url}/metrics").text
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def total(values: dict[str, float], prefix: str, **labels: str) -> float:
    wanted = [f'{k}="{v}"' for k, v in labels.items()]
    return sum(v for k, v in values.items() if k.startswith(prefix + "{") and all(w in k for w in wanted)) + values.get(
        prefix, 0.0
    )


def test_metrics_move_when_jobs_run(gateway: Gateway) -> None:
    before = scrape(gateway)
    key, _ = gateway.new_key("metrics", plan="unlimited")
    with HttpPeer(lambda r: Reply(200)) as peer, gateway.client(key) as client:
        body = {"model": "tiny-priced", "prompt": "metered", "seed": 5, "webhook": f"{peer.url}/m"}
        assert client.post("/v1/jobs", json=body, headers=WAIT).json()["status"] == "succeeded"
        assert client.post("/v1/jobs", json=body, headers=WAIT).json()["cached"]
        assert client.post("/v1/jobs", json={"prompt": "the ACME logo"}).status_code == 400
        deadline = time.monotonic() + 30
        while len(peer.requests) < 2:
            assert time.monotonic() < deadline, "webhooks not delivered"
            time.sleep(0.05)
        time.sleep(0.3)  # the delivery is counted after the receiver answers
    after = scrape(gateway)

    def diff(name: str, **labels: str) -> float:
        return total(after, name, **labels) - total(before, name, **labels)

    assert diff("imagegate_http_requests_total", route="/v1/jobs", method="POST") >= 3
    assert diff("imagegate_jobs_submitted_total", model="tiny-priced") == 2
    assert diff("imagegate_jobs_finished_total", model="tiny-priced", status="succeeded") == 2
    assert diff("imagegate_cache_hits_total", model="tiny-priced") == 1
    assert diff("imagegate_cost_total", model="tiny-priced") == pytest.approx(0.01)
    assert diff("imagegate_compute_seconds_total", model="tiny-priced") > 0
    assert diff("imagegate_job_duration_seconds_count", model="tiny-priced") == 1
    assert diff("imagegate_images_generated_total", model="tiny-priced") == 2
    assert diff("imagegate_webhook_deliveries_total", outcome="delivered") == 2
    assert diff("imagegate_admission_rejections_total", reason="moderation") == 1
    assert "imagegate_queue_depth" in after and "imagegate_http_request_duration_seconds_bucket" in str(after.keys())


def test_json_logs_carry_ids_never_the_key(gateway: Gateway) -> None:
    key, key_id = gateway.new_key("logs", plan="unlimited")
    with gateway.client(key) as client:
        response = client.get("/v1/limits", headers={"X-Request-ID": "req-log-test-1"})
        assert response.status_code == 200
        job = client.post("/v1/jobs", json={"prompt": "logged"}, headers=WAIT).json()
    time.sleep(0.3)
    log = gateway.server.log_path.read_text()
    entries = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access = [e for e in entries if e.get("request_id") == "req-log-test-1"]
    assert access and access[-1]["key_id"] == key_id and access[-1]["status"] == 200
    assert access[-1]["logger"] == "imagegate.access" and access[-1]["route"] == "/v1/limits"
    assert key not in log and gateway.server.admin_key not in log
    ended = [e for e in entries if e.get("job_id") == job["id"] and e["logger"] == "imagegate.gateway"]
    assert ended and ended[-1]["key_id"] == key_id and ended[-1]["status"] == "succeeded"
    assert ended[-1]["model"] == "tiny-sd1" and ended[-1]["cost"] > 0


def test_usage_by_day_model_and_key(gateway: Gateway) -> None:
    key, key_id = gateway.new_key("usage", plan="unlimited")
    other, other_id = gateway.new_key("usage-other", plan="unlimited")
    with gateway.client(key) as client, gateway.client(other) as client2:
        for i in range(3):
            client.post("/v1/jobs", json={"model": "tiny-priced", "prompt": f"u{i}"}, headers=WAIT)
        client2.post("/v1/jobs", json={"prompt": "other"}, headers=WAIT)
        mine = client.get("/v1/usage", params={"group_by": "day,model,key"}).json()
        assert {r["key_id"] for r in mine["data"]} == {key_id}
        row = mine["data"][0]
        assert row["model"] == "tiny-priced" and row["jobs"] == 3 and row["images"] == 3
        assert abs(row["cost"] - 0.03) < 1e-9 and row["errors"] == 0
        assert 0 < row["latency_p50_s"] <= row["latency_p95_s"] <= row["latency_p99_s"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["day"])
        assert client.get("/v1/usage", params={"key_id": other_id}).status_code == 403
        bad = client.get("/v1/usage", params={"group_by": "day,color"})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "group_by"
        backwards = client.get("/v1/usage", params={"start": "2026-05-02", "end": "2026-05-01"})
        assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "start"
        assert client.get("/v1/usage", params={"start": "yesterday"}).status_code == 422
        # Days whose bounds do not fit a datetime are refused, not a 500 (found by the fuzzer).
        for params in ({"end": "0001-01-01"}, {"end": "9999-12-31"}, {"start": "0001-01-01", "end": "0001-01-02"}):
            edge = client.get("/v1/usage", params=params)
            assert edge.status_code == 422, (params, edge.text)
            assert edge.json()["errors"][0]["field"] == next(iter(params)), params
        assert client.get("/v1/usage", params={"end": "9999-12-30"}).status_code == 200
    with gateway.admin() as admin:
        everyone = admin.get("/v1/usage", params={"group_by": "key"}).json()
        keys = {r["key_id"] for r in everyone["data"]}
        assert {key_id, other_id} <= keys
        one = admin.get("/v1/usage", params={"group_by": "key", "key_id": other_id}).json()
        assert [r["key_id"] for r in one["data"]] == [other_id] and one["total"]["jobs"] == 1
