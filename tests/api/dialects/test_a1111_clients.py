"""What A1111 clients call when they start and the names they send: every listing endpoint answers
in A1111's shape, every sampler it lists works at any step count (or is refused up front), and
upscalers answer to A1111's spellings."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.api.dialects.conftest import EDIT_MODEL, UPSCALER, a1111_client, decode_image, png_bytes, wait_native
from tests.support.faces import draw_face
from tests.support.server import ServerProcess

IMAGE_32 = base64.b64encode(png_bytes((32, 32))).decode()


@pytest.fixture(scope="module")
def sd(dialect_server: ServerProcess) -> Iterator[httpx.Client]:
    with a1111_client(dialect_server, dialect_server.new_key("a1111-clients")) as client:
        yield client


def test_the_listings_clients_read_at_start(sd: httpx.Client) -> None:
    flags = sd.get("/sdapi/v1/cmd-flags").json()
    assert flags["api"] is True and flags["nowebui"] is True and flags["api_auth"] is None
    assert sd.get("/sdapi/v1/face-restorers").json() == [
        {"name": "GFPGAN (random weights)", "cmd_dir": None},
        {"name": "CODEFORMER (random weights)", "cmd_dir": None},
    ]
    for empty in ("hypernetworks", "prompt-styles", "extensions"):
        response = sd.get(f"/sdapi/v1/{empty}")
        assert response.status_code == 200 and response.json() == [], empty
    assert sd.get("/sdapi/v1/embeddings").json() == {"loaded": {}, "skipped": {}}
    assert sd.get("/sdapi/v1/scripts").json() == {"txt2img": ["controlnet"], "img2img": ["controlnet", "sd upscale"]}
    info = sd.get("/sdapi/v1/script-info").json()
    assert {(i["name"], i["is_img2img"], i["is_alwayson"]) for i in info} == {
        ("controlnet", False, True),
        ("controlnet", True, True),
        ("sd upscale", True, False),
    }
    realesrgan = sd.get("/sdapi/v1/realesrgan-models").json()
    assert [m["scale"] for m in realesrgan] == [4] and realesrgan[0]["path"] is None  # the catalog's one
    memory = sd.get("/sdapi/v1/memory").json()
    assert memory["ram"]["total"] > memory["ram"]["free"] > 0 and "cuda" in memory
    for refresh in ("refresh-checkpoints", "refresh-loras"):
        assert sd.post(f"/sdapi/v1/{refresh}").status_code == 200
    assert httpx.get(f"{sd.base_url}/sdapi/v1/cmd-flags").status_code == 401  # a key is still needed


@pytest.mark.parametrize("steps", [1, 3])
def test_every_listed_sampler_runs_or_is_refused_up_front(sd: httpx.Client, steps: int) -> None:
    body = {"prompt": "a red circle", "width": 64, "height": 64, "steps": steps, "seed": 1}
    for sampler in sd.get("/sdapi/v1/samplers").json():
        response = sd.post("/sdapi/v1/txt2img", json={**body, "sampler_name": sampler["name"]})
        if response.status_code == 200:
            assert len(response.json()["images"]) == 1, sampler["name"]
        else:  # not installable here (an optional package): a 422 naming the field, before any job
            assert response.status_code == 422, (sampler["name"], response.text)
            assert "needs the" in response.json()["errors"] and "sampler" in response.text, response.text


@pytest.mark.parametrize("name", [UPSCALER, UPSCALER.upper(), "R-ESRGAN AnimeVideo", "r-esrgan animevideo"])
def test_upscalers_answer_to_a1111_spellings(sd: httpx.Client, name: str) -> None:
    body = {"image": base64.b64encode(png_bytes((32, 32))).decode(), "upscaling_resize": 2, "upscaler_1": name}
    result = sd.post("/sdapi/v1/extra-single-image", json=body)
    assert result.status_code == 200, result.text
    assert decode_image(base64.b64decode(result.json()["image"])).size == (64, 64)


HIRES = {"prompt": "a red circle", "width": 64, "height": 64, "steps": 4, "seed": 5, "enable_hr": True}


@pytest.mark.parametrize(
    ("fields", "size"),
    [
        ({"hr_scale": 2}, (128, 128)),
        ({"hr_scale": 1.5, "hr_upscaler": "Latent (nearest)", "denoising_strength": 0.5}, (96, 96)),
        ({"hr_resize_x": 96, "hr_resize_y": 128, "hr_upscaler": "Lanczos", "hr_second_pass_steps": 3}, (96, 128)),
        ({"hr_upscaler": "Latent (bicubic antialiased)", "hr_sampler_name": "Euler", "hr_prompt": "a blue one"}, None),
        ({"batch_size": 2, "negative_prompt": "blurry", "hr_negative_prompt": "noisy"}, None),
        ({"hr_upscaler": "R-ESRGAN AnimeVideo", "hr_resize_x": 112}, (112, 112)),  # the catalog's network
    ],
)
def test_hires_fix(sd: httpx.Client, fields: dict, size: tuple[int, int] | None) -> None:
    result = sd.post("/sdapi/v1/txt2img", json={**HIRES, **fields})
    assert result.status_code == 200, result.text
    images = result.json()["images"]
    assert len(images) == HIRES.get("batch_size", fields.get("batch_size", 1))
    assert all(decode_image(base64.b64decode(i)).size == (size or (128, 128)) for i in images)


def test_hires_fix_refusals_name_a1111_fields(sd: httpx.Client) -> None:
    refused = sd.post("/sdapi/v1/txt2img", json={**HIRES, "hr_upscaler": "R-ESRGAN 4x+"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "hr_upscaler"]
    too_big = sd.post("/sdapi/v1/txt2img", json={**HIRES, "hr_scale": 4, "width": 512, "height": 512})
    assert too_big.status_code == 422 and too_big.json()["detail"][0]["loc"] == ["body", "hr_scale"], too_big.text
    img2img = {**HIRES, "init_images": [base64.b64encode(png_bytes()).decode()]}
    assert sd.post("/sdapi/v1/img2img", json=img2img).status_code == 422


def test_webuiapi_hires_tiling_and_inverted_mask(dialect_server: ServerProcess) -> None:
    import webuiapi

    key = dialect_server.new_key("webuiapi-features")
    api = webuiapi.WebUIApi(baseurl=f"{dialect_server.url}/sdapi/v1", username="u", password=key)
    hires = api.txt2img(prompt="a red circle", width=64, height=64, steps=4, enable_hr=True, hr_scale=2)
    assert hires.image.size == (128, 128)
    tiled = api.txt2img(prompt="a red circle", width=64, height=64, steps=4, tiling=True)
    assert tiled.image.size == (64, 64)
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (0, 0, 32, 64))
    painted = api.img2img(
        images=[Image.new("RGB", (64, 64), (200, 30, 30))], mask_image=mask, inpainting_mask_invert=1, steps=4,
        width=64, height=64,  # webuiapi's default prompt is empty: the image alone guides it
        denoising_strength=1.0, override_settings={"sd_model_checkpoint": EDIT_MODEL},
    )  # fmt: skip
    assert painted.image.size == (64, 64)


def test_sd_upscale_script(sd: httpx.Client) -> None:
    """A1111's script: script_args are (info, overlap, upscaler_index, scale_factor)."""
    body = {
        "init_images": [base64.b64encode(png_bytes((48, 40))).decode()],
        "prompt": "a painting",
        "width": 64,
        "height": 64,
        "steps": 4,
        "denoising_strength": 0.5,
        "script_name": "SD upscale",
        "script_args": ["", 16, 1, 2],
        "override_settings": {"sd_model_checkpoint": EDIT_MODEL},
    }
    result = sd.post("/sdapi/v1/img2img", json=body)
    assert result.status_code == 200, result.text
    assert decode_image(base64.b64decode(result.json()["images"][0])).size == (96, 80)
    bad = sd.post("/sdapi/v1/img2img", json={**body, "script_args": ["", 16, 7, 2]})
    assert bad.status_code == 422 and "upscaler_index 7" in bad.text
    on_txt2img = sd.post("/sdapi/v1/txt2img", json={"prompt": "x", "script_name": "SD upscale"})
    assert on_txt2img.status_code == 422 and on_txt2img.json()["detail"][0]["loc"] == ["body", "script_name"]


def _changed(a: Image.Image, b: Image.Image) -> np.ndarray:
    return np.abs(np.asarray(a, dtype=np.int16) - np.asarray(b, dtype=np.int16)).max(axis=-1) > 0


def test_face_restoration_repaints_the_face_only(sd: httpx.Client) -> None:
    """Extras: ×2 with the catalog's Real-ESRGAN, then GFPGAN (random weights) on the face it finds."""
    face = io.BytesIO()
    draw_face(256).save(face, format="PNG")
    body = {"image": base64.b64encode(face.getvalue()).decode(), "upscaler_1": "R-ESRGAN AnimeVideo"}
    plain = sd.post("/sdapi/v1/extra-single-image", json=body)
    restored = sd.post("/sdapi/v1/extra-single-image", json={**body, "gfpgan_visibility": 1})
    assert plain.status_code == 200 and restored.status_code == 200, restored.text
    before, after = (decode_image(base64.b64decode(r.json()["image"])).convert("RGB") for r in (plain, restored))
    assert before.size == after.size == (512, 512)
    changed = _changed(before, after)
    assert changed[200:330, 200:310].mean() > 0.9  # the face
    assert not changed[:, :60].any() and not changed[:, 460:].any() and not changed[470:, :].any()
    only = sd.post("/sdapi/v1/extra-single-image", json={"image": body["image"], "upscaling_resize": 1,
                                                        "codeformer_visibility": 1})  # fmt: skip
    assert only.status_code == 200, only.text
    faces_only = decode_image(base64.b64decode(only.json()["image"])).convert("RGB")
    assert faces_only.size == (256, 256)  # restored in place, not enlarged
    changed = _changed(draw_face(256), faces_only)
    assert 0 < changed.mean() < 0.9 and not changed[:, :20].any()


def test_restore_faces_through_webuiapi_and_refusals(dialect_server: ServerProcess, sd: httpx.Client) -> None:
    import webuiapi

    key = dialect_server.new_key("webuiapi-faces")
    api = webuiapi.WebUIApi(baseurl=f"{dialect_server.url}/sdapi/v1", username="u", password=key)
    made = api.txt2img(prompt="a portrait", width=64, height=64, steps=3, seed=3, restore_faces=True)
    assert made.image.size == (64, 64)
    assert made.info["restore_faces"] is True and made.info["face_restoration_model"] == "gfpgan-test"
    extras = api.extra_single_image(
        image=draw_face(256), upscaler_1="R-ESRGAN AnimeVideo", upscaling_resize=2, gfpgan_visibility=1
    )
    assert extras.image.size == (512, 512)
    both = sd.post(
        "/sdapi/v1/extra-single-image",
        json={"image": IMAGE_32, "upscaling_resize": 2, "gfpgan_visibility": 1, "codeformer_visibility": 1},
    )
    assert both.status_code == 422 and both.json()["detail"][0]["loc"] == ["body", "codeformer_visibility"]


def test_native_restore_faces_option(dialect_server: ServerProcess) -> None:
    """The same post-step in the native API: ``restore_faces`` on a generation, and the listing."""
    key = dialect_server.new_key("native-faces")
    with dialect_server.client(key) as client:
        listed = client.get("/v1/face-restorers").json()["data"]
        assert [r["id"] for r in listed] == ["gfpgan-test", "codeformer-test"]
        body = {"prompt": "", "model": EDIT_MODEL, "num_inference_steps": 2, "restore_faces": {"visibility": 0.5}}
        created = client.post("/v1/jobs", json=body)
        assert created.status_code == 202, created.text
        unknown = client.post("/v1/jobs", json={**body, "restore_faces": {"model": "restoreformer"}})
        assert unknown.status_code == 422 and "gfpgan-test, codeformer-test" in unknown.text
    job = wait_native(dialect_server, key, created.json()["id"], {"succeeded", "failed"})
    assert job["status"] == "succeeded", job
    assert job["params"]["restore_faces"] == {"model": "gfpgan-test", "visibility": 0.5, "fidelity": 0.5}
    assert job["params"]["prompt"] == ""  # an empty prompt is fine on a local model


def test_network_upscalers_enlarge_for_the_hires_fix_and_sd_upscale(dialect_server: ServerProcess) -> None:
    """Native: ``hires.upscaler`` / ``tiled_upscale.upscaler`` may name a local upscaler of the catalog
    (by id, name or alias); anything else is refused naming the field and the choices."""
    key = dialect_server.new_key("network-enlarge")
    with dialect_server.client(key) as client:
        hires = {"prompt": "a red circle", "model": EDIT_MODEL, "num_inference_steps": 2, "seed": 1,
                 "hires": {"scale": 2, "upscaler": UPSCALER}}  # fmt: skip
        job = client.post("/v1/jobs", json=hires, headers={"Prefer": "wait=60"}).json()
        assert job["status"] == "succeeded", job
        assert job["params"]["hires"]["upscaler"] == UPSCALER and job["images"][0]["width"] == 128
        init = base64.b64encode(png_bytes((48, 40))).decode()
        tiled = {"task": "img2img", "prompt": "a painting", "model": EDIT_MODEL, "init_image": init, "width": 64,
                 "height": 64, "num_inference_steps": 2, "strength": 0.5,
                 "tiled_upscale": {"scale": 2, "overlap": 16, "upscaler": UPSCALER}}  # fmt: skip
        job = client.post("/v1/jobs", json=tiled, headers={"Prefer": "wait=60"}).json()
        assert job["status"] == "succeeded", job
        assert (job["images"][0]["width"], job["images"][0]["height"]) == (96, 80)
        for body, field in ((hires, "hires.upscaler"), (tiled, "tiled_upscale.upscaler")):
            option = field.split(".")[0]
            refused = client.post("/v1/jobs", json={**body, option: {**body[option], "upscaler": "no-such"}})
            assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field, refused.text
            assert UPSCALER in refused.text


def test_face_restoration_settings_choose_the_restorer(dialect_server: ServerProcess) -> None:
    """A1111's ``face_restoration_model`` and ``code_former_weight``, per request or kept in /options."""
    key = dialect_server.new_key("face-settings")
    body = {"prompt": "a portrait", "width": 64, "height": 64, "steps": 2, "restore_faces": True}
    with a1111_client(dialect_server, key) as sd:
        chosen = {"face_restoration_model": "CodeFormer", "code_former_weight": 0.3}
        made = sd.post("/sdapi/v1/txt2img", json={**body, "override_settings": chosen})
        assert made.status_code == 200, made.text
        assert json.loads(made.json()["info"])["face_restoration_model"] == "codeformer-test"
        assert sd.post("/sdapi/v1/options", json={"face_restoration_model": "RestoreFormer"}).status_code == 200
        refused = sd.post("/sdapi/v1/txt2img", json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == ["body", "options", "face_restoration_model"]
        assert sd.post("/sdapi/v1/txt2img", json={**body, "restore_faces": False}).status_code == 200  # unused then
        assert sd.post("/sdapi/v1/options", json={"face_restoration_model": "GFPGAN"}).status_code == 200
        made = sd.post("/sdapi/v1/txt2img", json=body)
        assert json.loads(made.json()["info"])["face_restoration_model"] == "gfpgan-test"
        bad = sd.post("/sdapi/v1/txt2img", json={**body, "override_settings": {"code_former_weight": 2}})
        assert bad.status_code == 422
        assert bad.json()["detail"][0]["loc"] == ["body", "override_settings", "code_former_weight"]
