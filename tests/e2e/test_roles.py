"""API replicas and workers as separate processes on one PostgreSQL: `imagegate serve --role api`
admits and serves, `imagegate worker` runs. Live progress with previews, cancel and wake-ups cross
between them over LISTEN/NOTIFY at once — the settings below make the store-polling fallback far
too slow to pass these tests on its own (heartbeats every 10 s, worker polls every 5 s)."""

from __future__ import annotations

import asyncio
import json
import signal
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.postgres import fresh_database
from tests.support.server import ServerProcess, free_port

SLOW = {"prompt": "slow", "width": 384, "height": 384, "num_inference_steps": 40}
SLOWER = {**SLOW, "num_inference_steps": 120}
WORKER_ENV = {
    "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
    "IMAGEGATE_LEASE_S": "30",  # heartbeats every 10 s: progress and cancel must come by the relay
    "IMAGEGATE_POLL_INTERVAL_S": "5",  # claims every 5 s: a new job must wake the worker
    "IMAGEGATE_LOG_LEVEL": "info",
}


@pytest.fixture(scope="module")
def database(postgres_url: str) -> str:
    return asyncio.run(fresh_database(postgres_url))


@pytest.fixture(scope="module")
def api(database: str, catalog_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    env = {
        "IMAGEGATE_DATABASE_URL": database,
        "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
        "IMAGEGATE_POLL_INTERVAL_S": "0.3",
        "IMAGEGATE_SSE_KEEPALIVE_S": "0.5",
    }
    proc = ServerProcess(tmp_path_factory.mktemp("api"), catalog_file, env=env, args=("serve", "--role", "api"))
    proc.start()
    yield proc
    proc.stop()


def _worker(api: ServerProcess, database: str, catalog_file: Path, folder: Path, **env: str) -> ServerProcess:
    # The image folder is shared, as a network volume would be (tests/storage covers S3 instead).
    blobs = str(api.data_dir / "blobs")
    settings = {"IMAGEGATE_DATABASE_URL": database, "IMAGEGATE_BLOB_DIR": blobs, **WORKER_ENV, **env}
    return ServerProcess(folder, catalog_file, env=settings, admin_key=api.admin_key, args=("worker",))


@pytest.fixture(scope="module")
def worker(
    api: ServerProcess, database: str, catalog_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    proc = _worker(api, database, catalog_file, tmp_path_factory.mktemp("worker"), IMAGEGATE_SHUTDOWN_GRACE_S="0.5")
    proc.start(until=None)
    yield proc
    proc.stop()


def _job(client: httpx.Client, job_id: str) -> dict[str, object]:
    response = client.get(f"/v1/jobs/{job_id}")
    response.raise_for_status()
    return dict(response.json())


def _until(client: httpx.Client, job_id: str, statuses: set[str], timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = _job(client, job_id)
        if job["status"] in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not {statuses} after {timeout} s: {job}")


def test_an_api_replica_runs_nothing_until_a_worker_joins(api: ServerProcess, request: pytest.FixtureRequest) -> None:
    ready = httpx.get(f"{api.url}/readyz").json()
    assert ready["status"] == "ready" and "scheduler" not in ready["checks"]
    with api.client(api.new_key("roles")) as client:
        job = client.post("/v1/jobs", json={"prompt": "waits for a worker", "seed": 1}).json()
        time.sleep(1.5)
        assert _job(client, job["id"])["status"] == "queued"
        request.getfixturevalue("worker")  # now a worker starts, claims it and runs it
        done = _until(client, job["id"], {"succeeded", "failed"}, timeout=120)
    assert done["status"] == "succeeded", done
    image = httpx.get(done["images"][0]["url"])  # type: ignore[index]
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


def test_a_new_job_wakes_the_worker_at_once(api: ServerProcess, worker: ServerProcess) -> None:
    took: list[float] = []
    with api.client(api.new_key("wake")) as client:
        for seed in range(4):
            started = time.monotonic()
            job = client.post(
                "/v1/jobs",
                json={"prompt": "quick", "seed": seed, "width": 64, "height": 64, "num_inference_steps": 2},
                headers={"Prefer": "wait=30"},
            )
            took.append(time.monotonic() - started)
            assert job.status_code == 200 and job.json()["status"] == "succeeded", job.text
    # Polling alone (every 5 s on the worker, 0.3 s on the API) would take 2.5 s on average.
    assert statistics.median(took) < 1.5, took


def _events(api: ServerProcess, key: str, job_id: str) -> list[tuple[str, dict[str, object]]]:
    events: list[tuple[str, dict[str, object]]] = []
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.stream("GET", f"{api.url}/v1/jobs/{job_id}/events", headers=headers, timeout=120) as response:
        kind = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line[len("event: ") :]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[len("data: ") :])))
                if kind in ("succeeded", "failed", "canceled"):
                    break
    return events


def test_live_progress_and_previews_reach_the_api_replica(api: ServerProcess, worker: ServerProcess) -> None:
    key = api.new_key("progress")
    with api.client(key) as client:
        job = client.post("/v1/jobs", json=SLOW).json()
    events = _events(api, key, job["id"])
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "succeeded" and "started" in kinds, kinds
    steps = [int(data["step"]) for kind, data in events if kind == "progress"]  # type: ignore[call-overload]
    # The worker's heartbeat (every 10 s) would report at most once during this ~3 s job.
    assert len(steps) >= 5 and steps == sorted(set(steps)), steps
    previews = [data["preview"] for kind, data in events if kind == "progress" and "preview" in data]
    assert previews, "no preview crossed from the worker"


def test_cancel_reaches_the_worker_at_once(api: ServerProcess, worker: ServerProcess) -> None:
    with api.client(api.new_key("cancel")) as client:
        job = client.post("/v1/jobs", json=SLOWER).json()
        _until(client, job["id"], {"running"})
        time.sleep(0.3)
        asked = time.monotonic()
        assert client.delete(f"/v1/jobs/{job['id']}").status_code in (200, 202)
        ended = _until(client, job["id"], {"canceled", "succeeded", "failed"}, timeout=30)
        took = time.monotonic() - asked
    assert ended["status"] == "canceled", ended
    assert took < 3, f"the cancel took {took:.1f} s (the heartbeat would take up to 10 s)"


def test_sigterm_drains_a_worker_and_another_takes_its_job(
    api: ServerProcess, worker: ServerProcess, database: str, catalog_file: Path, tmp_path: Path
) -> None:
    """A rolling restart: the job running on the stopped worker goes back to the queue and the other
    worker finishes it; one result, one ledger entry."""
    key = api.new_key("drain")
    with api.client(key) as client:
        job = client.post("/v1/jobs", json=SLOWER).json()
        _until(client, job["id"], {"running"})  # on the module's worker: it is the only one yet
        other = _worker(api, database, catalog_file, tmp_path / "other").start(until=None)
        try:
            stopping = time.monotonic()
            assert worker.stop(timeout=30) == 0, worker.log_tail()
            assert time.monotonic() - stopping < 15
            done = _until(client, job["id"], {"succeeded", "failed", "canceled"}, timeout=120)
            assert done["status"] == "succeeded", done
            usage = client.get("/v1/usage", params={"group_by": "model"}).json()
        finally:
            other.stop()
    assert sum(int(row["images"]) for row in usage["data"]) == 1, usage


@pytest.mark.parametrize("args", [("serve",), ("serve", "--role", "api"), ("worker",)])
def test_an_unreachable_database_stops_the_start_with_its_address(
    args: tuple[str, ...], catalog_file: Path, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql+asyncpg://imagegate:secret@127.0.0.1:{port}/imagegate"
    proc = ServerProcess(tmp_path, catalog_file, env={"IMAGEGATE_DATABASE_URL": url}, args=args)
    _fails_naming(proc, "IMAGEGATE_DATABASE_URL", f"127.0.0.1:{port}")
    assert "secret" not in proc.log_path.read_text()


def test_an_unreachable_redis_stops_the_start_with_its_address(catalog_file: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {"IMAGEGATE_RATE_LIMIT_STORAGE": f"async+redis://127.0.0.1:{port}/0"}
    _fails_naming(ServerProcess(tmp_path, catalog_file, env=env), "IMAGEGATE_RATE_LIMIT_STORAGE", f"127.0.0.1:{port}")


def _fails_naming(proc: ServerProcess, setting: str, address: str) -> None:
    with pytest.raises(RuntimeError, match="exited with 1"):
        proc.start(timeout=60, until=None if "worker" in proc.args else "/readyz")
    log = proc.log_path.read_text()
    assert setting in log and address in log, log
    assert "Traceback" not in log, log


def test_a_worker_answers_health_checks_on_its_port(
    api: ServerProcess, database: str, catalog_file: Path, tmp_path: Path
) -> None:
    probed = _worker(api, database, catalog_file, tmp_path / "probed")
    probed.args = ("worker", "--port", str(probed.port))
    probed.start(until="/readyz")
    try:
        ready = httpx.get(f"{probed.url}/readyz").json()
        assert ready["status"] == "ready" and ready["checks"]["scheduler"] is True, ready
        assert "imagegate_jobs_running" in httpx.get(f"{probed.url}/metrics").text
        assert httpx.get(f"{probed.url}/v1/models").status_code == 404  # no API here
    finally:
        # uvicorn ends by re-raising the signal it caught, as a process killed by it would end.
        assert probed.stop() in (0, -signal.SIGTERM)


def test_a_killed_worker_s_job_is_run_again_by_another_and_ends_once(
    api: ServerProcess, worker: ServerProcess, database: str, catalog_file: Path, tmp_path: Path
) -> None:
    """SIGKILL: no drain, no hand-back. The job's lease runs out and the surviving worker re-runs it."""
    worker.stop()  # the job must run on the worker this test kills
    short = {"IMAGEGATE_LEASE_S": "2"}
    doomed = _worker(api, database, catalog_file, tmp_path / "doomed", **short).start(until=None)
    key = api.new_key("killed")
    with api.client(key) as client:
        job = client.post("/v1/jobs", json=SLOWER).json()
        _until(client, job["id"], {"running"})
        doomed.kill()
        survivor = _worker(api, database, catalog_file, tmp_path / "survivor", **short).start(until=None)
        try:
            done = _until(client, job["id"], {"succeeded", "failed", "canceled"}, timeout=120)
            usage = client.get("/v1/usage", params={"group_by": "model"}).json()
        finally:
            survivor.stop()
    assert done["status"] == "succeeded" and done["attempts"] == 2, done
    assert sum(int(row["images"]) for row in usage["data"]) == 1, usage
