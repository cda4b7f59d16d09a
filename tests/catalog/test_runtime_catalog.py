"""Adding, changing and removing models and LoRAs at run time from local paths: what a real server
process accepts, refuses (each with a 4xx naming what to fix) and generates with right after."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.catalog.conftest import TINY
from tests.support.images import b64, png_bytes, scene
from tests.support.server import ServerProcess


def generate(client: httpx.Client, model: str, **extra: object) -> httpx.Response:
    body = {"prompt": "a red square", "model": model, "seed": 1, **TINY, **extra}
    return client.post("/v1/jobs", json=body, headers={"Prefer": "wait=60"})


def test_a_local_folder_is_ready_at_once_and_generates(
    manager_server: ServerProcess, pull_files: dict[str, Path]
) -> None:
    with manager_server.client() as admin:
        added = admin.post(
            "/v1/models",
            json={"id": "local-sd1", "source": str(pull_files["folder"]), "tags": ["test"], "defaults": TINY},
        )
        assert added.status_code == 201, added.text
        body = added.json()
        assert (body["status"], body["family"], body["managed"], body["tags"]) == ("ready", "sd1", True, ["test"])
        assert added.headers["location"] == "/v1/models/local-sd1"
        listed = {m["id"]: m for m in admin.get("/v1/models").json()["data"]}
        assert listed["local-sd1"]["managed"] and not listed["file-sd1"]["managed"]

        job = generate(admin, "local-sd1")
        assert job.status_code == 200 and job.json()["status"] == "succeeded", job.text

        patched = admin.patch(
            "/v1/models/local-sd1", json={"tags": ["photo"], "limits": {"max_width": 256}, "max_batch_size": 4}
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["tags"] == ["photo"] and patched.json()["limits"]["max_width"] == 256
        assert body["max_batch_size"] == 1 and patched.json()["max_batch_size"] == 4  # the server's default: 1
        refused = admin.patch("/v1/models/local-sd1", json={"max_batch_size": 0})
        assert refused.status_code == 422 and "max_batch_size" in refused.text
        too_wide = generate(admin, "local-sd1", width=512)
        assert too_wide.status_code == 422 and "width" in too_wide.text

        assert admin.delete("/v1/models/local-sd1").json() == {
            "id": "local-sd1",
            "object": "model",
            "deleted": True,
            "canceled_jobs": 0,
        }
        assert admin.get("/v1/models/local-sd1").status_code == 404
        gone = generate(admin, "local-sd1")
        assert gone.status_code == 422 and gone.json()["code"] == "unknown_model"
    assert pull_files["folder"].is_dir()  # a local path is used in place, never deleted


def test_a_single_file_with_its_config_is_detected_and_generates(
    manager_server: ServerProcess, pull_files: dict[str, Path]
) -> None:
    source = pull_files["single_file"]
    with manager_server.client() as admin:
        added = admin.post(
            "/v1/models", json={"id": "local-file", "source": str(source), "config": str(pull_files["folder"])}
        )
        assert added.status_code == 201, added.text
        assert added.json()["family"] == "sd1"
        assert generate(admin, "local-file").json()["status"] == "succeeded"
        admin.delete("/v1/models/local-file")


def test_refusals_name_what_to_fix(manager_server: ServerProcess, pull_files: dict[str, Path]) -> None:
    def refused(body: dict[str, object]) -> httpx.Response:
        with manager_server.client() as admin:
            return admin.post("/v1/models", json=body)

    folder = str(pull_files["folder"])
    duplicate = refused({"id": "file-sd1", "source": folder})
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate_id"
    missing = refused({"id": "x1", "source": "/no/such/model"})
    assert missing.status_code == 422 and "no such file or folder" in missing.text
    pickle = refused({"id": "x2", "source": str(pull_files["pickle"])})
    assert pickle.status_code == 422 and pickle.json()["code"] == "pickle_refused"
    assert "IMAGEGATE_ALLOW_PICKLE" in pickle.text
    not_diffusion = refused({"id": "x3", "source": str(pull_files["no_denoiser"])})
    assert not_diffusion.status_code == 422 and "not a diffusion checkpoint" in not_diffusion.text
    unknown = refused({"id": "x4", "source": str(pull_files["unknown_family"])})
    assert unknown.status_code == 422 and "family" in unknown.json()["detail"]
    lora_as_model = refused({"id": "x5", "source": str(pull_files["lora"])})
    assert lora_as_model.status_code == 422 and "POST /v1/loras" in lora_as_model.text
    not_a_source = refused({"id": "x6", "source": "not a source"})
    assert not_a_source.status_code == 422 and "repo id" in not_a_source.text
    private = refused({"id": "x7", "source": "http://10.1.2.3/model.safetensors"})
    assert private.status_code == 422 and private.json()["code"] == "url_not_allowed"
    hosted = refused({"id": "x8", "source": folder, "engine": "openai"})
    assert hosted.status_code == 422
    with manager_server.client() as admin:
        assert admin.patch("/v1/models/file-sd1", json={"tags": []}).json()["code"] == "catalog_file_entry"
        assert admin.delete("/v1/models/file-sd1").status_code == 409
        assert admin.delete("/v1/models/never-added").status_code == 404
        user = manager_server.new_key("no-admin")
    with manager_server.client(user) as client:
        assert client.post("/v1/models", json={"id": "x9", "source": folder}).status_code == 403


def test_removing_a_model_with_queued_jobs_needs_force(
    manager_server: ServerProcess, pull_files: dict[str, Path]
) -> None:
    with manager_server.client() as admin:
        admin.post("/v1/models", json={"id": "busy-sd1", "source": str(pull_files["folder"]), "defaults": TINY})
        slow = {"prompt": "slow", "model": "busy-sd1", "width": 256, "height": 256, "num_inference_steps": 30}
        jobs = [admin.post("/v1/jobs", json={**slow, "seed": seed}).json()["id"] for seed in range(3)]
        refused = admin.delete("/v1/models/busy-sd1")
        assert refused.status_code == 409 and refused.json()["code"] == "model_in_use", refused.text
        assert "force=true" in refused.text
        removed = admin.delete("/v1/models/busy-sd1", params={"force": "true"})
        assert removed.status_code == 200 and removed.json()["canceled_jobs"] >= 2, removed.text
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            states = {admin.get(f"/v1/jobs/{job}").json()["status"] for job in jobs}
            if states <= {"canceled", "succeeded", "failed"}:
                break
            time.sleep(0.2)
        assert "canceled" in states


def test_a_lora_added_at_run_time_applies(manager_server: ServerProcess, pull_files: dict[str, Path]) -> None:
    with manager_server.client() as admin:
        added = admin.post(
            "/v1/loras", json={"id": "local-lora", "source": str(pull_files["lora"]), "families": ["sd1"]}
        )
        assert added.status_code == 201, added.text
        assert any(lora["id"] == "local-lora" for lora in admin.get("/v1/loras").json()["data"])
        plain = generate(admin, "file-sd1").json()
        with_lora = generate(admin, "file-sd1", loras=[{"id": "local-lora", "weight": 1.0}]).json()
        assert with_lora["status"] == "succeeded", with_lora
        first = httpx.get(plain["images"][0]["url"]).content
        second = httpx.get(with_lora["images"][0]["url"]).content
        assert first != second
        wrong = admin.post(
            "/v1/loras", json={"id": "not-lora", "source": str(pull_files["single_file"]), "families": ["sd1"]}
        )
        assert wrong.status_code == 422 and "not a LoRA" in wrong.text
        assert admin.delete("/v1/loras/local-lora").status_code == 200
        after = generate(admin, "file-sd1", loras=[{"id": "local-lora", "weight": 1.0}])
        assert after.status_code == 422


def test_a_controlnet_added_at_run_time_steers_a_model_added_at_run_time(
    manager_server: ServerProcess, pull_files: dict[str, Path]
) -> None:
    with manager_server.client() as admin:
        model = {"id": "cn-base", "source": str(pull_files["folder"]), "tasks": ["txt2img", "controlnet"]}
        assert admin.post("/v1/models", json={**model, "defaults": TINY}).status_code == 201
        added = admin.post(
            "/v1/controlnets", json={"id": "cn-added", "source": str(pull_files["controlnet"]), "family": "sd1"}
        )
        assert added.status_code == 201 and added.json()["managed"], added.text
        assert admin.patch("/v1/controlnets/cn-added", json={"preprocessor": "canny"}).status_code == 200
        listed = {c["id"]: c for c in admin.get("/v1/controlnets").json()["data"]}
        assert listed["cn-added"]["preprocessor"] == "canny"
        unit = {"controlnet_model": "cn-added", "control_image": b64(png_bytes(scene(64, 64)))}
        job = generate(admin, "cn-base", task="controlnet", controlnets=[unit])
        assert job.json()["status"] == "succeeded", job.text
        not_a_controlnet = admin.post(
            "/v1/controlnets", json={"id": "cn-bad", "source": str(pull_files["folder"]), "family": "sd1"}
        )
        assert not_a_controlnet.status_code == 422 and "ControlNet" in not_a_controlnet.text
        assert admin.delete("/v1/controlnets/cn-added").status_code == 200
        assert admin.delete("/v1/models/cn-base").status_code == 200


def test_a_source_the_system_cannot_look_up_is_a_422(manager_server: ServerProcess) -> None:
    """A name too long for the file system was an unhandled OSError (found by the fuzzer)."""
    with manager_server.client() as admin:
        for route in ("/v1/models", "/v1/loras", "/v1/controlnets"):
            response = admin.post(route, json={"id": "too-long", "source": "0" * 5000})
            assert response.status_code == 422, (route, response.text)


def test_an_id_ending_in_a_sub_resource_is_that_sub_resource(manager_server: ServerProcess) -> None:
    """``/v1/models/{id:path}`` also matches ``…/events``: other methods there are a 405 naming GET."""
    with manager_server.client() as admin:
        for method in ("PATCH", "DELETE", "OPTIONS"):
            response = admin.request(method, "/v1/models/tiny-shapes/events")
            assert response.status_code == 405 and response.headers["allow"] == "GET", (method, response.text)
        assert admin.get("/v1/models/tiny-shapes/load").headers["allow"] == "POST"
