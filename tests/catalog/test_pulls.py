"""Pulling models and LoRAs on a real server: a diffusers repo through the real huggingface_hub
client from a loopback hub, single files from loopback URLs (sha256 checked), progress as
server-sent events, and every way a pull fails leaving nothing behind that could be loaded."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx

from tests.catalog.conftest import TINY, sha256_of
from tests.catalog.test_runtime_catalog import generate
from tests.support.model_hub import FakeHub
from tests.support.server import ServerProcess


def wait_ready(client: httpx.Client, path: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entry = client.get(path).json()
        if entry.get("status") in ("ready", "failed"):
            return dict(entry)
        time.sleep(0.2)
    raise AssertionError(f"{path} still downloading after {timeout} s")


def events(client: httpx.Client, path: str) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    with client.stream("GET", path, timeout=120) as stream:
        name = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                found.append((name, json.loads(line[len("data: ") :])))
    return found


def staged(server: ServerProcess) -> list[Path]:
    partial = server.data_dir / "models" / ".partial"
    return [p for p in partial.rglob("*") if p.is_file()] if partial.exists() else []


def test_a_hub_repo_is_pulled_with_progress_and_generates(manager_server: ServerProcess, hub: FakeHub) -> None:
    hub.rate = 2_000_000  # ~3 s for the tiny repo: several progress events to watch
    try:
        with manager_server.client() as admin:
            added = admin.post("/v1/models", json={"id": "hub-sd1", "source": "tiny/sd1", "defaults": TINY})
            assert added.status_code == 202, added.text
            assert added.json()["status"] == "downloading"
            busy = generate(admin, "hub-sd1")
            assert busy.status_code == 409 and busy.json()["code"] == "model_not_ready", busy.text
            assert "downloading" in busy.json()["detail"]
            seen = events(admin, "/v1/models/hub-sd1/events")
    finally:
        hub.rate = None
    names = [name for name, _ in seen]
    assert names[-1] == "ready" and "progress" in names, names
    progress = [data for name, data in seen if name == "progress"]
    assert progress[-1]["bytes_total"] > 1_000_000
    assert any(p["rate_bps"] for p in progress) and any(p["eta_s"] is not None for p in progress)
    assert [p["bytes_done"] for p in progress] == sorted(p["bytes_done"] for p in progress)
    with manager_server.client() as admin:
        model = admin.get("/v1/models/hub-sd1").json()
        assert (model["status"], model["family"]) == ("ready", "sd1")
        assert model["download"]["fraction"] == 1.0
        assert generate(admin, "hub-sd1").json()["status"] == "succeeded"
        folder = manager_server.data_dir / "models" / "model" / "hub-sd1"
        assert (folder / "model_index.json").is_file() and not (folder / ".cache").exists()
        assert admin.delete("/v1/models/hub-sd1").status_code == 200
        assert not folder.exists()
    assert any(r.path.startswith("/api/models/tiny/sd1") for r in hub.requests)
    assert any(r.method == "HEAD" and "/resolve/" in r.path for r in hub.requests)


def test_a_url_checkpoint_with_its_checksum_is_pulled_and_generates(
    manager_server: ServerProcess, hub: FakeHub, pull_files: dict[str, Path]
) -> None:
    body = {
        "id": "url-file",
        "source": f"{hub.url}/files/single_file.safetensors",
        "sha256": sha256_of(pull_files["single_file"]),
        "config": str(pull_files["folder"]),
        "defaults": TINY,
    }
    with manager_server.client() as admin:
        assert admin.post("/v1/models", json=body).status_code == 202
        model = wait_ready(admin, "/v1/models/url-file")
        assert (model["status"], model["family"]) == ("ready", "sd1"), model
        assert generate(admin, "url-file").json()["status"] == "succeeded"
        admin.delete("/v1/models/url-file")


def test_a_download_link_that_names_its_file_is_pulled(
    manager_server: ServerProcess, hub: FakeHub, pull_files: dict[str, Path]
) -> None:
    body = {"id": "civit", "source": f"{hub.url}/files/api/download/models/42", "config": str(pull_files["folder"])}
    with manager_server.client() as admin:
        assert admin.post("/v1/models", json=body).status_code == 202
        assert wait_ready(admin, "/v1/models/civit")["status"] == "ready"
        assert (manager_server.data_dir / "models" / "model" / "civit" / "civit-sd1.safetensors").is_file()
        assert generate(admin, "civit", **TINY).json()["status"] == "succeeded"
        admin.delete("/v1/models/civit")


def test_tokens_from_the_settings_open_gated_sources(manager_server: ServerProcess, hub: FakeHub) -> None:
    with manager_server.client() as admin:
        assert (
            admin.post("/v1/models", json={"id": "gated", "source": "tiny/gated", "defaults": TINY}).status_code == 202
        )
        lora = {"id": "gated-lora", "source": f"{hub.url}/files/gated/lora.safetensors", "families": ["sd1"]}
        assert admin.post("/v1/loras", json=lora).status_code == 202
        assert wait_ready(admin, "/v1/models/gated")["status"] == "ready"
        assert events(admin, "/v1/loras/gated-lora/events")[-1][0] == "ready"
        job = generate(admin, "gated", loras=[{"id": "gated-lora", "weight": 1.0}])
        assert job.json()["status"] == "succeeded", job.text
        admin.delete("/v1/models/gated")
        admin.delete("/v1/loras/gated-lora")


def test_a_broken_connection_is_resumed_where_it_stopped(
    manager_server: ServerProcess, hub: FakeHub, pull_files: dict[str, Path]
) -> None:
    source = pull_files["single_file"]
    hub.files["flaky.safetensors"] = source.read_bytes()
    cut = source.stat().st_size // 2
    hub.break_after["flaky.safetensors"] = cut
    body = {"id": "flaky", "source": f"{hub.url}/files/flaky.safetensors", "sha256": sha256_of(source)}
    with manager_server.client() as admin:
        assert admin.post("/v1/models", json={**body, "config": str(pull_files["folder"])}).status_code == 202
        assert wait_ready(admin, "/v1/models/flaky")["status"] == "ready"
        admin.delete("/v1/models/flaky")
    first, again = [r.range for r in hub.requests if r.path == "/files/flaky.safetensors"]
    assert first is None and again is not None  # what had arrived (whole 1 MiB writes) was kept
    assert 0 < int(again.removeprefix("bytes=").rstrip("-")) <= cut


def test_a_url_lora_is_pulled_and_applies(manager_server: ServerProcess, hub: FakeHub) -> None:
    body = {"id": "url-lora", "source": f"{hub.url}/files/lora.safetensors", "families": ["sd1"]}
    with manager_server.client() as admin:
        assert admin.post("/v1/loras", json=body).status_code == 202
        seen = events(admin, "/v1/loras/url-lora/events")
        assert seen[-1][0] == "ready", seen
        job = generate(admin, "file-sd1", loras=[{"id": "url-lora", "weight": 0.8}])
        assert job.json()["status"] == "succeeded", job.text
        admin.delete("/v1/loras/url-lora")


def failed(server: ServerProcess, body: dict[str, Any], path: str = "/v1/models") -> dict[str, Any]:
    with server.client() as admin:
        added = admin.post(path, json=body)
        assert added.status_code == 202, added.text
        entry = wait_ready(admin, f"{path}/{body['id']}")
        assert entry["status"] == "failed", entry
        listed = {m["id"]: m for m in admin.get(path).json()["data"]}
        assert listed[body["id"]]["status"] == "failed"
        if path == "/v1/models":
            refused = generate(admin, body["id"])
            assert refused.status_code == 409 and "failed to download" in refused.text
        admin.delete(f"{path}/{body['id']}")
    assert staged(server) == []
    kind = {"/v1/models": "model", "/v1/loras": "lora"}[path]
    assert not (server.data_dir / "models" / kind / body["id"]).exists()
    return entry


def test_failed_pulls_say_what_to_fix_and_leave_nothing(
    manager_server: ServerProcess, hub: FakeHub, pull_files: dict[str, Path]
) -> None:
    mismatch = failed(
        manager_server,
        {"id": "bad-sum", "source": f"{hub.url}/files/single_file.safetensors", "sha256": "0" * 64},
    )
    assert "checksum mismatch" in mismatch["download"]["error"]
    unknown = failed(manager_server, {"id": "no-repo", "source": "tiny/missing"})
    assert "no repository 'tiny/missing'" in unknown["download"]["error"]
    private = failed(manager_server, {"id": "private-repo", "source": "tiny/private"})
    assert "IMAGEGATE_HUB_TOKEN" in private["download"]["error"]
    not_pipeline = failed(manager_server, {"id": "no-index", "source": "tiny/not-a-pipeline"})
    assert "model_index.json" in not_pipeline["download"]["error"]
    refused = failed(manager_server, {"id": "refused-url", "source": f"{hub.url}/files/private.safetensors"})
    assert "refused the download (401)" in refused["download"]["error"]
    assert "IMAGEGATE_DOWNLOAD_TOKENS" in refused["download"]["error"]
    missing = failed(manager_server, {"id": "missing-url", "source": f"{hub.url}/files/missing.safetensors"})
    assert "404" in missing["download"]["error"]
    not_diffusion = failed(manager_server, {"id": "text-only", "source": f"{hub.url}/files/no_denoiser.safetensors"})
    assert "not a diffusion checkpoint" in not_diffusion["download"]["error"]
    named_pickle = failed(manager_server, {"id": "pickle-link", "source": f"{hub.url}/files/api/download/models/43"})
    assert "old-model.ckpt is a pickle file" in named_pickle["download"]["error"]
    with manager_server.client() as admin:
        pickle = admin.post("/v1/models", json={"id": "pickled", "source": f"{hub.url}/files/pickle.ckpt"})
        assert pickle.status_code == 422 and pickle.json()["code"] == "pickle_refused"


def test_the_dialects_pull_and_list_run_time_models(manager_server: ServerProcess) -> None:
    """ModelsLab's load_model pulls a model it is given the URL of (a hub page here, pulled from
    the loopback hub); A1111 clients see it after refresh-checkpoints; OpenAI's model list at once."""
    base = manager_server.url
    body = {"key": manager_server.admin_key, "model_id": "ml-pulled", "url": "https://huggingface.co/tiny/sd1"}
    first = httpx.post(f"{base}/api/v3/load_model", json=body).json()
    assert first["status"] == "processing" and "download started" in first["message"], first
    deadline = time.monotonic() + 90
    while (answer := httpx.post(f"{base}/api/v3/load_model", json=body).json())["status"] == "processing":
        assert time.monotonic() < deadline, answer
        time.sleep(0.3)
    assert answer["status"] == "success", answer
    with manager_server.client() as admin:
        assert admin.post("/sdapi/v1/refresh-checkpoints").status_code == 200
        titles = [m["model_name"] for m in admin.get("/sdapi/v1/sd-models").json()]
        assert "ml-pulled" in titles
        assert "ml-pulled" in {m["id"] for m in admin.get("/v1/models").json()["data"]}
        admin.delete("/v1/models/ml-pulled")


def test_the_event_stream_reports_a_removal(manager_server: ServerProcess, hub: FakeHub) -> None:
    hub.rate = 200_000
    try:
        with manager_server.client() as admin:
            admin.post("/v1/models", json={"id": "removed-early", "source": "tiny/sd1"})
            time.sleep(0.5)
            assert admin.delete("/v1/models/removed-early").status_code == 200
            assert events(admin, "/v1/models/removed-early/events")[-1][0] == "removed"
    finally:
        hub.rate = None
    deadline = time.monotonic() + 20
    while any((manager_server.data_dir / "models" / ".partial").rglob("*.safetensors")):
        assert time.monotonic() < deadline, "the canceled pull left files behind"
        time.sleep(0.1)
