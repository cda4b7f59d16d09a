"""The ModelsLab v6 dialect through a real server, with bodies shaped like ModelsLab's documented
examples (numbers as strings, "yes"/"no", null) — sizes and steps shrunk for the tiny models."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.dialects.conftest import EDIT_MODEL, decode_image, native_job, png_bytes
from tests.support.server import ServerProcess

TINY = {"width": "64", "height": "64", "num_inference_steps": "2"}
# The documented text2img body (key and model_id filled in).
TEXT2IMG: dict[str, Any] = {
    "model_id": "midjourney",
    "prompt": "ultra realistic close up portrait ((beautiful pale cyberpunk female with heavy black eyeliner))",
    "negative_prompt": "",
    "width": "512",
    "height": "512",
    "samples": "1",
    "num_inference_steps": "31",
    "safety_checker": "no",
    "enhance_prompt": "yes",
    "seed": None,
    "guidance_scale": 7.5,
    "panorama": "no",
    "self_attention": "no",
    "upscale": "no",
    "lora_model": None,
    "tomesd": "yes",
    "clip_skip": "2",
    "use_karras_sigmas": "yes",
    "vae": None,
    "lora_strength": None,
    "scheduler": "UniPCMultistepScheduler",
    "webhook": None,
    "track_id": None,
}
# The documented realtime text2img body: JSON booleans, no model_id.
REALTIME: dict[str, Any] = {
    "prompt": "ultra realistic close up portrait ((beautiful pale cyberpunk female with heavy black eyeliner))",
    "negative_prompt": "bad quality",
    "width": "512",
    "height": "512",
    "safety_checker": False,
    "seed": None,
    "samples": 1,
    "base64": False,
    "webhook": None,
    "track_id": None,
}
URL_IMAGE = "https://example.com/overture-creations.png"


@pytest.fixture(scope="module")
def key(dialect_server: ServerProcess) -> str:
    return dialect_server.new_key("modelslab")


@pytest.fixture(scope="module")
def http(dialect_server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=dialect_server.url, timeout=120) as client:
        yield client


def assert_error(response: httpx.Response, status: int, field: str | None = None, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == "error" and body["message"] == body["messege"], body
    if field is not None:
        assert body["message"].startswith(f"{field}:"), body
    if code is not None:
        assert body["code"] == code, body
    return dict(body)


def test_documented_text2img_succeeds(http: httpx.Client, key: str, dialect_server: ServerProcess) -> None:
    body = {"key": key, **TEXT2IMG, **TINY, "samples": "2"}
    response = http.post("/api/v6/images/text2img", json=body)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["status"] == "success" and isinstance(result["id"], int)
    assert isinstance(result["generationTime"], float) and result["nsfw_content_detected"] is False
    assert len(result["output"]) == 2 and result["output"] == result["proxy_links"] == result["future_links"]
    for url in result["output"]:
        image = decode_image(httpx.get(url).content)  # links work without the key, like ModelsLab's CDN
        assert image.format == "PNG" and image.size == (64, 64)
    meta = result["meta"]
    assert meta["id"] == str(result["id"]) and meta["model_id"] == "midjourney" and meta["n_samples"] == 2
    assert isinstance(meta["seed"], int) and meta["W"] == meta["width"] == 64 and meta["enhance_prompt"] == "no"
    assert meta["safety_checker"] == "no" and meta["scheduler"] == "UniPCMultistepScheduler"
    assert "key" not in meta and key not in response.text
    # The job, through the native API, by the job_id the envelope names.
    job = native_job(dialect_server, key, result["job_id"])
    assert job["status"] == "succeeded" and job["model"] == "tiny-sd1" and job["seeds"][0] == meta["seed"]
    assert job["params"]["scheduler"] == "UniPCMultistepScheduler"


def test_fetch_in_both_forms_and_by_every_key_transport(http: httpx.Client, key: str) -> None:
    done = http.post("/api/v6/images/text2img", json={"key": key, **TEXT2IMG, **TINY}).json()
    number = done["id"]
    by_path = http.post(f"/api/v6/images/fetch/{number}", json={"key": key}).json()
    by_body = http.post("/api/v6/images/fetch", json={"key": key, "request_id": str(number)}).json()
    by_int = http.post("/api/v6/images/fetch", json={"key": key, "request_id": number}).json()
    editing = http.post("/api/v6/image_editing/fetch", json={"key": key, "request_id": number}).json()
    assert by_path["status"] == by_body["status"] == by_int["status"] == editing["status"] == "success"
    assert by_path["id"] == by_body["id"] == number and by_path["meta"]["seed"] == done["meta"]["seed"]
    # ModelsLab SDKs send the key as Bearer or as a "key" header as well.
    for headers in ({"Authorization": f"Bearer {key}"}, {"key": key}):
        response = http.post(f"/api/v6/images/fetch/{number}", json={}, headers=headers)
        assert response.status_code == 200 and response.json()["status"] == "success"
    v5 = http.get(f"/api/v5/images/fetch/{number}", headers={"key": key})
    assert v5.status_code == 200 and v5.json()["id"] == number


def test_fetch_errors(http: httpx.Client, key: str, dialect_server: ServerProcess) -> None:
    number = http.post("/api/v6/images/text2img", json={"key": key, **TEXT2IMG, **TINY}).json()["id"]
    other = dialect_server.new_key("modelslab-other")
    assert_error(http.post(f"/api/v6/images/fetch/{number}", json={"key": other}), 404, code="request_not_found")
    assert_error(http.post("/api/v6/images/fetch/999999", json={"key": key}), 404, code="request_not_found")
    assert_error(http.post("/api/v6/images/fetch/abc", json={"key": key}), 400, field="id")
    assert_error(http.post("/api/v6/images/fetch", json={"key": key}), 400, field="request_id")
    assert_error(http.post(f"/api/v6/images/fetch/{number}", json={}), 401, code="unauthenticated")
    assert_error(http.post("/api/v6/videos/fetch/1", json={"key": key}), 404)


def test_realtime_with_instant_response_and_future_links(http: httpx.Client, key: str) -> None:
    body = {"key": key, **REALTIME, "width": "64", "height": "64", "instant_response": True}
    result = http.post("/api/v6/realtime/text2img", json=body).json()
    assert result["status"] == "processing" and isinstance(result["id"], int), result
    assert result["output"] == [] and result["message"] == result["messege"] and isinstance(result["eta"], float)
    assert result["fetch_result"].endswith(f"/api/v6/realtime/fetch/{result['id']}")
    assert len(result["future_links"]) == 1 and result["meta"]["instant_response"] == "yes"
    # A future link downloaded at once is held until the image exists.
    image = decode_image(httpx.get(result["future_links"][0], timeout=60).content)
    assert image.size == (64, 64)
    fetched = http.post(result["fetch_result"].removeprefix(str(http.base_url).rstrip("/")), json={"key": key})
    assert fetched.json()["status"] == "success"


def test_base64_output(http: httpx.Client, key: str) -> None:
    body = {"key": key, **REALTIME, "width": "64", "height": "64", "base64": True, "samples": 2}
    result = http.post("/api/v6/realtime/text2img", json=body).json()
    assert result["status"] == "success" and len(result["output"]) == 2
    assert decode_image(base64.b64decode(result["output"][0])).format == "PNG"
    assert result["proxy_links"][0].startswith("http") and result["meta"]["base64"] == "yes"


def test_bad_input_gets_modelslab_errors(http: httpx.Client, key: str, dialect_server: ServerProcess) -> None:
    bad_key = dialect_server.new_key("modelslab-bad")
    cases = [
        ({"samples": "5"}, "samples"),
        ({"width": "wide"}, "width"),
        ({"width": "65"}, "width"),
        ({"safety_checker": "maybe"}, "safety_checker"),
        ({"upscale": "2"}, "upscale"),
        ({"vae": "sd-vae-ft-mse"}, "vae"),
        ({"scheduler": "NoSuchScheduler"}, "scheduler"),
        ({"model_id": "no-such-model"}, "model_id"),
        ({"webhook": "ftp://example.com/hook"}, "webhook"),
        ({"lora_model": "more_details"}, "lora_model"),
        ({"prompt": None}, "prompt"),
    ]
    for change, field in cases:
        assert_error(http.post("/api/v6/images/text2img", json={"key": bad_key, **TEXT2IMG, **change}), 400, field)
    assert_error(http.post("/api/v6/images/text2img", content=b"{not json", headers={"key": bad_key}), 400)
    assert_error(http.post("/api/v6/images/text2img", json=["a list"], headers={"key": bad_key}), 400)
    assert_error(http.post("/api/v6/images/text2img", json=TEXT2IMG), 401)
    assert_error(http.post("/api/v6/images/text2img", json={**TEXT2IMG, "key": "ig_wrong_key_12345678"}), 401)
    assert_error(http.post("/api/v6/no/such/route", json={"key": bad_key}), 404, code="route_not_found")
    with dialect_server.client(bad_key) as native:
        assert native.get("/v1/jobs").json()["data"] == []  # nothing refused left a job behind


def test_model_operations(http: httpx.Client, key: str, dialect_server: ServerProcess) -> None:
    models = http.post("/api/v4/dreambooth/model_list", json={"key": key}).json()
    assert isinstance(models, list) and {"tiny-sd1", "tiny-sdxl"} <= {m["model_id"] for m in models}
    assert all(m["status"] == "model_ready" and "model_name" in m for m in models)
    # Loading can evict models every key uses: only an admin key may (a denial, whatever the model).
    for path in ("/api/v6/images/model_reload", "/api/v3/load_model"):
        denied = assert_error(http.post(path, json={"key": key, "model_id": "tiny-sd1-file"}), 403)
        assert "admin" in denied["message"]
    admin = dialect_server.admin_key
    reloaded = http.post("/api/v6/images/model_reload", json={"key": admin, "model_id": "tiny-sd1-file"}).json()
    assert reloaded["status"] in ("success", "processing") and reloaded["model_id"] == "tiny-sd1-file"
    loaded = http.post(
        "/api/v3/load_model",
        json={
            "key": admin,
            "model_id": "midjourney",
            "url": "https://example.com/x.safetensors",
            "model_format": "safetensors",
        },
    ).json()
    assert loaded["status"] in ("success", "processing") and loaded["model_id"] == "tiny-sd1"
    new = {
        "key": admin,
        "model_id": "my-new-model",
        "url": "http://10.0.0.1/x.safetensors",  # downloads come only from public addresses
        "model_category": "stable_diffusion",
    }
    assert_error(http.post("/api/v3/load_model", json=new), 400, "url", "url_not_allowed")
    del new["url"]
    assert_error(http.post("/api/v3/load_model", json=new), 400, "model_id", "unknown_model")
    assert_error(http.post("/api/v6/images/model_reload", json={"key": admin, "model_id": "nope"}), 400, "model_id")


def test_future_link_needs_its_signature(http: httpx.Client, key: str) -> None:
    result = http.post("/api/v6/images/text2img", json={"key": key, **TEXT2IMG, **TINY}).json()
    link = result["output"][0]
    assert_error(httpx.get(link.replace("signature=", "signature=x")), 403, code="invalid_signature")
    assert_error(httpx.get(link.replace("-0.png", "-1.png")), 403, code="invalid_signature")


def test_editing_routes_parse_documented_bodies(http: httpx.Client, key: str) -> None:
    """tiny-sd1 (the "midjourney" alias) does text-to-image only: the refusal (naming model_id) shows
    each documented body was read and translated into the right task."""
    b64 = base64.b64encode(png_bytes()).decode()
    calls = [
        ("/api/v6/images/img2img", {**TEXT2IMG, **TINY, "init_image": URL_IMAGE, "strength": 0.7}, "img2img"),
        ("/api/v6/realtime/img2img", {**REALTIME, "init_image": b64, "strength": "0.5"}, "img2img"),
        (
            "/api/v6/images/inpaint",
            {**TEXT2IMG, "init_image": URL_IMAGE, "mask_image": URL_IMAGE, "steps": "21"},
            "inpaint",
        ),
        ("/api/v6/realtime/inpaint", {**REALTIME, "init_image": URL_IMAGE, "mask_image": URL_IMAGE}, "inpaint"),
        (
            "/api/v6/image_editing/inpaint",
            {"prompt": "cat", "model_id": "midjourney", "init_image": URL_IMAGE, "mask_image": URL_IMAGE},
            "inpaint",
        ),
        (
            "/api/v6/image_editing/outpaint",
            {"prompt": "more sky", "model_id": "midjourney", "image": URL_IMAGE, "width": "64", "height": "64"},
            "outpaint",
        ),
    ]
    controlnet = {**TEXT2IMG, "controlnet_model": "canny", "controlnet_type": "canny", "auto_hint": "yes"}
    controlnet |= {"guess_mode": "no", "init_image": URL_IMAGE, "mask_image": None, "strength": 0.55}
    calls += [("/api/v5/controlnet", controlnet, "controlnet"), ("/api/v6/images/controlnet", controlnet, "controlnet")]
    for path, body, task in calls:
        error = assert_error(http.post(path, json={"key": key, **body}), 400, "model_id", "task_not_supported")
        assert task in error["message"], (path, error)
    upscale = {"key": key, "init_image": URL_IMAGE, "scale": 4, "webhook": None, "face_enhance": False}
    assert_error(http.post("/api/v6/image_editing/super_resolution", json={**upscale, "model_id": "nope"}), 400)


def test_img2img_returns_images(http: httpx.Client, key: str) -> None:
    b64 = base64.b64encode(png_bytes()).decode()
    body = {"key": key, **TEXT2IMG, **TINY, "model_id": EDIT_MODEL, "init_image": b64, "strength": "0.7"}
    result = http.post("/api/v6/images/img2img", json=body).json()
    assert result["status"] == "success", result
    assert len(result["output"]) == 1 and decode_image(httpx.get(result["output"][0]).content).size == (64, 64)


def test_image_editing_inpaint_and_outpaint(http: httpx.Client, key: str) -> None:
    """Without model_id the image_editing routes use a model of the catalog that does the task."""
    b64 = base64.b64encode(png_bytes()).decode()
    mask = base64.b64encode(png_bytes(color=(255, 255, 255))).decode()
    body = {"key": key, "prompt": "cat", "init_image": b64, "mask_image": mask, **TINY}
    result = http.post("/api/v6/image_editing/inpaint", json=body).json()
    assert result["status"] == "success", result
    body = {"key": key, "prompt": "more sky", "image": b64, "width": "128", "height": "64", "num_inference_steps": "2"}
    result = http.post("/api/v6/image_editing/outpaint", json=body).json()
    assert result["status"] == "success", result
    assert decode_image(httpx.get(result["output"][0]).content).size == (128, 64)


def test_super_resolution(http: httpx.Client, key: str) -> None:
    b64 = base64.b64encode(png_bytes()).decode()
    body = {"key": key, "init_image": b64, "scale": 2, "webhook": None, "face_enhance": False}
    result = http.post("/api/v6/image_editing/super_resolution", json=body).json()
    assert result["status"] == "success", result
    assert decode_image(httpx.get(result["output"][0]).content).size == (128, 128)


def test_held_request_answers_processing_then_success(
    http: httpx.Client, key: str, dialect_server: ServerProcess
) -> None:
    """A job that outlasts the hold answers ``processing``; fetch answers ``success`` once it is done."""
    blocker_key = dialect_server.new_key("modelslab-blocker")
    slow = {"key": blocker_key, **TEXT2IMG, "width": "512", "height": "512", "num_inference_steps": "20"}
    slow["instant_response"] = "yes"
    blocker = http.post("/api/v6/images/text2img", json=slow).json()
    assert blocker["status"] == "processing"
    result = http.post("/api/v6/images/text2img", json={"key": key, **TEXT2IMG, **TINY, "instant_response": "yes"})
    waiting = result.json()
    assert waiting["status"] == "processing" and waiting["meta"]["n_samples"] == 1
    downloaded: list[bytes] = []
    fetcher = threading.Thread(
        target=lambda: downloaded.append(httpx.get(waiting["future_links"][0], timeout=120).content)
    )
    fetcher.start()
    deadline = time.monotonic() + 120
    status = "processing"
    while status == "processing" and time.monotonic() < deadline:
        status = http.post(f"/api/v6/images/fetch/{waiting['id']}", json={"key": key}).json()["status"]
        time.sleep(0.2)
    assert status == "success"
    fetcher.join(60)
    assert downloaded and decode_image(downloaded[0]).size == (64, 64)
    http.post(f"/api/v6/images/fetch/{blocker['id']}", json={"key": blocker_key})  # (it finishes on its own)


def test_openapi_documents_every_dialect(dialect_server: ServerProcess) -> None:
    paths = httpx.get(f"{dialect_server.url}/openapi.json").json()["paths"]
    for path in ("/v1/images/generations", "/v1/images/edits", "/api/v6/images/text2img", "/api/v5/controlnet"):
        assert path in paths
    assert "/sdapi/v1/txt2img" in paths and "/api/v6/{family}/fetch/{request_id}" in paths
    schema = paths["/api/v6/images/text2img"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "samples" in schema["properties"]  # the loose body is documented though it is parsed by hand
