"""ModelsLab v6 ↔ domain translation with bodies as ModelsLab's documentation writes them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from imagegate.api.common.translate import loras_supported
from imagegate.api.modelslab import translate as t
from imagegate.api.modelslab import wire
from imagegate.errors import InvalidRequest

ALIASES = {"midjourney": "tiny-sd1", "realtime": "tiny-sdxl", "canny": "cn-canny", "RealESRGAN_x4plus": "esrgan"}

# POST /api/v6/images/text2img, as in ModelsLab's "Text to Image" page.
TEXT2IMG: dict[str, Any] = {
    "key": "your_api_key",
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
# POST /api/v6/images/inpaint, as documented (note "steps" and negative_prompt null).
INPAINT: dict[str, Any] = {
    "key": "your_api_key",
    "model_id": "midjourney",
    "prompt": "a cat sitting on a bench",
    "negative_prompt": None,
    "init_image": "https://example.com/overture.png",
    "mask_image": "https://example.com/overture_mask.png",
    "width": "512",
    "height": "512",
    "samples": "1",
    "steps": "21",
    "safety_checker": "no",
    "enhance_prompt": "yes",
    "guidance_scale": 7.5,
    "strength": 0.7,
    "scheduler": "UniPCMultistepScheduler",
    "lora_model": None,
    "tomesd": "yes",
    "use_karras_sigmas": "yes",
    "vae": None,
    "lora_strength": None,
    "seed": None,
    "webhook": None,
    "track_id": None,
}


def test_documented_text2img_translates_with_loose_types() -> None:
    submission = t.text2img(wire.Text2Img.model_validate(TEXT2IMG), ALIASES)
    request = submission.request
    assert request.task == "txt2img" and request.model == "tiny-sd1"
    assert (request.width, request.height, request.num_images) == (512, 512, 1)  # type: ignore[union-attr]
    assert request.num_inference_steps == 31 and request.guidance_scale == 7.5  # type: ignore[union-attr]
    assert request.scheduler == "UniPCMultistepScheduler"  # type: ignore[union-attr]
    assert 0 <= request.seed < 2**32  # type: ignore[union-attr,operator]  # drawn now, so meta can report it
    assert request.negative_prompt is None  # type: ignore[union-attr]
    assert submission.options["model_id"] == "midjourney" and submission.options["safety_checker"] is False


def test_documented_inpaint_uses_the_old_steps_name() -> None:
    request = t.inpaint(wire.Inpaint.model_validate(INPAINT), ALIASES).request
    assert request.task == "inpaint" and request.num_inference_steps == 21  # type: ignore[union-attr]
    assert request.strength == 0.7 and request.mask_image.endswith("_mask.png")  # type: ignore[union-attr]


def test_realtime_body_with_json_booleans_and_realtime_alias() -> None:
    body = {"key": "k", "prompt": "x", "negative_prompt": "bad quality", "width": "512", "height": "512"}
    body |= {"safety_checker": False, "seed": None, "samples": 1, "base64": False, "webhook": None, "track_id": None}
    submission = t.text2img(wire.Text2Img.model_validate(body), ALIASES, realtime=True)
    assert submission.request.model == "tiny-sdxl" and submission.options["base64"] is False
    assert t.text2img(wire.Text2Img.model_validate(body), {}, realtime=True).request.model is None  # default model


def test_word_null_means_unset() -> None:
    body = wire.ControlNet.model_validate({"prompt": "x", "vae": "null", "seed": "null", "webhook": ""})
    assert body.vae is None and body.seed is None and body.webhook is None


@pytest.mark.parametrize(
    ("scheduler", "karras", "algorithm", "expected"),
    [
        ("DPMSolverMultistepScheduler", None, None, "DPM++ 2M Karras"),  # ModelsLab defaults to Karras sigmas
        ("DPMSolverMultistepScheduler", False, None, "DPMSolverMultistepScheduler"),
        ("DPMSolverMultistepScheduler", True, "dpmsolver+++", "DPM++ 2M SDE Karras"),
        ("DPMSolverMultistepScheduler", False, "dpmsolver+++", "DPM++ 2M SDE"),
        ("KDPM2AncestralDiscreteScheduler", True, None, "DPM2 a Karras"),
        ("EulerAncestralDiscreteScheduler", True, None, "EulerAncestralDiscreteScheduler"),
        (None, True, None, None),
    ],
)
def test_scheduler_mapping(scheduler: str | None, karras: bool | None, algorithm: str | None, expected: str) -> None:
    assert t.scheduler_name(scheduler, karras, algorithm) == expected


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"upscale": "2"}, "upscale"),
        ({"highres_fix": "yes"}, "highres_fix"),
        ({"panorama": "yes"}, "panorama"),
        ({"vae": "sd-vae-ft-mse"}, "vae"),
        ({"ip_adapter_id": "ip-adapter_sd15"}, "ip_adapter_id"),
        ({"seed": "-5"}, "seed"),
    ],
)
def test_options_that_would_change_the_picture_are_refused(change: dict, field: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        t.text2img(wire.Text2Img.model_validate({**TEXT2IMG, **change}), ALIASES)
    assert caught.value.param == field


@pytest.mark.parametrize(
    ("change", "field"),
    [({"samples": "5"}, "samples"), ({"width": "wide"}, "width"), ({"safety_checker": "maybe"}, "safety_checker")],
)
def test_bad_loose_values_name_the_field(change: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        wire.Text2Img.model_validate({**TEXT2IMG, **change})
    assert caught.value.errors()[0]["loc"] == (field,)


def test_loras() -> None:
    assert t.parse_loras("more_details,animie", "0.45,0.55") == [("more_details", 0.45), ("animie", 0.55)]
    assert t.parse_loras("a,b", "0.7") == [("a", 0.7), ("b", 0.7)]
    assert t.parse_loras("a", None) == [("a", 1.0)] and t.parse_loras(None, "1") == []
    for strengths in ("x", "1,2,3"):
        with pytest.raises(InvalidRequest):
            t.parse_loras("a,b", strengths)
    body = wire.Text2Img.model_validate({**TEXT2IMG, "lora_model": "more_details", "lora_strength": "0.5"})
    if loras_supported():
        assert t.text2img(body, ALIASES).request.loras  # type: ignore[union-attr]
    else:
        with pytest.raises(InvalidRequest) as caught:
            t.text2img(body, ALIASES)
        assert caught.value.param == "lora_model"


def test_controlnet_follows_init_image_and_refuses_what_it_cannot_do() -> None:
    body = {**TEXT2IMG, "controlnet_model": "canny", "controlnet_type": "canny", "auto_hint": "yes"}
    body |= {"guess_mode": "no", "init_image": "https://example.com/a.png", "mask_image": None, "strength": 0.55}
    submission = t.controlnet(wire.ControlNet.model_validate(body), ALIASES)
    request = submission.request
    assert request.task == "controlnet"
    (unit,) = request.controlnets  # type: ignore[union-attr]
    assert unit.control_image == "https://example.com/a.png" and unit.preprocessor is None
    assert unit.controlnet_model == "cn-canny" and submission.options["auto_hint"] is True
    # A comma-separated list is several ControlNets on the same image; auto_hint "no" sends a ready map.
    several = t.controlnet(wire.ControlNet.model_validate({**body, "controlnet_model": "canny,depth"}), ALIASES)
    units = several.request.controlnets  # type: ignore[union-attr]
    assert [u.controlnet_model for u in units] == ["cn-canny", "depth"]
    ready = t.controlnet(wire.ControlNet.model_validate({**body, "auto_hint": "no"}), ALIASES).request
    assert ready.controlnets[0].preprocessor == "none"  # type: ignore[union-attr]
    for change, field in (
        ({"controlnet_model": "canny,,depth"}, "controlnet_model"),
        ({"controlnet_model": "a,b,c,d,e"}, "controlnet_model"),
        ({"controlnet_model": None}, "controlnet_model"),
        ({"controlnet_conditioning_scale": "9"}, "controlnet_conditioning_scale"),
        ({"init_image": None}, "init_image"),
        ({"mask_image": "https://example.com/m.png"}, "mask_image"),
        ({"control_image": "https://example.com/c.png"}, "control_image"),
        ({"controlnet_conditioning_scale": "strong"}, "controlnet_conditioning_scale"),
    ):
        with pytest.raises(InvalidRequest) as caught:
            t.controlnet(wire.ControlNet.model_validate({**body, **change}), ALIASES)
        assert caught.value.param == field


def test_super_resolution_and_outpaint() -> None:
    body = {"key": "k", "init_image": "https://example.com/a.png", "scale": 4, "webhook": None, "face_enhance": False}
    request = t.super_resolution(wire.SuperResolution.model_validate(body), ALIASES, "up-1").request
    assert request.task == "upscale" and request.model == "up-1" and request.scale == 4  # type: ignore[union-attr]
    named = {**body, "model_id": "RealESRGAN_x4plus", "scale": "2"}
    assert t.super_resolution(wire.SuperResolution.model_validate(named), ALIASES, "up-1").request.model == "esrgan"
    # ModelsLab's documented default scale is 3: any factor up to the server's limit works.
    assert (
        t.super_resolution(wire.SuperResolution.model_validate({**body, "scale": 3}), ALIASES, "up-1").request.scale
        == 3
    )  # type: ignore[union-attr]
    for change, field in (({"scale": 30}, "scale"), ({"face_enhance": "yes"}, "face_enhance")):
        with pytest.raises(InvalidRequest) as caught:
            t.super_resolution(wire.SuperResolution.model_validate({**body, **change}), ALIASES, "up-1")
        assert caught.value.param == field
    with pytest.raises(InvalidRequest) as caught:
        t.super_resolution(wire.SuperResolution.model_validate(body), ALIASES, None)
    assert caught.value.param == "model_id"
    out = {"key": "k", "image": "https://example.com/a.png", "prompt": "more sky", "width": "1280", "height": "720"}
    request = t.outpaint(wire.Outpaint.model_validate(out), ALIASES).request
    assert request.task == "outpaint" and (request.width, request.height) == (1280, 720)  # type: ignore[union-attr]


def test_meta_has_what_strict_parsers_require() -> None:
    params = {"task": "txt2img", "prompt": "p", "width": 64, "height": 64, "num_images": 2, "seed": 9}
    params |= {"guidance_scale": 7.5, "num_inference_steps": 2, "model": "tiny-sd1"}
    submission = t.text2img(wire.Text2Img.model_validate(TEXT2IMG), ALIASES)
    meta = t.meta(params, submission.options, number=7, job_id="job_x")
    strings = ["base64", "enhance_prompt", "file_prefix", "instant_response", "negative_prompt", "outdir", "prompt"]
    strings += ["safety_checker", "safety_checker_type", "temp"]
    assert all(isinstance(meta[k], str) for k in strings), meta
    assert all(isinstance(meta[k], int | float) for k in ("guidance_scale", "height", "n_samples", "seed", "width"))
    assert meta["id"] == "7" and meta["W"] == 64 and meta["model_id"] == "midjourney" and meta["enhance_prompt"] == "no"


def test_envelopes() -> None:
    done = t.success(number=3, job_id="j", outputs=["u"], links=["u"], generation_time=1.5, nsfw=False, meta={})
    assert done["status"] == "success" and done["id"] == 3 and done["output"] == ["u"] == done["future_links"]
    waiting = t.processing(number=3, job_id="j", fetch_result="f", eta=2.0, links=["u"], meta={})
    assert waiting["output"] == [] and waiting["proxy_links"] == [] and waiting["message"] == waiting["messege"]
    failed = t.error("boom", id=3)
    assert failed == {"status": "error", "message": "boom", "messege": "boom", "id": 3}
    assert t.webhook_payload(done, "t1") == {**done, "track_id": "t1"}
    assert t.webhook_payload(failed, "t1") == {
        "status": "failed",
        "id": 3,
        "job_id": None,
        "message": "boom",
        "track_id": "t1",
    }
