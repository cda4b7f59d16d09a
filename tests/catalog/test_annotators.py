"""ControlNet annotators as catalog entries: tiny random-weight Depth Anything and ViTPose folders,
one pulled from the loopback hub and one used in place, run by the ``depth`` and ``openpose``
preprocessors of a ControlNet unit on a real server, natively and through the A1111 dialect; with
none of a kind installed, a 422 says how to add one."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from tests.catalog.conftest import TINY
from tests.catalog.test_pulls import events
from tests.support.edit_client import images
from tests.support.images import b64, png_bytes, scene
from tests.support.model_hub import FakeHub
from tests.support.server import ServerProcess

SCENE = scene(64, 64, seed=3)
SCENE_B64 = b64(png_bytes(SCENE))


@pytest.fixture(scope="module")
def annotator_files(hub: FakeHub, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.support.annotators import build_depth_annotator, build_pose_annotator

    root = tmp_path_factory.mktemp("annotators")
    depth = build_depth_annotator(root / "depth")
    hub.add_folder("tiny/depth-anything", depth)
    return {"depth": depth, "pose": build_pose_annotator(root / "pose")}


@pytest.fixture(scope="module")
def admin(manager_server: ServerProcess, pull_files: dict[str, Path]) -> Iterator[httpx.Client]:
    """The admin's client, with a run-time model that does ControlNet and a ControlNet for it."""
    with manager_server.client() as client:
        model = {"id": "ann-base", "source": str(pull_files["folder"]), "tasks": ["txt2img", "controlnet"]}
        assert client.post("/v1/models", json={**model, "defaults": TINY}).status_code == 201
        net = {"id": "ann-cn", "source": str(pull_files["controlnet"]), "family": "sd1"}
        assert client.post("/v1/controlnets", json=net).status_code == 201
        yield client
        for path in ("/v1/annotators/tiny-depth", "/v1/annotators/tiny-pose", "/v1/controlnets/ann-cn"):
            client.delete(path)
        client.delete("/v1/models/ann-base")


def unit(preprocessor: str, **extra: object) -> dict[str, object]:
    return {"controlnet_model": "ann-cn", "control_image": SCENE_B64, "preprocessor": preprocessor, **extra}


def controlnet_job(admin: httpx.Client, *units: dict[str, object]) -> httpx.Response:
    body = {"model": "ann-base", "task": "controlnet", "prompt": "a figure", "seed": 2, "controlnets": list(units)}
    body |= {"return_control_image": True, "response_format": "b64_json"}
    return admin.post("/v1/jobs", json=body, headers={"Prefer": "wait=60"})


def a1111(server: ServerProcess, module: str) -> httpx.Response:
    cn = {"module": module, "model": "ann-cn", "image": SCENE_B64, "weight": 1.0}
    body = {
        "prompt": "a figure",
        "seed": 4,
        "steps": 2,
        "width": 64,
        "height": 64,
        "override_settings": {"sd_model_checkpoint": "ann-base"},
        "alwayson_scripts": {"controlnet": {"args": [cn]}},
    }
    with httpx.Client(base_url=server.url, auth=("webui", server.admin_key), timeout=60) as sd:
        return sd.post("/sdapi/v1/txt2img", json=body)


def test_depth_and_pose_annotators_run_in_controlnet_units(
    admin: httpx.Client, manager_server: ServerProcess, annotator_files: dict[str, Path]
) -> None:
    # None installed: a clear 422 naming what to add, natively and through the A1111 dialect.
    for preprocessor, kind in (("depth", "depth"), ("openpose", "pose")):
        missing = controlnet_job(admin, unit(preprocessor))
        assert missing.status_code == 422 and missing.json()["code"] == "annotator_missing", missing.text
        assert f"needs a {kind} annotator" in missing.text and "POST /v1/annotators" in missing.text
    refused = a1111(manager_server, "depth_midas")
    assert refused.status_code == 422 and "POST /v1/annotators" in refused.text, refused.text
    assert refused.json()["detail"][0]["loc"][:5] == ["body", "alwayson_scripts", "controlnet", "args", 0]

    # Depth: pulled from the hub; pose: a folder on the server, used in place.
    pulled = admin.post("/v1/annotators", json={"id": "tiny-depth", "kind": "depth", "source": "tiny/depth-anything"})
    assert pulled.status_code == 202, pulled.text
    assert events(admin, "/v1/annotators/tiny-depth/events")[-1][0] == "ready"
    local = admin.post(
        "/v1/annotators", json={"id": "tiny-pose", "kind": "pose", "source": str(annotator_files["pose"])}
    )
    assert local.status_code == 201 and local.json()["status"] == "ready", local.text
    listed = {a["id"]: a for a in admin.get("/v1/annotators").json()["data"]}
    assert {k: (a["kind"], a["status"], a["managed"]) for k, a in listed.items()} == {
        "tiny-depth": ("depth", "ready", True),
        "tiny-pose": ("pose", "ready", True),
    }

    job = controlnet_job(admin, unit("depth"), unit("openpose", annotator="tiny-pose"))
    assert job.status_code == 200 and job.json()["status"] == "succeeded", job.text
    body = job.json()
    assert [u["annotator"] for u in body["params"]["controlnets"]] == ["tiny-depth", "tiny-pose"]
    depth, pose = images(body, "control")
    assert depth.shape == pose.shape == (64, 64, 3)
    # Depth: a grey map (all three channels alike) spanning black to white, not the input.
    assert np.array_equal(depth[..., 0], depth[..., 1]) and (depth.min(), depth.max()) == (0, 255)
    assert not np.array_equal(depth, np.asarray(SCENE.convert("RGB")))
    # Pose: coloured limbs and points on black.
    drawn = pose.sum(axis=-1) > 0
    assert 0.01 < drawn.mean() < 0.9 and (pose[drawn].max(axis=-1) != pose[drawn].min(axis=-1)).any()

    # The names A1111 clients send.
    for module in ("depth_midas", "openpose_full"):
        answer = a1111(manager_server, module)
        assert answer.status_code == 200 and len(answer.json()["images"]) >= 1, answer.text
        assert base64.b64decode(answer.json()["images"][0])[:8] == b"\x89PNG\r\n\x1a\n"


def test_annotators_that_cannot_serve_are_refused(admin: httpx.Client, annotator_files: dict[str, Path]) -> None:
    wrong_kind = admin.post(
        "/v1/annotators", json={"id": "bad-pose", "kind": "pose", "source": str(annotator_files["depth"])}
    )
    assert wrong_kind.status_code == 422 and "VitPoseForPoseEstimation" in wrong_kind.text, wrong_kind.text
    url = admin.post(
        "/v1/annotators", json={"id": "bad-url", "kind": "depth", "source": "http://127.0.0.1:9/depth.safetensors"}
    )
    assert url.status_code == 422 and "an annotator is a folder" in url.text, url.text
    unknown = controlnet_job(admin, unit("depth", annotator="no-such-annotator"))
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_annotator", unknown.text
    not_annotated = controlnet_job(admin, unit("canny", annotator="tiny-pose"))
    assert not_annotated.status_code == 422 and "runs no annotator" in not_annotated.text


def test_a_controlnet_repo_is_pulled_from_the_hub(
    admin: httpx.Client, hub: FakeHub, pull_files: dict[str, Path]
) -> None:
    """A ControlNet repo holds config.json and its weights (no model_index.json): pulled as a folder."""
    hub.add_folder("tiny/controlnet", pull_files["controlnet"])
    pulled = admin.post("/v1/controlnets", json={"id": "hub-cn", "source": "tiny/controlnet", "family": "sd1"})
    assert pulled.status_code == 202, pulled.text
    try:
        assert events(admin, "/v1/controlnets/hub-cn/events")[-1][0] == "ready"
        job = controlnet_job(admin, {"controlnet_model": "hub-cn", "control_image": SCENE_B64, "preprocessor": "canny"})
        assert job.status_code == 200 and job.json()["status"] == "succeeded", job.text
    finally:
        admin.delete("/v1/controlnets/hub-cn")
