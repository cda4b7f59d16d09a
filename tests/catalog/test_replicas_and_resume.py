"""The run-time catalog across processes: an API replica (``serve --role api``) on the same
PostgreSQL database sees a model added (and removed) by another server without restart, and a pull
it is asked for is downloaded by a process that runs jobs, and a download interrupted by a killed
server resumes where it stopped (a Range request) once the server is back."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.catalog.conftest import TINY, sha256_of, write_small_catalog
from tests.catalog.test_pulls import wait_ready
from tests.catalog.test_runtime_catalog import generate
from tests.support.model_hub import FakeHub
from tests.support.server import ServerProcess


def listed(server: ServerProcess) -> set[str]:
    with server.client() as admin:
        return {m["id"] for m in admin.get("/v1/models").json()["data"]}


def wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_an_api_replica_sees_an_added_model_without_restart(
    manager_server: ServerProcess, pull_files: dict[str, Path], tmp_path: Path
) -> None:
    first = manager_server
    catalog = write_small_catalog(tmp_path / "catalog.toml", pull_files["folder"])
    env = _without_own({k: v for k, v in first.env.items() if k.startswith(("IMAGEGATE_", "HF_"))})
    args = ("serve", "--role", "api")
    second = ServerProcess(tmp_path / "b", catalog, env=env, admin_key=first.admin_key, args=args).start()
    try:
        assert "shared-sd1" not in listed(second)
        with first.client() as admin:
            body = {"id": "shared-sd1", "source": str(pull_files["folder"]), "defaults": TINY}
            assert admin.post("/v1/models", json=body).status_code == 201
        assert "shared-sd1" in listed(second)  # a list re-reads a changed catalog at once
        with second.client() as admin:
            wait_for(lambda: generate(admin, "shared-sd1").status_code == 200)  # the refresh: ≤ 0.5 s here
            assert generate(admin, "shared-sd1").json()["status"] == "succeeded"
            assert admin.patch("/v1/models/shared-sd1", json={"tags": ["shared"]}).status_code == 200
        with first.client() as admin:
            assert admin.get("/v1/models/shared-sd1").json()["tags"] == ["shared"]
            assert admin.delete("/v1/models/shared-sd1").status_code == 200
        assert "shared-sd1" not in listed(second)
        with second.client() as admin:
            assert generate(admin, "shared-sd1").json()["code"] == "unknown_model"
        with second.client() as admin:  # the replica downloads nothing: a process that runs jobs does
            assert admin.post("/v1/models", json={"id": "via-replica", "source": "tiny/sd1"}).status_code == 202
            assert wait_ready(admin, "/v1/models/via-replica")["status"] == "ready"
            assert not (tmp_path / "b" / "models" / "model" / "via-replica").exists()
            assert (first.data_dir / "models" / "model" / "via-replica" / "model_index.json").is_file()
            assert generate(admin, "via-replica", **TINY).json()["status"] == "succeeded"
            admin.delete("/v1/models/via-replica")
    finally:
        second.stop()


def _without_own(env: dict[str, str]) -> dict[str, str]:
    """The first server's settings less what each process has of its own (folder, port, files)."""
    own = ("IMAGEGATE_DATA_DIR", "IMAGEGATE_PORT", "IMAGEGATE_CATALOG", "IMAGEGATE_ADMIN_KEY", "IMAGEGATE_CONFIG")
    return {k: v for k, v in env.items() if k not in own}


def test_an_interrupted_download_resumes_after_a_restart(
    manager_server: ServerProcess, pull_files: dict[str, Path], hub: FakeHub
) -> None:
    source = pull_files["single_file"]
    size = source.stat().st_size
    hub.rate = size / 6  # about six seconds for the whole file
    try:
        body = {
            "id": "resumed",
            "source": f"{hub.url}/files/single_file.safetensors",
            "sha256": sha256_of(source),
            "config": str(pull_files["folder"]),
            "defaults": TINY,
        }
        with manager_server.client() as admin:
            assert admin.post("/v1/models", json=body).status_code == 202

            def halfway() -> bool:
                done = admin.get("/v1/models/resumed").json()["download"]["bytes_done"]
                return bool(size * 0.2 < done < size * 0.8)

            wait_for(halfway)
        manager_server.kill()  # no goodbye: the .part file stays, the lease is left to run out
        hub.rate = None
        manager_server.start()  # the same worker id takes its own download back at once
        with manager_server.client() as admin:
            model = wait_ready(admin, "/v1/models/resumed")
            assert model["status"] == "ready", model
            assert generate(admin, "resumed").json()["status"] == "succeeded"
            admin.delete("/v1/models/resumed")
        resumed = [r.range for r in hub.requests if r.path.endswith("/single_file.safetensors") and r.range]
        assert resumed and int(resumed[-1].removeprefix("bytes=").rstrip("-")) > 0
    finally:
        hub.rate = None
