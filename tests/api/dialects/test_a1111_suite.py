"""The kinds of request AUTOMATIC1111's own API tests send (its test/ folder: txt2img, img2img,
extras, utils), written here from what they exercise, sent with HTTP Basic auth to a real server:
each answers 200 with images of the right size — or, for the feature imagegate does not have
(interrogation), a clear refusal. Face restoration runs with the random-weight GFPGAN and CodeFormer
this server's catalog lists (tests/support/faces.py)."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.api.dialects.conftest import EDIT_MODEL, a1111_client, decode_image, png_bytes
from tests.support.server import ServerProcess

SMALL = {"width": 64, "height": 64, "steps": 3, "cfg_scale": 7, "seed": -1, "sampler_name": "Euler a"}
IMAGE = base64.b64encode(png_bytes((64, 64))).decode()
MASK = base64.b64encode(png_bytes((64, 64), mode="L", color=255)).decode()


def _left_half_mask() -> str:
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (0, 0, 32, 64))
    out = io.BytesIO()
    mask.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


HALF_MASK = _left_half_mask()


@pytest.fixture(scope="module")
def sd(dialect_server: ServerProcess) -> Iterator[httpx.Client]:
    with a1111_client(dialect_server, dialect_server.new_key("a1111-suite"), timeout=120) as client:
        yield client


def images_of(response: httpx.Response, count: int, size: tuple[int, int]) -> None:
    assert response.status_code == 200, response.text
    images = response.json()["images"]
    assert len(images) == count
    assert all(decode_image(base64.b64decode(i)).size == size for i in images)


TXT2IMG_CASES: dict[str, tuple[dict[str, Any], int, tuple[int, int]]] = {
    "simple": ({"prompt": "example prompt"}, 1, (64, 64)),
    "negative prompt": ({"prompt": "example prompt", "negative_prompt": "example negative prompt"}, 1, (64, 64)),
    "attention syntax": (
        {"prompt": "((emphasis)), (emphasis1:1.1), [to:1], [from::2], [from:to:0.3], [alt|alt1]"},
        1,
        (64, 64),
    ),
    "not square": ({"prompt": "example prompt", "width": 64, "height": 96}, 1, (64, 96)),
    "hires fix": (
        {"prompt": "example prompt", "enable_hr": True, "hr_scale": 2, "denoising_strength": 0.7},
        1,
        (128, 128),
    ),
    "hires fix with a network upscaler": (
        {"prompt": "example prompt", "enable_hr": True, "hr_scale": 2, "hr_upscaler": "R-ESRGAN AnimeVideo"},
        1,
        (128, 128),
    ),
    "tiling": ({"prompt": "example prompt", "tiling": True}, 1, (64, 64)),
    "restore faces": ({"prompt": "example prompt", "restore_faces": True}, 1, (64, 64)),
    "empty prompt": ({"prompt": ""}, 1, (64, 64)),
    "PLMS sampler": ({"prompt": "example prompt", "sampler_name": "PLMS"}, 1, (64, 64)),
    "DDIM sampler": ({"prompt": "example prompt", "sampler_name": "DDIM"}, 1, (64, 64)),
    "UniPC sampler": ({"prompt": "example prompt", "sampler_name": "UniPC"}, 1, (64, 64)),
    "several batches": ({"prompt": "example prompt", "n_iter": 2}, 2, (64, 64)),
    "a batch of two": ({"prompt": "example prompt", "batch_size": 2}, 2, (64, 64)),
}


@pytest.mark.parametrize("case", list(TXT2IMG_CASES))
def test_txt2img(sd: httpx.Client, case: str) -> None:
    fields, count, size = TXT2IMG_CASES[case]
    images_of(sd.post("/sdapi/v1/txt2img", json={**SMALL, **fields}), count, size)


IMG2IMG_BASE = {**SMALL, "prompt": "example prompt", "init_images": [IMAGE], "denoising_strength": 0.75}
IMG2IMG_CASES: dict[str, tuple[dict[str, Any], tuple[int, int]]] = {
    "simple": ({}, (64, 64)),
    "inpainting": ({"mask": MASK, "mask_blur": 4}, (64, 64)),
    # A white mask inverted would repaint nothing (refused): half of one, inverted, repaints the other half.
    "inpainting, inverted mask": ({"mask": HALF_MASK, "inpainting_mask_invert": 1, "mask_blur": 0}, (64, 64)),
    "SD upscale script": ({"script_name": "sd upscale", "script_args": ["", 8, "Lanczos", 2.0]}, (128, 128)),
    "SD upscale with a network upscaler": (
        {"script_name": "sd upscale", "script_args": ["", 8, "R-ESRGAN AnimeVideo", 2.0]},
        (128, 128),
    ),
    "restore faces": ({"restore_faces": True}, (64, 64)),
}


@pytest.mark.parametrize("case", list(IMG2IMG_CASES))
def test_img2img(sd: httpx.Client, case: str) -> None:
    fields, size = IMG2IMG_CASES[case]
    body = {**IMG2IMG_BASE, **fields, "override_settings": {"sd_model_checkpoint": EDIT_MODEL}}
    images_of(sd.post("/sdapi/v1/img2img", json=body), 1, size)


def test_extras_upscaling_and_png_info(sd: httpx.Client) -> None:
    # (This catalog's upscaler by A1111's name for it; Lanczos by name: tests/e2e/test_unchanged_clients.py.)
    extras = {"image": IMAGE, "upscaler_1": "R-ESRGAN AnimeVideo", "upscaling_resize": 2, "resize_mode": 0}
    result = sd.post("/sdapi/v1/extra-single-image", json=extras)
    assert result.status_code == 200, result.text
    assert decode_image(base64.b64decode(result.json()["image"])).size == (128, 128)
    made = sd.post("/sdapi/v1/txt2img", json={**SMALL, "prompt": "example prompt"}).json()["images"][0]
    info = sd.post("/sdapi/v1/png-info", json={"image": made}).json()
    assert info["parameters"]["Prompt"] == "example prompt" and "Steps" in info["parameters"]


@pytest.mark.parametrize(
    "path",
    [
        "options", "cmd-flags", "samplers", "upscalers", "sd-models", "hypernetworks", "face-restorers",
        "realesrgan-models", "prompt-styles", "embeddings", "memory", "schedulers", "loras", "scripts",
        "script-info", "extensions", "sd-vae", "progress",
    ],
)  # fmt: skip
def test_the_listings(sd: httpx.Client, path: str) -> None:
    assert sd.get(f"/sdapi/v1/{path}").status_code == 200


def test_options_write_and_read_back(sd: httpx.Client) -> None:
    assert sd.post("/sdapi/v1/options", json={"send_seed": False}).status_code == 200
    assert sd.get("/sdapi/v1/options").json()["send_seed"] is False
    assert sd.post("/sdapi/v1/options", json={"send_seed": True}).status_code == 200
    assert sd.get("/sdapi/v1/options").json()["send_seed"] is True


def test_extras_face_restoration(sd: httpx.Client) -> None:
    base = {"image": IMAGE, "upscaler_1": "R-ESRGAN AnimeVideo", "upscaling_resize": 2}
    for sliders in ({"gfpgan_visibility": 1}, {"codeformer_visibility": 0.8, "codeformer_weight": 0.3}):
        result = sd.post("/sdapi/v1/extra-single-image", json={**base, **sliders})
        assert result.status_code == 200, result.text
        assert decode_image(base64.b64decode(result.json()["image"])).size == (128, 128)


def test_what_is_not_there_is_refused_by_name(sd: httpx.Client) -> None:
    assert sd.post("/sdapi/v1/interrogate", json={"image": IMAGE, "model": "clip"}).status_code == 404
