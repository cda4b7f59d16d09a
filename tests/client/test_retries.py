"""Retries against a real server: a 429 is waited out for its Retry-After; a POST whose answer
was lost is sent again with the same Idempotency-Key and creates exactly one job."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from imagegate.client import Client, RateLimitError
from tests.support.flaky_proxy import FlakyProxy, ProxiedRequest
from tests.support.server import ServerProcess

SLOW = {"prompt": "hold the only slot", "width": 512, "height": 512, "num_inference_steps": 150}


@pytest.fixture(scope="module")
def one_job_per_key(catalog_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server that lets each key have one queued or running job (answering 429 with Retry-After)."""
    proc = ServerProcess(
        tmp_path_factory.mktemp("one-job"),
        catalog_file,
        env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1", "IMAGEGATE_MAX_QUEUED_PER_KEY": "1"},
    ).start()
    yield proc
    proc.stop()


@pytest.fixture
def busy_device(one_job_per_key: ServerProcess) -> Iterator[None]:
    """Two other keys' slow jobs hold the device (one running, one claimed beside it), so a job
    queued after them stays queued and is canceled at once, whatever a running step costs."""
    clients = [one_job_per_key.client(one_job_per_key.new_key(f"busy-{i}")) for i in range(2)]
    jobs = []
    for client in clients:
        job = client.post("/v1/jobs", json=SLOW).raise_for_status().json()
        deadline = time.monotonic() + 60
        while client.get(f"/v1/jobs/{job['id']}").json()["status"] != "running" and time.monotonic() < deadline:
            time.sleep(0.05)
        jobs.append(job["id"])
    yield
    for client, job_id in zip(clients, jobs, strict=True):
        client.delete(f"/v1/jobs/{job_id}")
        client.close()


@pytest.mark.usefixtures("busy_device")
def test_the_sdk_waits_out_a_429_for_its_retry_after_then_succeeds(one_job_per_key: ServerProcess) -> None:
    server = one_job_per_key
    key = server.new_key("patient")
    seen: list[tuple[int, str | None, float]] = []
    with server.client(key) as raw:
        blocker = raw.post("/v1/jobs", json=SLOW).raise_for_status().json()
        assert raw.get(f"/v1/jobs/{blocker['id']}").json()["status"] == "queued"

        def on_response(response: httpx.Response) -> None:
            if response.status_code == 429:
                raw.delete(f"/v1/jobs/{blocker['id']}")  # the slot frees long before the Retry-After ends
            # Stamped after the cancel: the SDK's sleep starts when this hook returns.
            seen.append((response.status_code, response.request.headers.get("idempotency-key"), time.monotonic()))

        http = httpx.Client(event_hooks={"response": [on_response]})
        with Client(base_url=server.url, api_key=key, http_client=http) as client:
            started = time.monotonic()
            job = client.jobs.create(prompt="after the wait", seed=1)
            elapsed = time.monotonic() - started
        http.close()
    assert [status for status, _, _ in seen] == [429, 202]
    assert seen[0][1] == seen[1][1] and seen[0][1]  # one logical request: the same Idempotency-Key
    waited = seen[1][2] - seen[0][2]
    assert 5.0 <= waited <= 7.0, f"waited {waited:.2f} s for a Retry-After of 5 s"
    assert elapsed >= 5.0 and job.status == "queued"
    with server.client(key) as raw:
        raw.delete(f"/v1/jobs/{job.id}")


def test_without_retries_the_429_surfaces_with_its_retry_after(one_job_per_key: ServerProcess) -> None:
    server = one_job_per_key
    key = server.new_key("impatient")
    with server.client(key) as raw, Client(base_url=server.url, api_key=key, max_retries=0) as client:
        blocker = raw.post("/v1/jobs", json=SLOW).raise_for_status().json()
        try:
            with pytest.raises(RateLimitError) as caught:
                client.jobs.create(prompt="no slot")
        finally:
            raw.delete(f"/v1/jobs/{blocker['id']}")
    assert caught.value.retry_after == 5.0 and caught.value.code == "too_many_active_jobs"


def test_a_post_retried_after_a_dropped_connection_creates_exactly_one_job(server: ServerProcess) -> None:
    key = server.new_key("unlucky")

    def drop_first_post(request: ProxiedRequest) -> bool:
        return request.method == "POST" and not any(r.method == "POST" for r in proxy.requests)

    with FlakyProxy(server.port, drop=drop_first_post) as proxy:
        # Control: a bare POST whose answer is lost did create a job on the server.
        bare = httpx.Client(base_url=proxy.url, headers={"Authorization": f"Bearer {key}"})
        with bare, pytest.raises(httpx.RemoteProtocolError):
            bare.post("/v1/jobs", json={"prompt": "lost answer", "seed": 1})
        with server.client(key) as raw:
            assert len(raw.get("/v1/jobs").json()["data"]) == 1
        proxy.requests.clear()

        with Client(base_url=proxy.url, api_key=key) as client:
            job = client.jobs.create(prompt="retried safely", seed=2)
    posts = [r for r in proxy.requests if r.method == "POST"]
    assert [r.dropped for r in posts] == [True, False]
    assert posts[0].headers["idempotency-key"] == posts[1].headers["idempotency-key"]
    with server.client(key) as raw:
        jobs = raw.get("/v1/jobs").json()["data"]
        mine = [j for j in jobs if j["params"]["prompt"] == "retried safely"]
        assert [j["id"] for j in mine] == [job.id]  # the retry replayed the first job, no second one
        replay = raw.post(
            "/v1/jobs",
            json={"prompt": "retried safely", "seed": 2},
            headers={"Idempotency-Key": posts[0].headers["idempotency-key"]},
        )
        assert replay.headers["idempotent-replayed"] == "true" and replay.json()["id"] == job.id
