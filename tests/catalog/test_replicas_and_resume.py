"""The run-time catalog across processes: a second server on the same PostgreSQL database sees a
model added (and removed) by the first without restart, and a download interrupted by a killed
server resumes where it stopped (a Range request) once the server is back."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from tests.catalog.conftest import TINY, manager_env, sha256_of, write_small_catalog
from tests.catalog.test_pulls import wait_ready
from tests.catalog.test_runtime_catalog import generate
from tests.support.model_hub import FakeHub
from tests.support.postgres import fresh_database
from tests.support.server import ServerProcess


def listed(server: ServerProcess) -> set[str]:
    with server.client() as admin:
        return {m["id"] for m in admin.get("/v1/models").json()["data"]}


def wait_for(condition: object, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_a_second_server_sees_an_added_model_without_restart(
    postgres_url: str, pull_files: dict[str, Path], hub: FakeHub, tmp_path: Path
) -> None:
    url = asyncio.run(fresh_database(postgres_url))
    catalog = write_small_catalog(tmp_path / "catalog.toml", pull_files["folder"])
    env = manager_env(hub, IMAGEGATE_DATABASE_URL=url)
    admin_key = "ig_test_admin_replicas_0123456789"
    first = ServerProcess(tmp_path / "a", catalog, env=env, admin_key=admin_key).start()
    second = ServerProcess(tmp_path / "b", catalog, env=env, admin_key=admin_key).start()
    try:
        assert "shared-sd1" not in listed(second)
        with first.client() as admin:
            body = {"id": "shared-sd1", "source": str(pull_files["folder"]), "defaults": TINY}
            assert admin.post("/v1/models", json=body).status_code == 201
        wait_for(lambda: "shared-sd1" in listed(second))
        with second.client() as admin:
            assert generate(admin, "shared-sd1").json()["status"] == "succeeded"
            assert admin.patch("/v1/models/shared-sd1", json={"tags": ["shared"]}).status_code == 200
        with first.client() as admin:
            wait_for(lambda: admin.get("/v1/models/shared-sd1").json()["tags"] == ["shared"])
            assert admin.delete("/v1/models/shared-sd1").status_code == 200
        wait_for(lambda: "shared-sd1" not in listed(second))
        with second.client() as admin:
            assert generate(admin, "shared-sd1").json()["code"] == "unknown_model"
    finally:
        first.stop()
        second.stop()


def test_an_interrupted_download_resumes_after_a_restart(
    pull_files: dict[str, Path], hub: FakeHub, tmp_path: Path
) -> None:
    source = pull_files["single_file"]
    size = source.stat().st_size
    catalog = write_small_catalog(tmp_path / "catalog.toml", pull_files["folder"])
    server = ServerProcess(tmp_path / "srv", catalog, env=manager_env(hub)).start()
    hub.rate = size / 6  # about six seconds for the whole file
    try:
        body = {
            "id": "resumed",
            "source": f"{hub.url}/files/single_file.safetensors",
            "sha256": sha256_of(source),
            "config": str(pull_files["folder"]),
            "defaults": TINY,
        }
        with server.client() as admin:
            assert admin.post("/v1/models", json=body).status_code == 202

            def halfway() -> bool:
                done = admin.get("/v1/models/resumed").json()["download"]["bytes_done"]
                return bool(size * 0.2 < done < size * 0.8)

            wait_for(halfway)
        server.kill()  # no goodbye: the lease runs out, the .part file stays
        hub.rate = None
        server.start()
        with server.client() as admin:
            model = wait_ready(admin, "/v1/models/resumed")
            assert model["status"] == "ready", model
            assert generate(admin, "resumed").json()["status"] == "succeeded"
        resumed = [r.range for r in hub.requests if r.path.endswith("/single_file.safetensors") and r.range]
        assert resumed and int(resumed[-1].removeprefix("bytes=").rstrip("-")) > 0
    finally:
        hub.rate = None
        server.stop()


def test_the_sse_stream_reports_removal(manager_server: ServerProcess, hub: FakeHub) -> None:
    hub.rate = 200_000
    try:
        with manager_server.client() as admin:
            admin.post("/v1/models", json={"id": "removed-early", "source": "tiny/sd1"})
            time.sleep(0.5)
            assert admin.delete("/v1/models/removed-early").status_code == 200
            with httpx.Client(base_url=manager_server.url, headers=admin.headers) as raw:
                text = raw.get("/v1/models/removed-early/events").text
            assert "event: removed" in text
    finally:
        hub.rate = None
    wait_for(lambda: not any((manager_server.data_dir / "models" / ".partial").rglob("*.safetensors")))
