"""The hires fix through a real server: the second pass delivers the larger size, adds detail a
plain resize of the first pass does not have, reports its steps as one progress, and what it cannot
do is refused at admission."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.support.server import ServerProcess

BASE = {"prompt": "a red circle", "width": 64, "height": 64, "num_inference_steps": 6, "seed": 11}


@pytest.fixture(scope="module")
def client(server: ServerProcess) -> Iterator[httpx.Client]:
    with server.client(server.new_key("hires")) as c:
        yield c


def run(client: httpx.Client, body: dict) -> tuple[dict, Image.Image]:
    job = client.post("/v1/jobs", json={**body, "response_format": "b64_json"}, headers={"Prefer": "wait=60"}).json()
    assert job["status"] == "succeeded", job
    with Image.open(io.BytesIO(base64.b64decode(job["images"][0]["b64_json"]))) as image:
        return job, image.convert("RGB")


def detail(image: Image.Image) -> float:
    """Mean absolute Laplacian: how much fine structure an image has."""
    a = np.asarray(image.convert("L"), dtype=float)
    return float(np.abs(4 * a[1:-1, 1:-1] - a[:-2, 1:-1] - a[2:, 1:-1] - a[1:-1, :-2] - a[1:-1, 2:]).mean())


@pytest.mark.parametrize("upscaler", ["latent", "lanczos"])
def test_the_second_pass_delivers_the_larger_size_with_detail(client: httpx.Client, upscaler: str) -> None:
    _, first = run(client, BASE)
    job, hires = run(client, {**BASE, "hires": {"scale": 2, "upscaler": upscaler, "strength": 0.6}})
    assert hires.size == (128, 128) and job["images"][0]["width"] == 128
    plain = first.resize((128, 128), Image.Resampling.LANCZOS)
    assert detail(hires) > 1.2 * detail(plain), (detail(hires), detail(plain))
    assert job["params"]["hires"]["scale"] == 2 and (job["params"]["width"], job["params"]["height"]) == (64, 64)


def test_hires_with_an_explicit_size_and_its_own_steps(client: httpx.Client) -> None:
    hires = {"width": 96, "num_inference_steps": 4, "strength": 0.5, "scheduler": "Euler", "prompt": "a blue circle"}
    _, image = run(client, {**BASE, "hires": hires})
    assert image.size == (96, 96)  # the height follows the aspect ratio


@pytest.mark.parametrize(
    ("hires", "field"),
    [
        ({"scale": 8}, "hires.scale"),  # over the model's limits
        ({"width": 100}, "hires.width"),  # not a multiple of 8
        ({"scheduler": "Foo"}, "scheduler"),
    ],
)
def test_what_the_second_pass_cannot_do_is_refused_up_front(client: httpx.Client, hires: dict, field: str) -> None:
    response = client.post("/v1/jobs", json={**BASE, "hires": hires})
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]


def test_latents_of_a_flow_model_cannot_be_enlarged(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", json={**BASE, "model": "tiny-flux", "hires": {"upscaler": "latent"}})
    assert response.status_code == 422 and "hires.upscaler" in response.json()["detail"]
    _, image = run(client, {**BASE, "model": "tiny-flux", "hires": {"upscaler": "lanczos", "scale": 2}})
    assert image.size == (128, 128)
