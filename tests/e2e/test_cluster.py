"""The scale-out topology as `make cluster` starts it (scripts/cluster.py up/down, what the make
targets run): PostgreSQL, Redis, SeaweedFS, a Ray head with two Serve replicas, two API replicas and
a worker dispatching to Ray, all real processes on loopback. Under faults — an API replica SIGKILLed
and a Ray replica killed mid-run — 200 jobs over three models complete exactly once, and every image
is served by either replica."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from scripts import cluster as launcher

from tests.support.catalog import THREE_MODELS, write_three_models

pytestmark = pytest.mark.timeout(900)

JOBS = 200
FAST = {"width": 64, "height": 64, "num_inference_steps": 2}
REPLICA = "SERVE_REPLICA::imagegate#ComputeReplica#"


@pytest.fixture(scope="module")
def running(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("cluster")
    catalog = write_three_models(root / "three.toml", tiny_models["sd1"])
    env = {
        "IMAGEGATE_CATALOG": json.dumps([str(catalog)]),
        "IMAGEGATE_DEFAULT_MODEL": THREE_MODELS[0],
        "IMAGEGATE_DEFAULT_PLAN": "unlimited",
        "IMAGEGATE_PLANS": json.dumps({"unlimited": {}, "burst": {"requests_per_minute": 10}}),
        "IMAGEGATE_TORCH_THREADS": "1",
        "IMAGEGATE_LEASE_S": "6",  # a lost dispatcher's jobs come back within seconds
        "IMAGEGATE_SAFETY_ENABLED": "false",
        "IMAGEGATE_PRELOAD": "false",
        "IMAGEGATE_RAY_MIN_REPLICAS": "2",
        "IMAGEGATE_RAY_MAX_REPLICAS": "2",
        "IMAGEGATE_RAY_NUM_CPUS": "0.5",
        "IMAGEGATE_RAY_TORCH_THREADS": "1",
        "IMAGEGATE_RAY_MAX_ONGOING_REQUESTS": "4",
        "IMAGEGATE_RAY_MODELS_PER_REPLICA": "2",
    }
    try:
        state = launcher.up(root, extra_env=env)
        state["root"] = root
        yield state
    finally:
        launcher.down(root)


def _submit(urls: list[str], key: str, index: int) -> str:
    """Queue job ``index`` on replica ``index % 2``; if that replica is gone, the same request (same
    Idempotency-Key) goes to the other one — the retry a load balancer or a client makes."""
    body = {"prompt": f"job {index}", "seed": index, "model": THREE_MODELS[index % 3], **FAST}
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": f"cluster-{index}"}
    for attempt in range(40):
        url = urls[(index + attempt) % 2]
        try:
            response = httpx.post(f"{url}/v1/jobs", json=body, headers=headers, timeout=30)
        except httpx.TransportError:
            continue
        if response.status_code in (200, 202):
            return str(response.json()["id"])
        if response.status_code not in (409, 503):  # 409: the same key still in flight elsewhere
            raise AssertionError(f"job {index}: {response.status_code} {response.text}")
        time.sleep(0.2)
    raise AssertionError(f"job {index} could not be queued")


def _kill_a_ray_replica(address: str) -> str:
    """``ray.kill`` one Serve replica, from a separate driver process (as an operator would)."""
    script = (
        "import ray\n"
        f"ray.init(address={address!r}, log_to_driver=False, logging_level='ERROR')\n"
        "import time\n"
        "deadline = time.monotonic() + 120\n"
        "names = []\n"
        "while not names and time.monotonic() < deadline:  # replicas Serve is (re)starting have no name yet\n"
        "    actors = ray.util.list_named_actors(all_namespaces=True)\n"
        f"    names = [a['name'] for a in actors if a['name'].startswith({REPLICA!r})]\n"
        "    time.sleep(0.5)\n"
        "ray.kill(ray.get_actor(names[0], namespace='serve'), no_restart=True)\n"
        "print(names[0])\n"
    )
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_two_hundred_jobs_complete_exactly_once_through_faults(running: dict[str, Any]) -> None:
    urls: list[str] = running["api_urls"]
    admin = {"Authorization": f"Bearer {running['admin_key']}"}
    created = httpx.post(f"{urls[1]}/v1/keys", json={"name": "load"}, headers=admin, timeout=30).json()
    key = created["key"]

    ids: dict[int, str] = {}
    killed = ""
    try:
        with ThreadPoolExecutor(8) as pool:
            futures = {i: pool.submit(_submit, urls, key, i) for i in range(JOBS)}
            for i, future in futures.items():
                ids[i] = future.result()
                if i == 50:  # an API replica dies in the middle of the stream of requests
                    os.kill(running["pids"]["api-1"], signal.SIGKILL)
                if i == 100:  # and a Ray replica while jobs run on it
                    killed = _kill_a_ray_replica(running["env"]["IMAGEGATE_RAY_ADDRESS"])
    finally:  # even if this test fails, the next one gets both replicas
        _restart_api_replica(running)
    assert len(set(ids.values())) == JOBS and killed

    jobs = _wait_all(urls[1], key, list(ids.values()))
    failed = [(j["id"], j["status"], j.get("error")) for j in jobs if j["status"] != "succeeded"]
    assert not failed, failed[:5]
    for job in jobs:
        url = job["images"][0]["url"]
        path = url[url.index("/", len("http://")) :]
        for base in urls:  # the same signed URL works on either replica
            response = httpx.get(base + path, timeout=30)
            assert response.status_code == 200 and response.content.startswith(b"\x89PNG"), (base + path, response.text)
    ledger = asyncio.run(_ledger(running["env"]["IMAGEGATE_DATABASE_URL"], created["id"]))
    assert sorted(ledger) == sorted(ids.values())  # one entry per job: none twice, none missing

    # Model affinity: how many jobs ran on a replica that already held their model.
    resident = [bool(j["info"]["ray"]["model_resident"]) for j in jobs if "ray" in (j.get("info") or {})]
    share = sum(resident) / len(resident)
    print(f"\nmodel affinity: {sum(resident)}/{len(resident)} = {share:.0%} on a replica holding the model")
    assert len(resident) == JOBS and share >= 0.75, share


def _restart_api_replica(running: dict[str, Any]) -> None:
    """The dead API replica comes back on its port, as an orchestrator would restart it."""
    cluster = launcher.Cluster(running["root"])
    if not cluster.running("api-1"):
        cluster.respawn("api-1")
    url = running["api_urls"][0]
    cluster.wait("api-1", lambda: httpx.get(f"{url}/readyz", timeout=1).status_code == 200, timeout=180)


def test_a_burst_across_both_replicas_admits_the_limit_once(running: dict[str, Any]) -> None:
    urls: list[str] = running["api_urls"]
    admin = {"Authorization": f"Bearer {running['admin_key']}"}
    created = httpx.post(f"{urls[0]}/v1/keys", json={"name": "burst"}, headers=admin, timeout=30).json()
    patched = httpx.patch(f"{urls[0]}/v1/keys/{created['id']}/policy", json={"plan": "burst"}, headers=admin)
    patched.raise_for_status()

    def post(url: str) -> int:
        headers = {"Authorization": f"Bearer {created['key']}"}
        return httpx.post(f"{url}/v1/jobs", json={"prompt": "burst", **FAST}, headers=headers, timeout=30).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(post, urls * 7))  # 14 requests, 10 a minute allowed, shared through Redis
    assert codes.count(202) == 10 and codes.count(429) == 4, codes


def _wait_all(url: str, key: str, ids: list[str], timeout: float = 600) -> list[dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as client:
        while len(done) < len(ids) and time.monotonic() < deadline:
            for job_id in ids:
                if job_id not in done:
                    job = client.get(f"/v1/jobs/{job_id}").json()
                    if job["status"] in ("succeeded", "failed", "canceled"):
                        done[job_id] = job
            time.sleep(0.5)
    assert len(done) == len(ids), f"{len(ids) - len(done)} jobs unfinished after {timeout} s"
    return [done[j] for j in ids]


async def _ledger(url: str, key_id: str) -> list[str]:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return [r["job_id"] for r in await conn.fetch("SELECT job_id FROM usage_ledger WHERE key_id = $1", key_id)]
    finally:
        await conn.close()
