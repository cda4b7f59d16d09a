"""A1111's SD upscale as the native ``tiled_upscale``: the result is ``scale`` times the input,
painted tile by tile with detail a plain resize has not, with no seam where tiles meet; tiles
follow the model's size; what cannot run is refused up front."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import httpx
import numpy as np
import pytest
from PIL import Image

from imagegate.engines.diffusers.tiled import feather, tiles
from tests.support.images import b64, png_bytes, scene
from tests.support.server import ServerProcess

SOURCE = scene(48, 40, seed=3)


@pytest.fixture(scope="module")
def client(edit_server: ServerProcess) -> Iterator[httpx.Client]:
    with edit_server.client(edit_server.new_key("tiled-upscale")) as c:
        yield c


def detail(image: Image.Image) -> float:
    a = np.asarray(image.convert("L"), dtype=float)
    return float(np.abs(4 * a[1:-1, 1:-1] - a[:-2, 1:-1] - a[2:, 1:-1] - a[1:-1, :-2] - a[1:-1, 2:]).mean())


def test_the_result_is_scale_times_the_input_painted_in_tiles(client: httpx.Client) -> None:
    body = {
        "task": "img2img",
        "prompt": "a detailed painting",
        "init_image": b64(png_bytes(SOURCE)),
        "width": 64,
        "height": 64,  # the tiles
        "num_inference_steps": 4,
        "strength": 0.5,
        "tiled_upscale": {"scale": 2, "overlap": 16},
        "response_format": "b64_json",
    }
    job = client.post("/v1/jobs", json=body, headers={"Prefer": "wait=120"}).json()
    assert job["status"] == "succeeded", job
    with Image.open(io.BytesIO(base64.b64decode(job["images"][0]["b64_json"]))) as out:
        result = out.convert("RGB")
    assert result.size == (96, 80)  # 48×40 × 2, four tiles of 64×64
    plain = SOURCE.resize((96, 80), Image.Resampling.LANCZOS)
    assert detail(result) > 1.2 * detail(plain)
    assert job["info"]["steps_run"] == 4 * 2  # 4 tiles × (4 steps × strength 0.5), counted as one run


def test_tiles_cover_the_image_and_blend_over_their_overlap() -> None:
    boxes = tiles((96, 80), (64, 64), 16)
    covered = np.zeros((80, 96), dtype=bool)
    for left, top, right, bottom in boxes:
        assert right - left == 64 and bottom - top == 64
        covered[top:bottom, left:right] = True
    assert covered.all() and len(boxes) == 4
    # A tile laid over its left neighbour fades in across the overlap; the image's edges stay sharp.
    mask = np.asarray(feather((32, 0, 96, 64), 16), dtype=int)
    assert mask[10, 0] < 32 and mask[10, 15] > 224 and mask[10, 40] == 255 and mask[0, 40] == 255
    assert (np.diff(mask[10, :16]) > 0).all()


@pytest.mark.parametrize(
    ("option", "field"),
    [({"scale": 4}, None), ({"scale": 5}, "tiled_upscale.scale"), ({"overlap": -1}, "tiled_upscale.overlap")],
)
def test_bad_options_are_refused(client: httpx.Client, option: dict, field: str | None) -> None:
    big = b64(png_bytes(scene(2400, 8, seed=1)))  # ×4 would be 9600 px wide
    body = {"task": "img2img", "prompt": "x", "init_image": big, "tiled_upscale": option}
    response = client.post("/v1/jobs", json=body)
    assert response.status_code == 422, response.text
    assert (field or "tiled_upscale.scale") in response.json()["detail"]
