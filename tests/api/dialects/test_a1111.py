"""The AUTOMATIC1111 dialect through a real server, with bodies as A1111 clients send them."""

from __future__ import annotations

import base64
import io
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from PIL import Image

from tests.api.dialects.conftest import (
    ADMIN,
    EDIT_MODEL,
    SLOW,
    UPSCALER,
    a1111_client,
    active_jobs,
    decode_image,
    native_job,
    png_bytes,
    wait_native,
    wait_running,
)
from tests.support.server import ServerProcess

TXT2IMG: dict[str, Any] = {
    "prompt": "a red circle on a blue background",
    "negative_prompt": "blurry",
    "seed": 1234,
    "sampler_name": "Euler a",
    "batch_size": 2,
    "n_iter": 1,
    "steps": 2,
    "cfg_scale": 7,
    "width": 64,
    "height": 64,
    "restore_faces": False,
    "tiling": False,
    "override_settings": {},
    "send_images": True,
    "save_images": False,
    "alwayson_scripts": {},
}


@pytest.fixture(scope="module")
def key(dialect_server: ServerProcess) -> str:
    return dialect_server.new_key("a1111")


@pytest.fixture(scope="module")
def sd(dialect_server: ServerProcess, key: str) -> Iterator[httpx.Client]:
    with a1111_client(dialect_server, key) as client:
        yield client


def assert_error(response: httpx.Response, status: int, field: str | None = None, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "detail", "body", "errors"}, body
    if field is not None:
        locs = [".".join(str(p) for p in item["loc"][1:]) for item in body["detail"]]
        assert field in locs, body
    if code is not None:
        assert body["code"] == code, body
    return dict(body)


def test_txt2img(sd: httpx.Client, dialect_server: ServerProcess, key: str) -> None:
    response = sd.post("/sdapi/v1/txt2img", json=TXT2IMG)
    assert response.status_code == 200, response.text
    result = response.json()
    assert len(result["images"]) == 2
    for text in result["images"]:
        image = decode_image(base64.b64decode(text))
        assert image.format == "PNG" and image.size == (64, 64)
    info = json.loads(result["info"])  # a JSON string, as A1111 answers
    assert info["all_seeds"] == [1234, 1235] and info["seed"] == 1234 and info["sampler_name"] == "Euler a"
    assert len(info["infotexts"]) == 2 and "Seed: 1235" in info["infotexts"][1] and info["steps"] == 2
    assert result["parameters"]["prompt"] == TXT2IMG["prompt"] and result["parameters"]["batch_size"] == 2
    job = native_job(dialect_server, key, info["job_id"])
    assert job["status"] == "succeeded" and job["params"]["scheduler"] == "Euler a" and job["params"]["num_images"] == 2
    assert response.headers["x-imagegate-job-id"] == info["job_id"]


def test_same_seed_same_bytes_and_schedule_types(sd: httpx.Client) -> None:
    body = {**TXT2IMG, "batch_size": 1, "sampler_name": "DPM++ 2M", "scheduler": "Karras"}
    first, second = (sd.post("/sdapi/v1/txt2img", json=body).json() for _ in range(2))
    assert first["images"] == second["images"]
    assert json.loads(first["info"])["sampler_name"] == "DPM++ 2M Karras"
    legacy = {**body, "sampler_name": None, "sampler_index": "Euler", "scheduler": "Automatic"}
    legacy = sd.post("/sdapi/v1/txt2img", json=legacy).json()
    assert json.loads(legacy["info"])["sampler_name"] == "Euler"


def test_authentication(dialect_server: ServerProcess, key: str) -> None:
    url = f"{dialect_server.url}/sdapi/v1/sd-models"
    assert httpx.get(url, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert httpx.get(url, auth=("anyone", key)).status_code == 200
    for kwargs in ({}, {"auth": ("webui", "wrong-password")}, {"headers": {"Authorization": "Basic !!!"}}):
        response = httpx.get(url, **kwargs)  # type: ignore[arg-type]
        assert_error(response, 401)
        assert response.headers["www-authenticate"].startswith("Basic")


def test_bad_input_gets_a1111_errors(dialect_server: ServerProcess) -> None:
    key = dialect_server.new_key("a1111-bad")
    cases = [
        ({"steps": "many"}, "steps"),
        ({"steps": 151}, "steps"),
        ({"width": 65}, "width"),
        ({"batch_size": 3, "n_iter": 2}, "batch_size"),  # 6 images: over the model's 4
        ({"sampler_name": "No Such Sampler"}, "sampler_name"),
        ({"scheduler": "Exponential"}, "scheduler"),
        ({"enable_hr": True, "hr_upscaler": "SwinIR 4x"}, "hr_upscaler"),
        ({"prompt": "a cat <lora:ink:0.6>"}, "prompt"),
        (
            {"override_settings": {"sd_model_checkpoint": "nope.safetensors [abc123]"}},
            "override_settings.sd_model_checkpoint",
        ),
        ({"override_settings": {"CLIP_stop_at_last_layers": 2}}, "override_settings.CLIP_stop_at_last_layers"),
        ({"alwayson_scripts": {"ADetailer": {"args": []}}}, "alwayson_scripts.ADetailer"),
    ]
    with a1111_client(dialect_server, key) as sd:
        for change, field in cases:
            assert_error(sd.post("/sdapi/v1/txt2img", json={**TXT2IMG, **change}), 422, field)
        assert_error(sd.post("/sdapi/v1/txt2img", content=b"{oops", headers={"content-type": "application/json"}), 400)
    with dialect_server.client(key) as native:
        assert native.get("/v1/jobs").json()["data"] == []


def test_png_info_reads_back_the_parameters(sd: httpx.Client) -> None:
    image = sd.post("/sdapi/v1/txt2img", json={**TXT2IMG, "batch_size": 1}).json()["images"][0]
    info = sd.post("/sdapi/v1/png-info", json={"image": f"data:image/png;base64,{image}"}).json()
    assert info["info"].startswith(TXT2IMG["prompt"])
    params = info["parameters"]
    assert params["Prompt"] == TXT2IMG["prompt"] and params["Negative prompt"] == "blurry"
    assert (params["Seed"], params["Steps"], params["Size-1"], params["Size-2"]) == ("1234", "2", "64", "64")
    assert info["items"]["imagegate"]["seed"] == 1234
    assert_error(sd.post("/sdapi/v1/png-info", json={"image": "not base64!"}), 422, "image")


def test_catalog_routes(sd: httpx.Client) -> None:
    models = sd.get("/sdapi/v1/sd-models").json()
    assert {"tiny-sd1", "tiny-sdxl"} <= {m["title"] for m in models}
    assert all(set(m) == {"title", "model_name", "hash", "sha256", "filename", "config"} for m in models)
    samplers = {s["name"]: s for s in sd.get("/sdapi/v1/samplers").json()}
    assert {"Euler a", "DPM++ 2M", "DPM++ 2M Karras"} <= set(samplers)
    assert samplers["DPM++ 2M Karras"]["options"] == {"scheduler": "karras"}
    assert [s["label"] for s in sd.get("/sdapi/v1/schedulers").json()] == ["Automatic", "Karras"]
    assert [u["name"] for u in sd.get("/sdapi/v1/upscalers").json()] == [UPSCALER]
    assert sd.get("/sdapi/v1/loras").json() == [] and sd.get("/sdapi/v1/sd-vae").json() == []


def test_options_are_per_key(dialect_server: ServerProcess, key: str) -> None:
    other = dialect_server.new_key("a1111-options")
    with a1111_client(dialect_server, other) as sd, a1111_client(dialect_server, key) as mine:
        assert sd.get("/sdapi/v1/options").json()["sd_model_checkpoint"] == "tiny-sd1"
        assert (
            sd.post(
                "/sdapi/v1/options", json={"sd_model_checkpoint": "tiny-sd1-file.safetensors [0123abcd]"}
            ).status_code
            == 200
        )
        assert sd.get("/sdapi/v1/options").json()["sd_model_checkpoint"] == "tiny-sd1-file"
        assert mine.get("/sdapi/v1/options").json()["sd_model_checkpoint"] == "tiny-sd1"  # another key's choice
        info = json.loads(sd.post("/sdapi/v1/txt2img", json={**TXT2IMG, "batch_size": 1}).json()["info"])
        assert info["sd_model_name"] == "tiny-sd1-file"
        override = {**TXT2IMG, "batch_size": 1, "override_settings": {"sd_model_checkpoint": "tiny-sd1"}}
        assert json.loads(sd.post("/sdapi/v1/txt2img", json=override).json()["info"])["sd_model_name"] == "tiny-sd1"
        assert_error(sd.post("/sdapi/v1/options", json={"sd_model_checkpoint": "nope"}), 422, "sd_model_checkpoint")
        assert sd.post("/sdapi/v1/options", json={"samples_format": "png"}).status_code == 200  # what we do anyway
        # Options that change how images are made: only at the value this server uses, never ignored.
        refused = sd.post("/sdapi/v1/options", json={"CLIP_stop_at_last_layers": 2})
        assert_error(refused, 422, "options.CLIP_stop_at_last_layers")
        # Any other option (A1111's UI preferences) is kept per key and answered back, as A1111 does.
        assert sd.post("/sdapi/v1/options", json={"send_seed": False, "show_progressbar": False}).status_code == 200
        assert sd.post("/sdapi/v1/options", json={"my_client_setting": {"a": [1, 2]}}).status_code == 200
        options = sd.get("/sdapi/v1/options").json()
        assert options["send_seed"] is False and options["show_progressbar"] is False
        assert options["my_client_setting"] == {"a": [1, 2]} and options["sd_model_checkpoint"] == "tiny-sd1-file"
        assert mine.get("/sdapi/v1/options").json()["send_seed"] is True  # the default; another key's is theirs
        assert_error(sd.post("/sdapi/v1/options", json={"huge": "x" * 70_000}), 422, "options")


def test_progress_and_interrupt_touch_only_the_callers_job(dialect_server: ServerProcess) -> None:
    mine, theirs = dialect_server.new_key("a1111-mine"), dialect_server.new_key("a1111-theirs")
    answers: list[httpx.Response] = []

    def generate() -> None:
        with a1111_client(dialect_server, mine, timeout=120) as sd:
            answers.append(sd.post("/sdapi/v1/txt2img", json={**TXT2IMG, **SLOW, "batch_size": 1}))

    worker = threading.Thread(target=generate)
    worker.start()
    job = wait_running(dialect_server, mine)
    with a1111_client(dialect_server, theirs) as other, a1111_client(dialect_server, mine) as sd:
        idle = other.get("/sdapi/v1/progress").json()
        assert idle["progress"] == 0 and idle["state"]["job_count"] == 0 and idle["current_task"] is None
        assert other.post("/sdapi/v1/interrupt").json() == {}
        time.sleep(1.0)
        progress = sd.get("/sdapi/v1/progress", params={"skip_current_image": "true"}).json()
        assert progress["current_task"] == job["id"] and progress["state"]["sampling_steps"] == 150
        assert 0 < progress["progress"] < 1 and progress["state"]["job_count"] == 1
        assert native_job(dialect_server, mine, job["id"])["status"] == "running"  # their interrupt did nothing
        assert sd.post("/sdapi/v1/interrupt").json() == {}
    worker.join(60)
    assert answers and answers[0].status_code == 200, answers
    assert answers[0].json()["images"] == []  # interrupted: A1111 answers normally, without images
    assert native_job(dialect_server, mine, job["id"])["status"] == "canceled"


def test_client_that_gives_up_cancels_its_job(dialect_server: ServerProcess) -> None:
    key = dialect_server.new_key("a1111-impatient")
    with a1111_client(dialect_server, key, timeout=3) as sd, pytest.raises(httpx.ReadTimeout):
        sd.post("/sdapi/v1/txt2img", json={**TXT2IMG, **SLOW, "batch_size": 1})
    with dialect_server.client(key) as native:
        job_id = native.get("/v1/jobs").json()["data"][0]["id"]
    assert wait_native(dialect_server, key, job_id, {"canceled", "succeeded", "failed"})["status"] == "canceled"
    assert active_jobs(dialect_server, key) == []


def test_editing_routes_parse_a1111_bodies(sd: httpx.Client) -> None:
    """tiny-sd1 does text-to-image only; the refusal names the task, which shows the body was
    translated into it."""
    b64 = base64.b64encode(png_bytes()).decode()
    tiny = {"override_settings": {"sd_model_checkpoint": "tiny-sd1"}}
    img2img = {**TXT2IMG, **tiny, "init_images": [b64], "denoising_strength": 0.6, "batch_size": 1}
    assert (
        "img2img" in assert_error(sd.post("/sdapi/v1/img2img", json=img2img), 422, code="task_not_supported")["errors"]
    )
    inpaint = {**img2img, "mask": b64, "mask_blur": 4, "inpainting_fill": 1, "inpaint_full_res": False}
    assert (
        "inpaint" in assert_error(sd.post("/sdapi/v1/img2img", json=inpaint), 422, code="task_not_supported")["errors"]
    )
    unit = {
        "enabled": True,
        "image": b64,
        "module": "canny",
        "model": "control_v11p_sd15_canny [d14c016b]",
        "weight": 1,
    }
    controlnet = {**TXT2IMG, **tiny, "batch_size": 1, "alwayson_scripts": {"controlnet": {"args": [unit]}}}
    refused = assert_error(sd.post("/sdapi/v1/txt2img", json=controlnet), 422, code="task_not_supported")
    assert "controlnet" in refused["errors"]
    extras = {"image": b64, "upscaling_resize": 4, "upscaler_1": "R-ESRGAN 4x+", "resize_mode": 0}
    assert_error(sd.post("/sdapi/v1/extra-single-image", json=extras), 422, "upscaler_1")  # not in the catalog
    assert_error(sd.post("/sdapi/v1/img2img", json={**img2img, "init_images": []}), 422, "init_images")


def test_img2img_and_inpaint_return_images(sd: httpx.Client) -> None:
    b64 = base64.b64encode(png_bytes()).decode()
    body = {**TXT2IMG, "init_images": [b64], "batch_size": 1, "override_settings": {"sd_model_checkpoint": EDIT_MODEL}}
    result = sd.post("/sdapi/v1/img2img", json=body)
    assert result.status_code == 200, result.text
    (image,) = result.json()["images"]
    assert decode_image(base64.b64decode(image)).size == (64, 64)
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (0, 0, 32, 64))
    buffer = io.BytesIO()
    mask.save(buffer, format="PNG")
    inpaint = {**body, "mask": base64.b64encode(buffer.getvalue()).decode(), "denoising_strength": 1.0}
    result = sd.post("/sdapi/v1/img2img", json=inpaint)
    assert result.status_code == 200, result.text
    painted = np.asarray(decode_image(base64.b64decode(result.json()["images"][0])).convert("RGB"), dtype=int)
    original = np.asarray(decode_image(png_bytes()).convert("RGB"), dtype=int)
    # The unmasked right half comes back as it was; the masked left half is repainted.
    assert np.abs(painted[:, 40:] - original[:, 40:]).max() <= 2
    assert np.abs(painted[:, :24] - original[:, :24]).mean() > 5
    # The same mask inverted (A1111's inpainting_mask_invert): now the right half is repainted.
    inverted = sd.post("/sdapi/v1/img2img", json={**inpaint, "inpainting_mask_invert": 1, "mask_blur": 0})
    assert inverted.status_code == 200, inverted.text
    swapped = np.asarray(decode_image(base64.b64decode(inverted.json()["images"][0])).convert("RGB"), dtype=int)
    assert np.abs(swapped[:, :24] - original[:, :24]).max() <= 2
    assert np.abs(swapped[:, 40:] - original[:, 40:]).mean() > 5


def test_extras_upscale(sd: httpx.Client) -> None:
    b64 = base64.b64encode(png_bytes()).decode()
    extras = {"image": b64, "upscaling_resize": 2, "upscaler_1": UPSCALER, "resize_mode": 0}
    result = sd.post("/sdapi/v1/extra-single-image", json=extras)
    assert result.status_code == 200, result.text
    assert decode_image(base64.b64decode(result.json()["image"])).size == (128, 128)


async def test_restore_faces_without_a_restorer_says_how_to_add_one(app: FastAPI) -> None:
    """This app's catalog lists no [[face_restorers]]: A1111 and native requests are refused up front."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://imagegate.test", timeout=60) as client:
        created = await client.post("/v1/keys", json={"name": "f"}, headers={"Authorization": f"Bearer {ADMIN}"})
        key = created.json()["key"]
        assert (await client.get("/sdapi/v1/face-restorers", auth=("webui", key))).json() == []
        body = {"prompt": "a face", "width": 64, "height": 64, "steps": 2, "restore_faces": True}
        refused = await client.post("/sdapi/v1/txt2img", json=body, auth=("webui", key))
        assert refused.status_code == 422, refused.text
        error = refused.json()
        assert error["detail"][0]["loc"] == ["body", "restore_faces"] and "[[face_restorers]]" in error["errors"]
        native = {"prompt": "a face", "restore_faces": {"visibility": 0.5}}
        refused = await client.post("/v1/jobs", json=native, headers={"Authorization": f"Bearer {key}"})
        assert refused.status_code == 422 and "[[face_restorers]]" in refused.text, refused.text
        assert (await client.get("/v1/jobs", headers={"Authorization": f"Bearer {key}"})).json()["data"] == []
