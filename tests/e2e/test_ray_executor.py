"""``executor = "ray"`` end to end: a real Ray head on loopback, a real server that deploys its
compute on it (two replicas, room for two models each), real tiny pipelines under three model ids.

One cluster and one server for the module (a Ray start is ~12 s and over a GiB); the tests run in
file order and each leaves the replicas idle.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagegate.client import Client
from tests.support.catalog import THREE_MODELS as MODELS
from tests.support.catalog import write_three_models
from tests.support.ray_cluster import RAY_ENV, RayHead
from tests.support.server import ServerProcess, free_port

pytest.importorskip("ray")
pytestmark = pytest.mark.timeout(600)

REPLICA = "SERVE_REPLICA::imagegate#ComputeReplica#"


def ray_env(head: RayHead, **extra: str) -> dict[str, str]:
    return {
        **RAY_ENV,
        "IMAGEGATE_EXECUTOR": "ray",
        "IMAGEGATE_RAY_ADDRESS": head.address,
        "IMAGEGATE_RAY_NUM_CPUS": "0.5",
        "IMAGEGATE_RAY_MIN_REPLICAS": "2",
        "IMAGEGATE_RAY_MAX_REPLICAS": "2",
        "IMAGEGATE_RAY_MAX_ONGOING_REQUESTS": "4",
        "IMAGEGATE_RAY_MODELS_PER_REPLICA": "2",
        "IMAGEGATE_RAY_TORCH_THREADS": "1",
        "IMAGEGATE_SAFETY_ENABLED": "false",
        "IMAGEGATE_PRELOAD": "false",
        **extra,
    }


@pytest.fixture(scope="module")
def head() -> Iterator[RayHead]:
    cluster = RayHead(num_cpus=2).start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def ray_server(
    head: RayHead, tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    root = tmp_path_factory.mktemp("ray-server")
    catalog = write_three_models(root / "catalog.toml", tiny_models["sd1"])
    server = ServerProcess(root / "data", catalog, env=ray_env(head))
    server.start(timeout=240)  # the deployment's replicas import torch and diffusers first
    yield server
    server.stop()


@pytest.fixture
def client(ray_server: ServerProcess) -> Iterator[Client]:
    with Client(base_url=ray_server.url, api_key=ray_server.admin_key, timeout=120) as client:
        yield client


def finished(client: Client, job_id: str, timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.jobs.retrieve(job_id)
        if job.status in ("succeeded", "failed", "canceled"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout:g} s")


def test_jobs_on_three_models_run_on_ray_with_progress(client: Client) -> None:
    for index, model in enumerate(MODELS):
        job = client.jobs.create(prompt="a red circle", model=model, num_inference_steps=6, seed=index)
        events = list(client.jobs.stream(job.id, timeout=180))
        types = [e.type for e in events]
        assert types[-1] == "succeeded", types
        steps = [e.step for e in events if e.type == "progress"]
        assert steps and steps[-1] == 6 and steps == sorted(steps), steps
        done = client.jobs.retrieve(job.id)
        assert done.status == "succeeded" and len(done.images) == 1
        assert done.info["ray"]["replica"], done.info
        assert client.images.content(done.images[0].id).startswith(b"\x89PNG")


def test_cancel_reaches_the_replica_mid_job(client: Client) -> None:
    job = client.jobs.create(prompt="a long one", model=MODELS[0], width=256, height=256, num_inference_steps=150)
    with client.jobs.stream(job.id, timeout=180) as stream:
        for event in stream:
            if event.type == "progress" and (event.step or 0) >= 2:
                client.jobs.cancel(job.id)
            if event.type in ("canceled", "succeeded", "failed"):
                break
    done = finished(client, job.id)
    assert done.status == "canceled"
    assert done.progress.step < 150
    # The replica stopped at its next step: a short job behind it runs at once.
    started = time.monotonic()
    quick = client.jobs.create(prompt="quick", model=MODELS[0], seed=1)
    assert finished(client, quick.id, timeout=60).status == "succeeded"
    assert time.monotonic() - started < 30


def test_jobs_go_to_replicas_that_hold_their_model(client: Client) -> None:
    """Three models, two replicas with room for two each: once every model has been loaded
    somewhere (a first round), Serve's multiplexing sends a job to a replica that holds its model."""
    first = [client.jobs.create(prompt=f"warm {i}", model=MODELS[i % 3], seed=i) for i in range(12)]
    warm = [finished(client, job.id) for job in first]
    assert {job.status for job in warm} == {"succeeded"}
    jobs = [client.jobs.create(prompt=f"shape {i}", model=MODELS[i % 3], seed=100 + i) for i in range(24)]
    done = [finished(client, job.id) for job in jobs]
    assert {job.status for job in done} == {"succeeded"}
    resident = sum(1 for job in done if job.info["ray"]["model_resident"])
    share = resident / len(done)
    print(f"\naffinity once warm: {resident}/{len(done)} = {share:.0%} of jobs on a replica holding the model")
    assert len({job.info["ray"]["replica"] for job in warm + done}) == 2
    assert share >= 0.9  # the target


def test_a_killed_replica_s_jobs_run_again_and_end_once(
    client: Client, head: RayHead, ray_server: ServerProcess
) -> None:
    # A replica known to hold the model, idle: Serve routes both long jobs of that model to it.
    holder = finished(client, client.jobs.create(prompt="where", model=MODELS[1], seed=7).id).info["ray"]["replica"]
    params = {"prompt": "survive", "model": MODELS[1], "width": 256, "height": 256, "num_inference_steps": 150}
    jobs = [client.jobs.create(seed=200 + i, **params) for i in range(2)]  # type: ignore[arg-type]
    deadline = time.monotonic() + 120
    while client.jobs.retrieve(jobs[0].id).progress.step == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    kill_replica(head, holder)
    assert client.jobs.retrieve(jobs[0].id).status == "running", "the job ended before the replica was killed"
    done = [finished(client, job.id, timeout=300) for job in jobs]
    assert [job.status for job in done] == ["succeeded"] * 2, [(j.status, j.error) for j in done]
    assert done[0].attempts == 2 and done[0].info["ray"]["replica"] != holder
    db = sqlite3.connect(ray_server.data_dir / "imagegate.db")
    ids = [job.id for job in done]
    marks = ",".join("?" * len(ids))
    ledger = db.execute(f"SELECT job_id, COUNT(*) FROM usage_ledger WHERE job_id IN ({marks}) GROUP BY job_id", ids)
    assert dict(ledger.fetchall()) == dict.fromkeys(ids, 1)
    images = db.execute(f"SELECT job_id, COUNT(*) FROM images WHERE job_id IN ({marks}) GROUP BY job_id", ids)
    assert dict(images.fetchall()) == dict.fromkeys(ids, 1)


def kill_replica(head: RayHead, replica: str) -> None:
    """``ray.kill`` the replica actor, found by name among the cluster's named actors."""
    script = (
        "import ray\n"
        f"ray.init(address={head.address!r}, log_to_driver=False)\n"
        "names = [a['name'] for a in ray.util.list_named_actors(all_namespaces=True)]\n"
        f"assert {REPLICA + replica!r} in names, names\n"
        f"ray.kill(ray.get_actor({REPLICA + replica!r}, namespace='serve'), no_restart=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=head.env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_unreachable_ray_refuses_to_start_naming_the_setting(tmp_path: Path, tiny_models: dict[str, Path]) -> None:
    catalog = write_three_models(tmp_path / "catalog.toml", tiny_models["sd1"])
    server = ServerProcess(tmp_path / "data", catalog, env={"IMAGEGATE_EXECUTOR": "ray"})
    server.env["IMAGEGATE_RAY_ADDRESS"] = f"127.0.0.1:{free_port()}"
    with pytest.raises(RuntimeError) as failed:
        server.start(timeout=120)
    assert "ray_address" in str(failed.value) and server.env["IMAGEGATE_RAY_ADDRESS"] in str(failed.value)
    assert server.proc is not None and server.proc.returncode not in (0, None)
