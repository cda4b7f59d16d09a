"""AUTOMATIC1111 ↔ domain translation, with bodies as A1111 clients send them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from imagegate.api.a1111 import extras
from imagegate.api.a1111 import translate as t
from imagegate.api.a1111.infotext import parse_infotext
from imagegate.api.a1111.wire import ExtrasSingleImageBody, Img2ImgBody, Txt2ImgBody
from imagegate.api.common.translate import loras_supported
from imagegate.errors import InvalidRequest
from imagegate.storage.encode import infotext

B64 = "iVBORw0KGgo="


def test_txt2img_fields() -> None:
    body = Txt2ImgBody.model_validate(
        {"prompt": "a cat", "negative_prompt": "", "steps": "2", "cfg_scale": 7, "width": 64, "height": 64}
        | {"seed": -1, "batch_size": 2, "n_iter": 3, "sampler_name": "DPM++ 2M", "scheduler": "Karras"}
    )
    request = t.txt2img(body, "tiny-sd1", {})
    assert request.task == "txt2img" and request.model == "tiny-sd1"
    assert request.num_images == 6 and request.seed is None  # type: ignore[union-attr]  # -1 = random
    assert request.num_inference_steps == 2 and request.guidance_scale == 7  # type: ignore[union-attr]
    assert request.scheduler == "DPM++ 2M Karras" and request.negative_prompt is None  # type: ignore[union-attr]


def test_nulls_mean_defaults() -> None:
    body = Txt2ImgBody.model_validate(
        {"prompt": "x", "seed": None, "sampler_index": None, "styles": None, "steps": None}
    )
    request = t.txt2img(body, None, {})
    assert request.model is None and request.scheduler is None and request.num_inference_steps is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("prompt", "clean", "loras"),
    [
        ("a cat <lora:ink:0.6>", "a cat", [("ink", 0.6)]),
        ("<lora:a:1> dog, <LoRA:b> x", "dog, x", [("a", 1.0), ("b", 1.0)]),
        ("<lyco:c:0.3:0.5> sky", "sky", [("c", 0.3)]),
        ("no tags", "no tags", []),
    ],
)
def test_lora_tags(prompt: str, clean: str, loras: list) -> None:
    assert t.split_lora_tags(prompt) == (clean, loras)


def test_lora_tag_with_bad_weight_and_support() -> None:
    with pytest.raises(InvalidRequest) as caught:
        t.split_lora_tags("x <lora:ink:heavy>")
    assert caught.value.param == "prompt"
    body = Txt2ImgBody(prompt="a cat <lora:ink:0.6>")
    if loras_supported():
        assert t.txt2img(body, None, {}).loras  # type: ignore[union-attr]
    else:
        with pytest.raises(InvalidRequest) as caught:
            t.txt2img(body, None, {})
        assert caught.value.param == "prompt" and caught.value.code == "lora_not_supported"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("v1-5-pruned-emaonly.safetensors [6ce0161689]", "v1-5-pruned-emaonly"),
        ("tiny-sd1", "tiny-sd1"),
        ("sdxl.ckpt", "sdxl"),
        ("dreamshaper", "tiny-sdxl"),
        ("", None),
    ],
)
def test_checkpoint_titles(title: str, expected: str | None) -> None:
    assert t.checkpoint_id(title, {"dreamshaper": "tiny-sdxl"}) == expected


def test_sampler_and_schedule_type() -> None:
    assert t.sampler("Euler a", None) == "Euler a"
    assert t.sampler("DPM++ 2M", "karras") == "DPM++ 2M Karras"
    assert t.sampler("DPM++ 2M Karras", "Karras") == "DPM++ 2M Karras"
    assert t.sampler(None, "Automatic") is None
    with pytest.raises(InvalidRequest) as caught:
        t.sampler("Euler", "Exponential")
    assert caught.value.param == "scheduler"
    assert t.display_sampler(None, "EulerDiscreteScheduler") == "Euler"
    assert t.display_sampler("dpmpp_2m_karras", "DPMSolverMultistepScheduler") == "DPM++ 2M Karras"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"script_name": "x/y/z plot"}, "script_name"),
        ({"styles": ["cinematic"]}, "styles"),
        ({"subseed_strength": 0.3}, "subseed_strength"),
        ({"alwayson_scripts": {"ADetailer": {"args": []}}}, "alwayson_scripts.ADetailer"),
    ],
)
def test_unsupported_features_are_refused(change: dict, field: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        t.txt2img(Txt2ImgBody.model_validate({"prompt": "x", **change}), None, {})
    assert caught.value.param == field


def test_hires_fields_become_the_domain_s_hires() -> None:
    body = {
        "prompt": "x",
        "enable_hr": True,
        "hr_scale": 1.5,
        "hr_upscaler": "Latent (nearest-exact)",
        "hr_prompt": "y",
    }
    request = t.txt2img(Txt2ImgBody.model_validate(body), None, {})
    hires = request.hires  # type: ignore[union-attr]
    assert (hires.scale, hires.upscaler, hires.prompt, hires.strength) == (1.5, "latent-nearest", "y", 0.7)


def test_tiling_is_the_domain_s_tiling() -> None:
    request = t.txt2img(Txt2ImgBody.model_validate({"prompt": "x", "tiling": True}), None, {})
    assert request.tiling is True  # type: ignore[union-attr]


def test_controlnet_units() -> None:
    unit = {"enabled": True, "image": B64, "module": "canny", "model": "control_v11p_sd15_canny [d14c016b]"}
    body = Txt2ImgBody.model_validate(
        {"prompt": "x", "alwayson_scripts": {"controlnet": {"args": [unit | {"weight": 0.8}, {"enabled": False}]}}}
    )
    request = t.txt2img(body, None, {})
    assert request.task == "controlnet"
    (first,) = request.controlnets  # type: ignore[union-attr]
    assert first.control_image == B64 and first.controlnet_model == "control_v11p_sd15_canny"
    assert first.controlnet_conditioning_scale == 0.8 and first.preprocessor == "canny"
    legacy = {"prompt": "x", "alwayson_scripts": {"ControlNet": {"args": [{"input_image": B64, "model": "c"}]}}}
    assert t.txt2img(Txt2ImgBody.model_validate(legacy), None, {}).task == "controlnet"
    # Several enabled units become several ControlNets applied together.
    second = {"image": B64, "module": "none", "model": "depth", "guidance_start": 0.2, "guidance_end": 0.8}
    pair = {"prompt": "x", "alwayson_scripts": {"controlnet": {"args": [unit, {"enabled": False}, second]}}}
    request = t.txt2img(Txt2ImgBody.model_validate(pair), None, {})
    units = request.controlnets  # type: ignore[union-attr]
    assert [u.controlnet_model for u in units] == ["control_v11p_sd15_canny", "depth"]
    assert units[1].preprocessor == "none" and (units[1].control_guidance_start, units[1].control_guidance_end) == (
        0.2,
        0.8,
    )
    # The extension's depth and pose modules run the server's annotator of that kind.
    for module, ours in (("depth_midas", "depth"), ("depth_anything", "depth"), ("dw_openpose_full", "openpose")):
        annotated = {"prompt": "x", "alwayson_scripts": {"controlnet": {"args": [{**unit, "module": module}]}}}
        assert t.txt2img(Txt2ImgBody.model_validate(annotated), None, {}).controlnets[0].preprocessor == ours  # type: ignore[union-attr]
    for args, field in (
        ([unit] * 5, "alwayson_scripts.controlnet.args"),
        ([{**unit, "image": None}], "alwayson_scripts.controlnet.args.0.image"),
        ([{**unit, "model": "None"}], "alwayson_scripts.controlnet.args.0.model"),
        ([{"enabled": False}, {**unit, "module": "lineart_anime"}], "alwayson_scripts.controlnet.args.1.module"),
        ([{"enabled": False}, {**unit, "weight": 5}], "alwayson_scripts.controlnet.args.1.weight"),
        ("nope", "alwayson_scripts.controlnet.args"),
    ):
        with pytest.raises(InvalidRequest) as caught:
            t.txt2img(
                Txt2ImgBody.model_validate({"prompt": "x", "alwayson_scripts": {"controlnet": {"args": args}}}),
                None,
                {},
            )
        assert caught.value.param == field


def test_img2img_and_inpaint() -> None:
    body = Img2ImgBody.model_validate({"prompt": "x", "init_images": [B64], "denoising_strength": 0.4})
    request = t.img2img(body, None, {})
    assert request.task == "img2img" and request.strength == 0.4 and request.init_image == B64  # type: ignore[union-attr]
    request = t.img2img(body.model_copy(update={"mask": B64}), None, {})
    assert request.task == "inpaint" and request.mask_image == B64  # type: ignore[union-attr]
    assert request.masked_content == "fill"  # type: ignore[union-attr]  # A1111's default inpainting_fill, 0
    for fill, content in ((0, "fill"), (1, "original"), (2, "latent_noise"), (3, "latent_nothing")):
        request = t.img2img(body.model_copy(update={"mask": B64, "inpainting_fill": fill}), None, {})
        assert request.masked_content == content  # type: ignore[union-attr]
    with pytest.raises(InvalidRequest) as caught:
        t.img2img(body.model_copy(update={"mask": B64, "inpainting_fill": 4}), None, {})
    assert caught.value.param == "inpainting_fill"
    for change, field in (
        ({"init_images": []}, "init_images"),
        ({"init_images": [B64, B64]}, "init_images"),
        ({"inpainting_mask_invert": 1}, "inpainting_mask_invert"),
        ({"resize_mode": 1}, "resize_mode"),
        ({"initial_noise_multiplier": 0.9}, "initial_noise_multiplier"),
        ({"denoising_strength": 0}, "denoising_strength"),
    ):
        with pytest.raises(InvalidRequest) as caught:
            t.img2img(body.model_copy(update=change), None, {})
        assert caught.value.param == field


def test_upscale() -> None:
    request = extras.upscale(ExtrasSingleImageBody(image=B64, upscaling_resize=4, upscaler_1="R-ESRGAN 4x+"), "esrgan")
    assert request.task == "upscale" and request.scale == 4 and request.model == "esrgan"  # type: ignore[union-attr]
    assert request.restore_faces is None  # type: ignore[union-attr]
    restorers = {"gfpgan-1.4": "GFPGAN v1.4", "cf": "CodeFormer"}
    body = ExtrasSingleImageBody(image=B64, gfpgan_visibility=0.5)
    request = extras.upscale(body, "esrgan", restorers)
    assert request.restore_faces.model == "gfpgan-1.4" and request.restore_faces.visibility == 0.5  # type: ignore[union-attr]
    only_faces = extras.upscale(body.model_copy(update={"upscaling_resize": 1}), "esrgan", restorers)
    assert only_faces.scale == 1 and only_faces.restore_faces is not None  # type: ignore[union-attr]
    body = ExtrasSingleImageBody(image=B64, codeformer_visibility=1, codeformer_weight=0.2)
    option = extras.upscale(body, "esrgan", restorers).restore_faces  # type: ignore[union-attr]
    assert (option.model, option.visibility, option.fidelity) == ("cf", 1, 0.2)
    for change, field, known in (
        ({"upscaling_resize": 3}, "upscaling_resize", restorers),
        ({"upscaling_resize": 1}, "upscaling_resize", restorers),  # 1 without a face slider: nothing to do
        ({"gfpgan_visibility": 0.5}, "gfpgan_visibility", {}),  # no restorer at all
        ({"codeformer_visibility": 0.5}, "codeformer_visibility", {"g": "GFPGAN"}),  # none of that kind
        ({"gfpgan_visibility": 1.5}, "gfpgan_visibility", restorers),
        ({"resize_mode": 1}, "resize_mode", restorers),
        ({"image": ""}, "image", restorers),
    ):
        with pytest.raises(InvalidRequest) as caught:
            extras.upscale(ExtrasSingleImageBody(image=B64).model_copy(update=change), "esrgan", known)
        assert caught.value.param == field


def test_settings() -> None:
    t.check_settings({"sd_model_checkpoint": "x", "samples_format": "png", "CLIP_stop_at_last_layers": 1}, "options")
    with pytest.raises(InvalidRequest) as caught:
        t.check_settings({"CLIP_stop_at_last_layers": 2}, "override_settings")
    assert caught.value.param == "override_settings.CLIP_stop_at_last_layers"


def test_info_is_a_json_string_with_seeds_and_infotexts() -> None:
    params = {"prompt": "a cat", "width": 64, "height": 64, "num_inference_steps": 2, "guidance_scale": 7.0}
    body = Txt2ImgBody(prompt="a cat <lora:ink:0.5>", batch_size=2)
    text = t.info(
        params=params, body=body, seeds=[5, 6], sampler_name="Euler a", model="tiny-sd1", job_id="job_1",
        created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )  # fmt: skip
    info = json.loads(text)
    assert info["all_seeds"] == [5, 6] and info["seed"] == 5 and info["job_id"] == "job_1"
    assert info["prompt"] == "a cat <lora:ink:0.5>" and len(info["infotexts"]) == 2
    assert "Seed: 6" in info["infotexts"][1] and info["job_timestamp"] == "20260102030405"
    assert t.parameters(Img2ImgBody(prompt="x", init_images=[B64]))["init_images"] is None


def test_infotext_round_trip() -> None:
    params = {"prompt": 'a red circle, "quoted"', "negative_prompt": "blurry", "num_inference_steps": 20}
    params |= {"guidance_scale": 7.5, "width": 512, "height": 768}
    text = infotext(params, seed=42, model="tiny-sd1", scheduler="DPM++ 2M Karras")
    parsed = parse_infotext(text)
    assert parsed["Prompt"] == params["prompt"] and parsed["Negative prompt"] == "blurry"
    assert (parsed["Steps"], parsed["Sampler"], parsed["Seed"]) == ("20", "DPM++ 2M Karras", "42")
    assert (parsed["Size-1"], parsed["Size-2"], parsed["Model"]) == ("512", "768", "tiny-sd1")
    assert parse_infotext("just a prompt") == {"Prompt": "just a prompt", "Negative prompt": ""}


def test_network_upscalers_by_a1111_name() -> None:
    from imagegate.domain.models import ModelSpec

    spec = ModelSpec.model_validate(
        {"id": "x4", "name": "Real-ESRGAN x4plus", "engine": "upscaler", "source": "ncnn:realesrgan-x4plus",
         "tasks": ["upscale"]}
    )  # fmt: skip
    names = t.upscaler_names([spec])
    assert names == {"r-esrgan 4x+": "x4", "x4": "x4", "real-esrgan x4plus": "x4"}
    body = Txt2ImgBody(prompt="x", enable_hr=True, hr_upscaler="R-ESRGAN 4x+")
    assert t.hires(body, names)["upscaler"] == "x4"
    with pytest.raises(InvalidRequest, match=r"upscaler of this server \(none\)"):
        t.hires(body, {})
    sd = Img2ImgBody(prompt="x", init_images=[B64], script_name="SD upscale", script_args=["", 16, "r-esrgan 4x+", 2])
    assert t.sd_upscale(sd, names) == {"scale": 2.0, "overlap": 16, "upscaler": "x4"}
    assert t.sd_upscale(sd.model_copy(update={"script_args": ["", 16, "Nearest", 2]}), names)["upscaler"] == "nearest"
    with pytest.raises(InvalidRequest):
        t.sd_upscale(sd, {})
