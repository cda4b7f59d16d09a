"""Every bad input of the image tasks is a clear 4xx naming the field, before any job exists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.api.test_validation import assert_field_error
from tests.support.http_peer import ImagePeer, Reply
from tests.support.images import b64, encoded, png_bytes, png_claiming, scene
from tests.support.server import ServerProcess

IMG = b64(png_bytes(scene(64, 64)))
MASK = b64(png_bytes(Image.new("L", (64, 64), 255)))


@pytest.fixture(scope="module")
def client(edit_server: ServerProcess) -> Iterator[httpx.Client]:
    with edit_server.client(edit_server.new_key("edit-validation")) as c:
        yield c
        assert c.get("/v1/jobs").json()["data"] == []  # nothing refused left a job behind


def post(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    prompt = {} if body.get("task") == "upscale" else {"prompt": "x"}  # upscaling takes no prompt
    return client.post("/v1/jobs", json={**prompt, **body})


def test_bad_base64(client: httpx.Client) -> None:
    response = post(client, {"task": "img2img", "init_image": "this is not base64!"})
    assert_field_error(response, "init_image", code="invalid_base64")
    assert_field_error(post(client, {"task": "img2img", "init_image": "data:image/png;base64,@@@@"}), "init_image")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (encoded(scene(16, 16), "GIF"), "unsupported_image"),
        (encoded(scene(16, 16), "BMP"), "unsupported_image"),
        (b"%PDF-1.4 not an image", "unsupported_image"),
        (png_bytes(scene(64, 64))[:300], "corrupt_image"),
    ],
)
def test_unsupported_or_corrupt_image(client: httpx.Client, data: bytes, code: str) -> None:
    response = post(client, {"task": "img2img", "init_image": b64(data)})
    assert response.status_code == 422, response.text
    assert (
        response.json()["code"] in (code, "unsupported_image") and response.json()["errors"][0]["field"] == "init_image"
    )


def test_decompression_bomb_and_size_caps(client: httpx.Client) -> None:

    bomb = post(client, {"task": "upscale", "image": b64(png_claiming(30_000, 30_000))})
    assert_field_error(bomb, "image", code="image_too_large")
    flat = b64(png_bytes(Image.new("RGB", (2100, 2100), (40, 80, 120))))
    too_many_pixels = post(client, {"task": "upscale", "model": "lanczos", "image": flat})
    assert_field_error(too_many_pixels, "image", code="image_too_large")  # the server caps inputs at 2048²


def test_mask_problems(client: httpx.Client) -> None:
    small = b64(png_bytes(Image.new("L", (32, 32), 255)))
    response = post(client, {"task": "inpaint", "init_image": IMG, "mask_image": small})
    assert_field_error(response, "mask_image", code="mask_mismatch")
    assert "32×32" in response.json()["detail"] and "64×64" in response.json()["detail"]
    black = b64(png_bytes(Image.new("L", (64, 64), 0)))
    assert_field_error(
        post(client, {"task": "inpaint", "init_image": IMG, "mask_image": black}), "mask_image", code="empty_mask"
    )
    # No mask and no transparency: nothing says what to repaint.
    assert_field_error(post(client, {"task": "inpaint", "init_image": IMG}), "mask_image", code="missing_mask")


@pytest.mark.parametrize("task", ["img2img", "variation", "outpaint"])
def test_mask_for_a_task_that_takes_none(client: httpx.Client, task: str) -> None:
    response = post(client, {"task": task, "init_image": IMG, "mask_image": MASK, "left": 8})
    assert_field_error(response, "mask_image")
    assert "only inpaint" in response.json()["detail"]


@pytest.mark.parametrize("strength", [0, -0.1, 1.01, 2])
def test_strength_outside_zero_one(client: httpx.Client, strength: float) -> None:
    assert_field_error(post(client, {"task": "img2img", "init_image": IMG, "strength": strength}), "strength")


def test_strength_too_small_for_the_steps(client: httpx.Client) -> None:
    response = post(client, {"task": "img2img", "init_image": IMG, "strength": 0.1, "num_inference_steps": 5})
    assert_field_error(response, "strength")


def test_outpaint_problems(client: httpx.Client) -> None:
    body = {"task": "outpaint", "init_image": IMG}
    assert_field_error(post(client, {**body, "right": 300}), "right", code="outpaint_too_large")  # 256 px limit
    assert_field_error(post(client, {**body, "aspect_ratio": "5:1"}), "aspect_ratio", code="outpaint_too_large")
    assert_field_error(post(client, body), "left", code="no_outpaint")
    assert_field_error(post(client, {**body, "aspect_ratio": "1:1"}), "aspect_ratio", code="no_outpaint")
    assert_field_error(post(client, {**body, "aspect_ratio": "16:9", "left": 8}), "aspect_ratio")
    assert_field_error(post(client, {**body, "width": 32, "height": 64}), "width")
    assert_field_error(post(client, {**body, "aspect_ratio": "16/9"}), "aspect_ratio")
    assert_field_error(post(client, {**body, "left": 8, "width": 200, "height": 64}), "width")


def test_controlnet_problems(client: httpx.Client) -> None:
    unit = {"controlnet_model": "cn-sd1", "control_image": IMG}
    response = post(client, {"task": "controlnet", "controlnets": [{**unit, "controlnet_model": "cn-nope"}]})
    assert_field_error(response, "controlnets.0.controlnet_model", code="unknown_controlnet")
    response = post(client, {"task": "controlnet", "controlnets": [{**unit, "preprocessor": "depth_magic"}]})
    assert_field_error(response, "controlnets.0.preprocessor")
    response = post(client, {"task": "controlnet", "controlnets": [{**unit, "controlnet_model": "cn-sdxl"}]})
    assert_field_error(response, "controlnets.0.controlnet_model", code="controlnet_family_mismatch")
    response = post(
        client,
        {"task": "controlnet", "controlnets": [{**unit, "control_guidance_start": 0.8, "control_guidance_end": 0.2}]},
    )
    assert_field_error(response, "controlnets.0")
    assert post(client, {"task": "controlnet", "controlnets": [unit], **unit}).status_code == 422
    assert_field_error(post(client, {"task": "controlnet", "controlnets": []}), "controlnets")
    assert_field_error(post(client, {"task": "controlnet", "controlnets": [unit] * 5}), "controlnets")


def test_upscale_beyond_8192_px(client: httpx.Client) -> None:
    wide = b64(png_bytes(Image.new("RGB", (2100, 60), (9, 9, 9))))
    response = post(client, {"task": "upscale", "image": wide, "scale": 4})
    assert_field_error(response, "scale", code="upscale_too_large")
    assert "8400×240" in response.json()["detail"]
    assert_field_error(post(client, {"task": "upscale", "image": IMG, "scale": 9}), "scale")
    assert_field_error(post(client, {"task": "upscale", "image": IMG, "scale": 1}), "scale")
    # The upscale step of a generation too (this model allows 2048 px outputs).
    response = post(client, {"model": "edit-sd1-large", "width": 2048, "height": 64, "upscale": {"scale": 4.5}})
    assert_field_error(response, "upscale.scale", code="upscale_too_large")


def test_upscale_option_problems(client: httpx.Client) -> None:
    assert_field_error(post(client, {"upscale": {"scale": 2, "model": "edit-sd1"}}), "upscale.model")
    assert_field_error(post(client, {"upscale": {"scale": 2, "model": "nope"}}), "upscale.model")
    assert_field_error(post(client, {"upscale": {"scale": 0.5}}), "upscale.scale")


def test_lora_problems(client: httpx.Client) -> None:
    response = post(client, {"loras": [{"id": "lora-sdxl", "weight": 1}]})
    assert_field_error(response, "loras.0.id", code="lora_family_mismatch")
    assert "sdxl" in response.json()["detail"] and "sd1" in response.json()["detail"]
    assert_field_error(post(client, {"loras": [{"id": "nope"}]}), "loras.0.id", code="unknown_lora")
    assert_field_error(post(client, {"loras": [{"id": "lora-sd1-a"}, {"id": "lora-sd1-a"}]}), "loras")
    assert_field_error(post(client, {"loras": [{"id": "lora-sd1-a", "weight": 5}]}), "loras.0.weight")
    assert_field_error(post(client, {"loras": [{"id": f"l{i}"} for i in range(9)]}), "loras")
    upscale = {"task": "upscale", "image": IMG, "loras": [{"id": "lora-sd1-a"}]}
    assert_field_error(post(client, upscale), "loras")


def test_url_to_loopback_is_refused(client: httpx.Client) -> None:
    with ImagePeer() as internal:
        internal.routes["/a.png"] = Reply(body=png_bytes(scene(8, 8)))
        for url in (f"{internal.url}/a.png", f"http://localhost:{internal.port}/a.png", "http://[::1]:9/a.png"):
            response = post(client, {"task": "img2img", "init_image": url})
            assert_field_error(response, "init_image", code="url_refused")
        assert internal.requests == []


def test_redirect_to_loopback_is_refused(client: httpx.Client, image_peer: ImagePeer) -> None:
    with ImagePeer() as internal:
        internal.routes["/secret.png"] = Reply(body=png_bytes(scene(8, 8)))
        image_peer.routes["/go"] = Reply(status=302, headers={"Location": f"{internal.url}/secret.png"})
        response = post(client, {"task": "img2img", "init_image": f"{image_peer.url}/go"})
        assert_field_error(response, "init_image", code="url_refused")
        assert internal.requests == [] and any(r.path == "/go" for r in image_peer.requests)


def test_other_url_problems(client: httpx.Client, image_peer: ImagePeer) -> None:
    assert_field_error(post(client, {"task": "img2img", "init_image": "file:///etc/passwd"}), "init_image")
    assert_field_error(
        post(client, {"task": "img2img", "init_image": f"{image_peer.url}/nothing-here.png"}), "init_image"
    )
    image_peer.routes["/text"] = Reply(body=b"hello", headers={"Content-Type": "text/plain"})
    assert_field_error(post(client, {"task": "img2img", "init_image": f"{image_peer.url}/text"}), "init_image")


def test_multipart_problems(client: httpx.Client) -> None:
    files = {"init_image": ("a.gif", encoded(scene(8, 8), "GIF"), "image/gif")}
    response = client.post("/v1/jobs", data={"task": "img2img", "prompt": "x"}, files=files)
    assert_field_error(response, "init_image", code="unsupported_image")
    files = {"init_image": ("a.png", png_bytes(scene(64, 64)), "image/png")}
    response = client.post("/v1/jobs", data={"task": "img2img", "prompt": "x", "loras": "[not json"}, files=files)
    assert_field_error(response, "loras", status=400, code="malformed_body")
    response = client.post("/v1/jobs", data={"task": "img2img", "prompt": "x", "strength": "lots"}, files=files)
    assert_field_error(response, "strength")
    huge = {"init_image": ("big.png", b"\0" * (17 << 20), "image/png")}  # over the 16 MiB body cap
    response = client.post("/v1/jobs", data={"task": "img2img", "prompt": "x"}, files=huge)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


def test_task_the_model_cannot_do_is_refused_before_fetching(client: httpx.Client, image_peer: ImagePeer) -> None:
    before = len(image_peer.requests)
    image_peer.routes["/never.png"] = Reply(body=png_bytes(scene(8, 8)))
    response = post(client, {"model": "edit-sd3", "task": "inpaint", "init_image": f"{image_peer.url}/never.png"})
    assert_field_error(response, "task", code="task_not_supported")
    assert len(image_peer.requests) == before


def test_invert_mask_needs_a_mask_and_is_applied_before_the_checks(client: httpx.Client) -> None:
    assert_field_error(post(client, {"task": "inpaint", "init_image": IMG, "invert_mask": True}), "invert_mask")
    # An all-white mask inverted repaints nothing: refused like an all-black one.
    inverted_white = {"task": "inpaint", "init_image": IMG, "mask_image": MASK, "invert_mask": True}
    assert_field_error(post(client, inverted_white), "mask_image", code="empty_mask")


def test_an_image_task_may_have_an_empty_prompt(edit_server: ServerProcess) -> None:
    """The image alone guides img2img and inpainting (A1111 clients send an empty prompt by default)."""
    with edit_server.client(edit_server.new_key("empty-prompt")) as client:
        for task, extra in (("img2img", {}), ("inpaint", {"mask_image": MASK})):
            body = {"task": task, "init_image": IMG, "prompt": "", "num_inference_steps": 2, **extra}
            job = client.post("/v1/jobs", json=body, headers={"Prefer": "wait=60"}).json()
            assert job["status"] == "succeeded", job
            assert job["params"]["prompt"] == ""
