"""Every image task end to end through a real server on the tiny models: img2img, inpaint,
outpaint, ControlNet, variation, upscale (task and post-step), LoRA adapters, multipart uploads."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import cv2
import httpx
import numpy as np
import pytest
from PIL import Image

from tests.support.edit_client import images, pixels, run
from tests.support.http_peer import ImagePeer, Reply
from tests.support.images import b64, decode_png, encoded, png_bytes, scene
from tests.support.server import ServerProcess

SCENE = scene(64, 64, seed=5)
SCENE_B64 = b64(png_bytes(SCENE))


@pytest.fixture(scope="module")
def client(edit_server: ServerProcess) -> Iterator[httpx.Client]:
    # The admin key's unlimited plan: this module makes more images a minute than the free plan allows.
    with edit_server.client() as c:
        yield c


def square_mask(size: int = 64, box: tuple[int, int, int, int] = (16, 16, 48, 48)) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    mask.paste(255, box)
    return mask


# -- img2img, variation ------------------------------------------------------------------------


def test_img2img_changes_the_input_and_keeps_its_size(client: httpx.Client) -> None:
    job = run(client, {"task": "img2img", "prompt": "a red cat", "init_image": SCENE_B64, "seed": 3})
    (out,) = images(job)
    assert out.shape == (64, 64, 3) and not np.array_equal(out, np.asarray(SCENE))
    assert job["params"]["init_image"].startswith("blob:")  # no base64 in the job's parameters
    assert job["info"]["pipeline"] == "StableDiffusionImg2ImgPipeline"
    wide = run(client, {"task": "img2img", "prompt": "x", "init_image": b64(png_bytes(scene(96, 48)))})
    assert (wide["params"]["width"], wide["params"]["height"]) == (96, 48)  # the input's size, not 64×64
    # With few steps diffusers quantises strength (int(steps × strength) steps run): use 10 here.
    body = {"task": "img2img", "prompt": "a red cat", "init_image": SCENE_B64, "seed": 3, "num_inference_steps": 10}
    near, far = run(client, {**body, "strength": 0.3}), run(client, {**body, "strength": 0.9})
    assert not np.array_equal(images(near)[0], images(far)[0])
    assert (near["info"]["steps_run"], far["info"]["steps_run"]) == (3, 9)  # strength × steps steps ran


def test_variations_differ_from_the_input_and_each_other(client: httpx.Client) -> None:
    job = run(client, {"task": "variation", "init_image": SCENE_B64, "num_images": 3, "seed": 10})
    outs = images(job)
    assert len(outs) == 3 and job["seeds"] == [10, 11, 12]
    source = np.asarray(SCENE).astype(int)
    for i, out in enumerate(outs):
        assert np.abs(out.astype(int) - source).mean() > 1
        for other in outs[i + 1 :]:
            assert np.abs(out.astype(int) - other.astype(int)).mean() > 1


# -- inpaint -----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["edit-sd1", "edit-sdxl", "edit-flux", "edit-sd3-16ch"])
def test_inpaint_keeps_unmasked_pixels(client: httpx.Client, model: str) -> None:
    mask = square_mask()
    job = run(
        client,
        {
            "model": model,
            "task": "inpaint",
            "prompt": "a blue dog",
            "init_image": SCENE_B64,
            "mask_image": b64(png_bytes(mask)),
            "seed": 1,
        },
    )
    (out,) = images(job)
    keep = np.asarray(mask) == 0
    source = np.asarray(SCENE)
    assert np.abs(out[keep].astype(int) - source[keep].astype(int)).max() <= 1
    assert np.abs(out[24:40, 24:40].astype(int) - source[24:40, 24:40].astype(int)).mean() > 5


def test_inpaint_with_the_dedicated_inpainting_model(client: httpx.Client) -> None:
    job = run(
        client,
        {
            "model": "edit-sd1-routed",
            "task": "inpaint",
            "prompt": "x",
            "init_image": SCENE_B64,
            "mask_image": b64(png_bytes(square_mask())),
        },
    )
    assert job["model"] == "edit-sd1-inpaint"  # the catalog names it for this base model
    (out,) = images(job)
    keep = np.asarray(square_mask()) == 0
    assert np.abs(out[keep].astype(int) - np.asarray(SCENE)[keep].astype(int)).max() <= 1


def test_inpaint_transparent_pixels_without_a_mask(client: httpx.Client) -> None:
    rgba = SCENE.convert("RGBA")
    alpha = Image.new("L", (64, 64), 255)
    alpha.paste(0, (0, 0, 32, 64))  # the left half is transparent: repaint it
    rgba.putalpha(alpha)
    job = run(client, {"task": "inpaint", "prompt": "x", "init_image": b64(png_bytes(rgba)), "seed": 2})
    (out,) = images(job)
    assert job["params"]["mask_image"] is None
    assert np.abs(out[:, 36:].astype(int) - np.asarray(SCENE)[:, 36:].astype(int)).max() <= 1


# -- outpaint ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["edit-sd1", "edit-flux", "edit-sd3-16ch"])
def test_outpaint_extends_and_preserves_the_original(client: httpx.Client, model: str) -> None:
    body = {"model": model, "task": "outpaint", "prompt": "x", "init_image": SCENE_B64, "seed": 4}
    job = run(client, {**body, "left": 32, "bottom": 16, "mask_blur": 0})
    (out,) = images(job)
    assert out.shape == (80, 96, 3)
    assert np.array_equal(out[0:64, 32:96], np.asarray(SCENE))  # mask_blur 0: exactly the original
    soft = run(client, {**body, "left": 32, "bottom": 16})  # the default soft seam
    (out,) = images(soft)
    band = 2 * soft["params"]["mask_blur"]
    inner = out[0 : 64 - band, 32 + band : 96]
    assert np.abs(inner.astype(int) - np.asarray(SCENE)[0 : 64 - band, band:].astype(int)).max() <= 1
    assert np.abs(out[:, :24].astype(int) - 255).mean() > 5  # the new area is painted, not blank


def test_outpaint_to_an_aspect_ratio_or_a_size(client: httpx.Client) -> None:
    body = {"task": "outpaint", "prompt": "x", "init_image": SCENE_B64}
    wide = run(client, {**body, "aspect_ratio": "16:9"})
    assert (wide["params"]["width"], wide["params"]["height"]) == (120, 64)  # 114 rounded up to a multiple of 8
    assert wide["params"]["left"] + wide["params"]["right"] == 56 and wide["params"]["aspect_ratio"] is None
    sized = run(client, {**body, "width": 128, "height": 96, "anchor": "top_left", "mask_blur": 0})
    (out,) = images(sized)
    assert out.shape == (96, 128, 3) and sized["params"]["right"] == 64 and sized["params"]["bottom"] == 32
    assert np.array_equal(out[:64, :64], np.asarray(SCENE))


# -- ControlNet --------------------------------------------------------------------------------


def test_controlnet_returns_the_canny_map(client: httpx.Client) -> None:
    job = run(
        client,
        {
            "task": "controlnet",
            "prompt": "x",
            "controlnets": [
                {"controlnet_model": "cn-sd1", "control_image": SCENE_B64, "low_threshold": 50, "high_threshold": 150}
            ],
            "return_control_image": True,
            "seed": 5,
        },
    )
    assert [img["kind"] for img in job["images"]] == ["image", "control"]
    assert job["params"]["controlnets"][0]["preprocessor"] == "canny"  # the catalog's default for cn-sd1
    (control,) = images(job, "control")
    expected = cv2.Canny(np.asarray(SCENE.convert("L")), 50, 150)
    assert np.array_equal(control[..., 0], expected) and set(np.unique(control)) <= {0, 255}
    assert job["images"][1]["seed"] is None and job["seeds"] == [5]


def test_controlnet_steers_the_image(client: httpx.Client) -> None:
    def generate(control: str, scale: float = 1.0) -> np.ndarray:
        unit = {"controlnet_model": "cn-sd1-b", "control_image": control, "controlnet_conditioning_scale": scale}
        return images(run(client, {"task": "controlnet", "prompt": "x", "seed": 6, **unit}))[0]

    other = b64(png_bytes(scene(64, 64, seed=9)))
    assert not np.array_equal(generate(SCENE_B64), generate(other))  # the flat single-net shorthand
    assert np.array_equal(generate(SCENE_B64, 0.0), generate(other, 0.0))  # scale 0: the map has no say


def test_several_controlnets_together(client: httpx.Client) -> None:
    units = [
        {"controlnet_model": "cn-sd1", "control_image": SCENE_B64, "control_guidance_end": 0.5},
        {"controlnet_model": "cn-sd1-b", "control_image": SCENE_B64, "controlnet_conditioning_scale": 0.5},
    ]
    job = run(client, {"task": "controlnet", "prompt": "x", "controlnets": units, "return_control_image": True})
    assert [img["kind"] for img in job["images"]] == ["image", "control", "control"]
    assert job["info"]["controlnets"] == ["cn-sd1", "cn-sd1-b"]


@pytest.mark.parametrize(("model", "net"), [("edit-sdxl", "cn-sdxl"), ("edit-flux", "cn-flux"), ("edit-sd3", "cn-sd3")])
def test_controlnet_on_every_family(client: httpx.Client, model: str, net: str) -> None:
    job = run(
        client,
        {"model": model, "task": "controlnet", "prompt": "x", "controlnet_model": net, "control_image": SCENE_B64},
    )
    assert images(job)[0].shape == (64, 64, 3) and "ControlNet" in job["info"]["pipeline"]


@pytest.mark.parametrize("model", ["edit-sdxl", "edit-flux", "edit-sd3"])
def test_img2img_and_variation_on_every_family(client: httpx.Client, model: str) -> None:
    for body in (
        {"task": "img2img", "prompt": "x", "init_image": SCENE_B64, "strength": 0.6},
        {"task": "variation", "init_image": SCENE_B64},
    ):
        assert images(run(client, {"model": model, **body}))[0].shape == (64, 64, 3)


# -- upscale -----------------------------------------------------------------------------------


def test_upscale_with_the_bundled_real_esrgan(client: httpx.Client) -> None:
    job = run(client, {"task": "upscale", "image": SCENE_B64, "scale": 4})
    assert job["model"] == "realesr-animevideov3"  # the catalog's first upscaler is the default
    (out,) = images(job)
    assert out.shape == (256, 256, 3) and job["info"]["method"] == "SRVGGNetCompact"
    small = np.asarray(Image.fromarray(out).resize((64, 64), Image.Resampling.BICUBIC)).astype(int)
    assert np.abs(small - np.asarray(SCENE).astype(int)).mean() < 12  # an enlargement of the same picture
    assert job["cost"] == pytest.approx(0.002)
    half = run(client, {"task": "upscale", "image": SCENE_B64, "scale": 2})
    assert images(half)[0].shape == (128, 128, 3) and half["info"]["final_resize"] == "lanczos"


@pytest.mark.parametrize(
    ("model", "scale", "size"),
    [("lanczos", 3, 192), ("user-rrdb", 4, 256), ("user-old-esrgan", 2, 128), ("user-compact", 4, 256)],
)
def test_upscale_with_catalog_upscalers(client: httpx.Client, model: str, scale: int, size: int) -> None:
    job = run(client, {"task": "upscale", "model": model, "image": SCENE_B64, "scale": scale})
    assert images(job)[0].shape == (size, size, 3)


def test_upscale_keeps_transparency(client: httpx.Client) -> None:
    rgba = SCENE.convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((64, 64)))
    job = run(client, {"task": "upscale", "image": b64(png_bytes(rgba)), "scale": 2})
    out = pixels(job["images"][0])
    assert out.shape == (128, 128, 4) and out[..., 3].min() < 20 and out[..., 3].max() > 235


def test_upscale_as_a_step_of_any_generation(client: httpx.Client) -> None:
    job = run(client, {"prompt": "x", "seed": 2, "num_images": 2, "upscale": {"scale": 2}})
    assert [o.shape for o in images(job)] == [(128, 128, 3)] * 2
    assert job["params"]["upscale"]["model"] == "realesr-animevideov3"
    assert job["info"]["upscale"]["upscaler"] == "realesr-animevideov3"
    edited = run(
        client,
        {"task": "img2img", "prompt": "x", "init_image": SCENE_B64, "upscale": {"scale": 1.5, "model": "lanczos"}},
    )
    assert images(edited)[0].shape == (96, 96, 3)


# -- LoRA --------------------------------------------------------------------------------------


def test_lora_weights_switch_and_combine_without_reloading(client: httpx.Client) -> None:
    body = {"prompt": "a red cat", "seed": 21}
    base = images(run(client, body))[0]
    zero = run(client, {**body, "loras": [{"id": "lora-sd1-a", "weight": 0}]})
    assert np.array_equal(images(zero)[0], base)  # weight 0: exactly the base model's pixels
    full = run(client, {**body, "loras": [{"id": "lora-sd1-a", "weight": 1}]})
    a = images(full)[0]
    assert not np.array_equal(a, base)
    b_job = run(client, {**body, "loras": [{"id": "lora-sd1-b", "weight": 1}]})
    b = images(b_job)[0]
    both_job = run(client, {**body, "loras": [{"id": "lora-sd1-a", "weight": 1}, {"id": "lora-sd1-b", "weight": 1}]})
    both = images(both_job)[0]
    assert not np.array_equal(both, a) and not np.array_equal(both, b) and not np.array_equal(both, base)
    assert np.array_equal(images(run(client, body))[0], base)  # no LoRA again: the base model, untouched
    again = run(client, {**body, "loras": [{"id": "lora-sd1-a", "weight": 1}]})
    assert np.array_equal(images(again)[0], a)
    # Switching LoRAs never reloaded the base model; each adapter was loaded once.
    for job in (zero, full, b_job, both_job, again):
        assert job["info"]["model_load_s"] == 0.0
    loaded = [lora for job in (zero, full, b_job, both_job, again) for lora in job["info"]["loras_loaded"]]
    assert sorted(loaded) == ["lora-sd1-a", "lora-sd1-b"]


@pytest.mark.parametrize(("model", "lora"), [("edit-sdxl", "lora-sdxl"), ("edit-flux", "lora-flux")])
def test_lora_on_other_families(client: httpx.Client, model: str, lora: str) -> None:
    body = {"model": model, "prompt": "x", "seed": 1}
    base = images(run(client, body))[0]
    changed = images(run(client, {**body, "loras": [{"id": lora, "weight": 1}]}))[0]
    assert not np.array_equal(base, changed)


def test_lora_on_an_image_task(client: httpx.Client) -> None:
    body = {"task": "img2img", "prompt": "x", "init_image": SCENE_B64, "seed": 2}
    base = images(run(client, body))[0]
    assert not np.array_equal(base, images(run(client, {**body, "loras": [{"id": "lora-sd1-b"}]}))[0])


# -- multipart and URLs -----------------------------------------------------------------------


def test_multipart_upload(client: httpx.Client) -> None:
    files = {
        "init_image": ("scene.jpg", encoded(SCENE, "JPEG", quality=95), "image/jpeg"),
        "mask_image": ("mask.png", png_bytes(square_mask()), "image/png"),
    }
    data = {"task": "inpaint", "prompt": "a cat", "seed": "3", "num_images": "2", "response_format": "b64_json"}
    response = client.post("/v1/jobs", data=data, files=files, headers={"Prefer": "wait=60"})
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["status"] == "succeeded" and len(job["images"]) == 2 and job["params"]["seed"] == 3
    files = {"controlnets.0.control_image": ("c.png", png_bytes(SCENE), "image/png")}
    data = {"task": "controlnet", "prompt": "x", "controlnets": '[{"controlnet_model": "cn-sd1-b"}]'}
    response = client.post("/v1/jobs", data=data, files=files, headers={"Prefer": "wait=60"})
    assert response.status_code == 200 and response.json()["status"] == "succeeded", response.text


def test_image_from_an_allowlisted_url(client: httpx.Client, image_peer: ImagePeer) -> None:
    image_peer.routes["/scene.webp"] = Reply(body=encoded(SCENE, "WEBP", lossless=True))
    job = run(client, {"task": "upscale", "model": "lanczos", "image": f"{image_peer.url}/scene.webp", "scale": 2})
    assert images(job)[0].shape == (128, 128, 3)


def test_listings(client: httpx.Client) -> None:
    loras = {lora["id"]: lora for lora in client.get("/v1/loras").json()["data"]}
    assert loras["lora-sdxl"]["families"] == ["sdxl"] and loras["lora-sd1-a"]["object"] == "lora"
    nets = {net["id"]: net for net in client.get("/v1/controlnets").json()["data"]}
    assert nets["cn-sd1"]["preprocessor"] == "canny" and nets["cn-flux"]["family"] == "flux"
    models = {m["id"]: m for m in client.get("/v1/models").json()["data"]}
    assert (
        models["realesr-animevideov3"]["tasks"] == ["upscale"]
        and models["realesr-animevideov3"]["engine"] == "upscaler"
    )
    assert "outpaint" in models["edit-sd1"]["tasks"]


def test_input_blob_is_stored_once(client: httpx.Client, edit_server: ServerProcess) -> None:
    first = run(client, {"task": "img2img", "prompt": "x", "init_image": SCENE_B64})
    ref = first["params"]["init_image"]
    again = run(client, {"task": "img2img", "prompt": "y", "init_image": SCENE_B64})
    by_ref = run(client, {"task": "img2img", "prompt": "z", "init_image": ref})
    assert again["params"]["init_image"] == by_ref["params"]["init_image"] == ref
    digest = ref.removeprefix("blob:")
    stored = list((edit_server.data_dir / "blobs").rglob(digest))
    assert len(stored) == 1 and stored[0].read_bytes() == base64.b64decode(SCENE_B64)  # a plain PNG, kept as sent


def test_inpainting_only_around_the_mask(edit_server: ServerProcess) -> None:
    """padding_mask_crop (A1111's inpaint_full_res): the region around a small mask is repainted at
    full size and put back; pixels outside the mask come back unchanged."""
    source = scene(64, 64, seed=9)
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (40, 8, 56, 24))  # a 16×16 corner region
    body = {
        "task": "inpaint",
        "prompt": "a red circle",
        "init_image": b64(png_bytes(source)),
        "mask_image": b64(png_bytes(mask)),
        "padding_mask_crop": 8,
        "mask_blur": 0,
        "num_inference_steps": 3,
        "response_format": "b64_json",
    }
    with edit_server.client(edit_server.new_key("mask-crop")) as client:
        job = client.post("/v1/jobs", json=body, headers={"Prefer": "wait=60"}).json()
    assert job["status"] == "succeeded", job
    out = np.asarray(decode_png(base64.b64decode(job["images"][0]["b64_json"])).convert("RGB"), dtype=int)
    original = np.asarray(source.convert("RGB"), dtype=int)
    keep = np.asarray(mask) == 0
    assert np.abs(out - original)[keep].max() <= 2  # outside the mask: as it was
    assert np.abs(out - original)[~keep].mean() > 5  # inside: repainted
