"""Semantic end to end: a real server on the repo's own catalog, held-out prompts in, PNGs out, and
plain image analysis checks that the right colours and shapes came back.

Short form of `bench/tiny_shapes_eval.py` (all 120 prompts): 24 prompts, one per held-out
(shape, colour, background) triple, with the phrasings, sizes and positions of the full set.
"""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from PIL import Image
from training.tiny_shapes.evaluate import PromptSpec, classify, format_table, heldout_prompts, score
from training.tiny_shapes.scenes import COLOURS, SHAPES

from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[2]
MODEL_DIR = REPO / "models" / "tiny-shapes"
DONE = ("succeeded", "failed", "canceled")


@pytest.fixture(scope="module")
def shapes_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The bundled catalog as `make run` serves it. The result cache is off so that asking twice
    really generates twice (a cache hit would make the same-seed check trivially true)."""
    proc = ServerProcess(
        tmp_path_factory.mktemp("tiny-shapes-server"),
        REPO / "models" / "catalog.toml",
        env={"IMAGEGATE_CACHE_ENABLED": "false"},
    ).start()
    yield proc
    proc.stop()


def sample() -> list[PromptSpec]:
    """One prompt per held-out triple (24), taking a different one of its 5 prompts each time, so
    every phrasing and some size and position prompts are among them."""
    specs = heldout_prompts()
    return [specs[5 * t + t % 5] for t in range(len(specs) // 5)]


def wait(client: httpx.Client, job_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in DONE or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def download(job: dict) -> bytes:
    assert job["status"] == "succeeded", job
    (image,) = job["images"]
    response = httpx.get(image["url"], timeout=30)  # the signed URL, as a browser would fetch it
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    return response.content


def test_default_model_follows_heldout_prompts(shapes_server: ServerProcess) -> None:
    specs = sample()
    assert {s.shape for s in specs} == set(SHAPES)
    assert {s.colour for s in specs} == set(COLOURS) == {s.background for s in specs}
    assert any(s.size for s in specs) and any(s.position for s in specs)
    defaults = json.loads((MODEL_DIR / "imagegate.json").read_text())
    with shapes_server.client() as client:  # the admin key: its unlimited plan admits the burst
        assert client.get("/v1/models/tiny-shapes").json()["default"] is True
        # All at once, as a burst; no model and no parameters: the catalog's defaults must apply.
        ids = []
        for spec in specs:
            response = client.post("/v1/jobs", json={"prompt": spec.prompt, "seed": spec.seed})
            assert response.status_code == 202, response.text
            ids.append(response.json()["id"])
        jobs = [wait(client, job_id) for job_id in ids]
    pngs = [download(job) for job in jobs]
    for job, spec in zip(jobs, specs, strict=True):
        assert job["model"] == "tiny-shapes" and job["seeds"] == [spec.seed] and job["cached"] is False
        params = job["params"]
        assert (params["width"], params["height"]) == (defaults["width"], defaults["height"])
        assert params["num_inference_steps"] == defaults["num_inference_steps"]
        assert params["guidance_scale"] == defaults["guidance_scale"]
    images = []
    for png in pngs:
        with Image.open(io.BytesIO(png)) as img:
            assert img.format == "PNG" and img.size == (64, 64)
            assert json.loads(img.info["imagegate"])["scheduler_used"] == defaults["scheduler"]
            images.append(img.convert("RGB"))

    result = score(list(zip(specs, images, strict=True)))
    table = format_table(result, "tiny-shapes via the server, 24 held-out prompts")
    assert result["background"] >= 0.9 and result["colour"] >= 0.9 and result["shape"] >= 0.75, table

    # The same images scored against prompts asking for other colours and shapes must fail: the
    # pass above comes from the images, not from a scorer that agrees with anything.
    def other(spec: PromptSpec) -> PromptSpec:
        return replace(
            spec,
            shape=SHAPES[(SHAPES.index(spec.shape) + 1) % len(SHAPES)],
            colour=COLOURS[(COLOURS.index(spec.colour) + 3) % len(COLOURS)],
            background=COLOURS[(COLOURS.index(spec.background) + 5) % len(COLOURS)],
        )

    wrong = score([(other(spec), img) for spec, img in zip(specs, images, strict=True)])
    assert max(wrong["background"], wrong["colour"], wrong["shape"]) <= 0.25, format_table(wrong, "mismatched")


def test_same_seed_same_bytes_other_seed_other_image(shapes_server: ServerProcess) -> None:
    spec = heldout_prompts()[7]
    body = {"prompt": spec.prompt, "seed": spec.seed}
    with shapes_server.client() as client:
        first, second = (client.post("/v1/jobs", json=body, headers={"Prefer": "wait=30"}).json() for _ in range(2))
        other = client.post("/v1/jobs", json={**body, "seed": spec.seed + 1}, headers={"Prefer": "wait=30"}).json()
    assert first["id"] != second["id"]
    for job in (first, second, other):  # each one generated, none served from a cache
        assert job["status"] == "succeeded" and job["cached"] is False and job["timings"]["compute_s"] > 0, job
    png = download(first)
    assert download(second) == png
    assert download(other) != png


def b64_png(image: Image.Image) -> str:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


def image_of(job: dict) -> Image.Image:
    return Image.open(io.BytesIO(download(job))).convert("RGB")


def test_img2img_and_inpaint_follow_the_prompt(shapes_server: ServerProcess) -> None:
    """The bundled model edits too: img2img turns a red circle on blue into what the prompt says, and
    inpainting a border ring repaints only the background while the centre stays pixel-identical."""
    with shapes_server.client() as client:

        def run(body: dict) -> Image.Image:
            response = client.post("/v1/jobs", json=body, headers={"Prefer": "wait=60"})
            assert response.status_code == 200, response.text
            return image_of(response.json())

        base = run({"prompt": "a red circle on a blue background", "seed": 1})
        assert (classify(base).colour, classify(base).shape, classify(base).background) == ("red", "circle", "blue")
        for strength, seed in ((0.7, 2), (0.9, 3)):
            body = {"task": "img2img", "init_image": b64_png(base), "strength": strength, "seed": seed}
            edited = classify(run({**body, "prompt": "a yellow square on a green background"}))
            assert (edited.colour, edited.shape, edited.background) == ("yellow", "square", "green"), strength
        ring = Image.new("L", (64, 64), 255)
        ring.paste(0, (16, 16, 48, 48))  # keep the centre, repaint the border
        body = {"task": "inpaint", "init_image": b64_png(base), "mask_image": b64_png(ring), "seed": 3}
        painted = run({**body, "prompt": "a red circle on a green background"})
        assert classify(painted).background == "green" and classify(painted).colour == "red"
        centre = (16, 16, 48, 48)
        assert painted.crop(centre).tobytes() == base.crop(centre).tobytes()
