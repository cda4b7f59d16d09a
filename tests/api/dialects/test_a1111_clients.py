"""What A1111 clients call when they start and the names they send: every listing endpoint answers
in A1111's shape, every sampler it lists works at any step count (or is refused up front), and
upscalers answer to A1111's spellings."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from tests.api.dialects.conftest import UPSCALER, a1111_client, decode_image, png_bytes
from tests.support.server import ServerProcess


@pytest.fixture(scope="module")
def sd(dialect_server: ServerProcess) -> Iterator[httpx.Client]:
    with a1111_client(dialect_server, dialect_server.new_key("a1111-clients")) as client:
        yield client


def test_the_listings_clients_read_at_start(sd: httpx.Client) -> None:
    flags = sd.get("/sdapi/v1/cmd-flags").json()
    assert flags["api"] is True and flags["nowebui"] is True and flags["api_auth"] is None
    for empty in ("hypernetworks", "face-restorers", "prompt-styles", "extensions"):
        response = sd.get(f"/sdapi/v1/{empty}")
        assert response.status_code == 200 and response.json() == [], empty
    assert sd.get("/sdapi/v1/embeddings").json() == {"loaded": {}, "skipped": {}}
    assert sd.get("/sdapi/v1/scripts").json() == {"txt2img": ["controlnet"], "img2img": ["controlnet"]}
    info = sd.get("/sdapi/v1/script-info").json()
    assert {(i["name"], i["is_img2img"], i["is_alwayson"]) for i in info} == {
        ("controlnet", False, True),
        ("controlnet", True, True),
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
