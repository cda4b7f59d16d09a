"""AUTOMATIC1111 ↔ domain: ``/sdapi/v1`` bodies to ``GenerationRequest`` (samplers, schedule types,
``<lora:name:weight>`` tags, ControlNet units in ``alwayson_scripts``) and jobs to A1111's answers,
whose ``info`` is a JSON *string* with seeds and infotexts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from imagegate.api.a1111.wire import Img2ImgBody, Txt2ImgBody
from imagegate.api.common.translate import FieldNames, build_request, lora_params, resolve_alias
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import MAX_CONTROLNETS, MAX_LORAS, AnyRequest
from imagegate.engines.diffusers.schedulers import CHOICES, normalize
from imagegate.errors import InvalidRequest
from imagegate.storage.encode import infotext

FIELDS: FieldNames = {
    "num_images": "batch_size",
    "num_inference_steps": "steps",
    "guidance_scale": "cfg_scale",
    "scheduler": "sampler_name",
    "model": "sd_model_checkpoint",
    "strength": "denoising_strength",
    "init_image": "init_images",
    "mask_image": "mask",
    "invert_mask": "inpainting_mask_invert",
    "padding_mask_crop": "inpaint_full_res_padding",
    "masked_content": "inpainting_fill",
    "hires.scale": "hr_scale",
    "hires.width": "hr_resize_x",
    "hires.height": "hr_resize_y",
    "hires.upscaler": "hr_upscaler",
    "hires.strength": "denoising_strength",
    "hires.num_inference_steps": "hr_second_pass_steps",
    "hires.scheduler": "hr_sampler_name",
    "hires": "enable_hr",
    "tiled_upscale.scale": "script_args",
    "tiled_upscale.overlap": "script_args",
    "tiled_upscale": "script_name",
    "controlnets": "alwayson_scripts.controlnet.args",
    # LoRAs come from <lora:name:weight> tags in the prompt.
    **{f"loras.{i}.{part}": "prompt" for i in range(MAX_LORAS) for part in ("id", "weight")},
    "loras": "prompt",
    "image": "image",
    "scale": "upscaling_resize",
    "restore_faces": "restore_faces",
    "restore_faces.model": "restore_faces",
}

SCHEDULE_TYPES = {"automatic": "Automatic", "karras": "Karras"}

# Settings a client may send (in override_settings or POST /options) as long as they ask for what
# this server does anyway; anything else would silently change nothing, so it is refused.
NOOP_SETTINGS: dict[str, tuple[Any, ...]] = {
    "samples_format": ("png",),
    "CLIP_stop_at_last_layers": (1,),
    "sd_vae": ("Automatic", "None", None),
    "eta_noise_seed_delta": (0,),
    "sd_checkpoint_hash": (None, ""),
}

_LORA = re.compile(r"<(?:lora|lyco):([^:>]+)(?::([^:>]*))?(?::[^>]*)?>", re.IGNORECASE)
_HASH = re.compile(r"\s*\[[0-9a-fA-F]{6,64}\]\s*$")


def split_lora_tags(prompt: str) -> tuple[str, list[tuple[str, float]]]:
    """``"a cat <lora:ink:0.6>"`` → (``"a cat"``, [("ink", 0.6)]). A missing weight means 1."""
    loras: list[tuple[str, float]] = []
    for match in _LORA.finditer(prompt):
        weight_text = (match.group(2) or "").strip()
        try:
            weight = float(weight_text) if weight_text else 1.0
        except ValueError:
            raise InvalidRequest.for_field("prompt", f"LoRA tag '{match.group(0)}' has no numeric weight") from None
        loras.append((match.group(1).strip(), weight))
    clean = re.sub(r"\s{2,}", " ", _LORA.sub(" ", prompt)).strip(" ,")
    return clean, loras


def checkpoint_id(title: str | None, aliases: Mapping[str, str]) -> str | None:
    """A1111 checkpoint titles look like ``"name.safetensors [6ce0161689]"``; the catalog id is ``name``."""
    if title is None or not title.strip():
        return None
    name = _HASH.sub("", title.strip())
    for suffix in (".safetensors", ".ckpt", ".pt", ".bin"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return resolve_alias(aliases.get(title.strip(), name), aliases)


def sampler(name: str | None, schedule: str | None) -> str | None:
    """A1111's sampler plus its schedule type (``"DPM++ 2M"`` + ``"Karras"``) → one sampler name."""
    kind = (schedule or "automatic").strip().lower()
    if kind not in SCHEDULE_TYPES:
        raise InvalidRequest.for_field(
            "scheduler",
            f"schedule type '{schedule}' is not supported; use one of: {', '.join(SCHEDULE_TYPES.values())}",
        )
    if not name or not name.strip():
        return None
    name = name.strip()
    if kind == "karras" and not name.lower().endswith("karras"):
        name = f"{name} Karras"
    return name


def display_sampler(scheduler: str | None, class_name: str | None) -> str | None:
    """The A1111 name of the sampler a job used (what it asked for, else the model's default class)."""
    for wanted in (scheduler, class_name):
        if wanted:
            key = normalize(wanted)
            for choice in CHOICES:
                if key in (normalize(choice.name), normalize(choice.class_name)):
                    return choice.name
    return scheduler or class_name


# Settings that choose how restore_faces runs (checked when a request restores faces).
FACE_SETTINGS = ("face_restoration_model", "code_former_weight")


def check_settings(settings: Mapping[str, Any], field: str) -> None:
    for name, value in settings.items():
        if name == "sd_model_checkpoint" or name in FACE_SETTINGS:
            continue
        if name in NOOP_SETTINGS and value in NOOP_SETTINGS[name]:
            continue
        raise InvalidRequest.for_field(
            f"{field}.{name}",
            "only sd_model_checkpoint, face_restoration_model and code_former_weight can be set on this server",
            code="setting_not_supported",
        )


# A1111's names of its built-in upscalers (lower-cased) → the catalog ``source`` that is the same one.
A1111_UPSCALERS = {
    "lanczos": "lanczos",
    "r-esrgan 4x+": "ncnn:realesrgan-x4plus",
    "r-esrgan 4x+ anime6b": "ncnn:realesrgan-x4plus-anime",
    "r-esrgan animevideo": "ncnn:realesr-animevideov3-x4",
}
MAX_OPTIONS_BYTES = 64 << 10


def check_options(options: Mapping[str, Any]) -> None:
    """``POST /options``: any name is kept, as A1111 keeps its UI preferences (``send_seed``, …),
    but one that changes how images are made is taken only at the value this server uses — any
    other would be ignored without a word."""
    for name, value in options.items():
        if name in NOOP_SETTINGS and value not in NOOP_SETTINGS[name]:
            allowed = " or ".join(json.dumps(v) for v in NOOP_SETTINGS[name])
            raise InvalidRequest.for_field(
                f"options.{name}", f"only {allowed} is supported on this server", code="setting_not_supported"
            )
    if len(json.dumps(options)) > MAX_OPTIONS_BYTES:
        raise InvalidRequest.for_field("options", f"at most {MAX_OPTIONS_BYTES // 1024} KiB of options per key")


SD_UPSCALE = "sd upscale"
# A1111's list of upscalers, as SD upscale's upscaler_index counts them: its first three.
SD_UPSCALE_UPSCALERS = {0: "lanczos", 1: "lanczos", 2: "nearest"}  # None (a plain resize), Lanczos, Nearest
SD_UPSCALE_NAMES = {"none": 0, "lanczos": 1, "nearest": 2}


def sd_upscale(body: Img2ImgBody, upscalers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The SD upscale script's arguments — (info, overlap, upscaler_index, scale_factor), as A1111
    passes them — as the domain's ``tiled_upscale``. The upscaler may also be named: one of A1111's
    first three, or a local upscaler of the catalog (``upscalers``, from ``upscaler_names``)."""
    args = list(body.script_args or [])
    overlap, index, scale = (args + [None, 64, 0, 2.0][len(args) :])[1:4]
    network = None
    if isinstance(index, str):  # clients also send the upscaler by name
        network = (upscalers or {}).get(index.strip().lower())
        index = SD_UPSCALE_NAMES.get(index.strip().lower(), 1 if network else index)
    if not isinstance(overlap, int) or not isinstance(scale, int | float) or isinstance(index, bool):
        raise InvalidRequest.for_field(
            "script_args", "SD upscale takes [info, overlap (pixels), upscaler (index or name), scale_factor]"
        )
    if index not in SD_UPSCALE_UPSCALERS:
        raise InvalidRequest.for_field(
            "script_args",
            f"upscaler_index {index} is not available: 0 (None), 1 (Lanczos), 2 (Nearest), or an upscaler by name",
        )
    if body.mask:
        raise InvalidRequest.for_field("script_name", "SD upscale repaints the whole image: send no mask")
    upscaler = network if network and index == 1 else SD_UPSCALE_UPSCALERS[index]
    return {"scale": float(scale), "overlap": overlap, "upscaler": upscaler}


def _refuse_unsupported(body: Txt2ImgBody) -> None:
    checks = [
        (
            "script_name",
            body.script_name and not (isinstance(body, Img2ImgBody) and body.script_name.lower() == SD_UPSCALE),
            "the only script is SD upscale, on img2img (see /sdapi/v1/scripts)",
        ),
        ("styles", body.styles, "prompt styles are not supported; put the text in the prompt"),
        ("subseed_strength", body.subseed_strength, "variation seeds are not supported"),
        ("infotext", body.infotext, "infotext is not supported; send the fields themselves"),
    ]
    for name, value, message in checks:
        if value:
            raise InvalidRequest.for_field(name, message)
    for name in body.alwayson_scripts or {}:
        if name.lower() != "controlnet":
            raise InvalidRequest.for_field(f"alwayson_scripts.{name}", f"always on script {name} not found")


# A1111 ControlNet preprocessors ("module") this server runs; "none" means a ready-made map. The depth
# and pose ones run the server's annotator of that kind (the full/DW pose variants: the body only).
MODULES = {"none": "none", "canny": "canny", "invert": "invert", "invert (from white bg & black line)": "invert"}
MODULES |= dict.fromkeys(("depth", "depth_midas", "depth_anything", "depth_anything_v2"), "depth")
MODULES |= dict.fromkeys(("openpose", "openpose_full", "dw_openpose_full"), "openpose")
# Unit fields → the domain's ControlNetUnit fields.
UNIT_FIELDS = {
    "image": "control_image",
    "model": "controlnet_model",
    "module": "preprocessor",
    "weight": "controlnet_conditioning_scale",
    "guidance_start": "control_guidance_start",
    "guidance_end": "control_guidance_end",
    "threshold_a": "low_threshold",
    "threshold_b": "high_threshold",
}


def _controlnet(body: Txt2ImgBody, aliases: Mapping[str, str]) -> tuple[dict[str, Any], FieldNames] | None:
    """The ``controlnets`` of the ControlNet extension's enabled units, and each unit field's A1111 name."""
    scripts = {k.lower(): v for k, v in (body.alwayson_scripts or {}).items()}
    if "controlnet" not in scripts:
        return None
    args = scripts["controlnet"].get("args") if isinstance(scripts["controlnet"], dict) else None
    where = "alwayson_scripts.controlnet.args"
    if not isinstance(args, list):
        raise InvalidRequest.for_field(where, "must be a list of ControlNet units")
    enabled = [(j, u) for j, u in enumerate(args) if isinstance(u, dict) and u.get("enabled", True)]
    if not enabled:
        return None
    if len(enabled) > MAX_CONTROLNETS:
        raise InvalidRequest.for_field(where, f"at most {MAX_CONTROLNETS} enabled ControlNet units per request")
    units, names = [], dict(FIELDS)
    for i, (j, unit) in enumerate(enabled):
        at = f"{where}.{j}"
        names[f"controlnets.{i}"] = at
        names.update({f"controlnets.{i}.{ours}": f"{at}.{theirs}" for theirs, ours in UNIT_FIELDS.items()})
        image = unit.get("image") if unit.get("image") is not None else unit.get("input_image")
        if isinstance(image, dict):
            image = image.get("image")
        if not isinstance(image, str) or not image:
            raise InvalidRequest.for_field(f"{at}.image", "field required (base64)")
        model = unit.get("model")
        if not isinstance(model, str) or not model.strip() or model.strip().lower() == "none":
            raise InvalidRequest.for_field(f"{at}.model", "field required")
        converted: dict[str, Any] = {"control_image": image, "controlnet_model": checkpoint_id(model, aliases)}
        module = unit.get("module")
        if module is not None:
            if not isinstance(module, str) or module.strip().lower() not in MODULES:
                known = ", ".join(sorted(set(MODULES) - {"invert (from white bg & black line)"}))
                raise InvalidRequest.for_field(f"{at}.module", f"preprocessor {module!r} is not supported ({known})")
            converted["preprocessor"] = MODULES[module.strip().lower()]
        for theirs in ("weight", "guidance_start", "guidance_end"):
            if unit.get(theirs) is not None:
                converted[UNIT_FIELDS[theirs]] = unit[theirs]
        if converted.get("preprocessor") == "canny":
            # The extension's canny sliders; -1 or missing means its defaults (100/200).
            for theirs in ("threshold_a", "threshold_b"):
                if isinstance(unit.get(theirs), int | float) and unit[theirs] >= 0:
                    converted[UNIT_FIELDS[theirs]] = int(unit[theirs])
        units.append(converted)
    return {"task": "controlnet", "controlnets": units}, names


def _common(body: Txt2ImgBody, model_id: str | None) -> dict[str, Any]:
    _refuse_unsupported(body)
    prompt, loras = split_lora_tags(body.prompt or "")
    batch, iterations = body.batch_size or 1, body.n_iter or 1
    data = {
        "model": model_id,
        "prompt": prompt,
        "negative_prompt": body.negative_prompt or None,
        "width": body.width,
        "height": body.height,
        "num_inference_steps": body.steps,
        "guidance_scale": body.cfg_scale,
        "seed": body.seed if body.seed is not None and body.seed >= 0 else None,
        "scheduler": sampler(body.sampler_name or body.sampler_index, body.scheduler),
        "num_images": batch * iterations,
        "tiling": True if body.tiling else None,
        "restore_faces": {} if body.restore_faces else None,
        **lora_params(loras, "prompt"),
    }
    return {k: v for k, v in data.items() if v is not None}


# A1111's hires upscalers → the domain's (an antialiased variant is the same when enlarging).
HR_UPSCALERS = {
    "latent": "latent",
    "latent (antialiased)": "latent",
    "latent (bicubic)": "latent-bicubic",
    "latent (bicubic antialiased)": "latent-bicubic",
    "latent (nearest)": "latent-nearest",
    "latent (nearest-exact)": "latent-nearest",
    "lanczos": "lanczos",
    "nearest": "nearest",
}


def upscaler_names(specs: Iterable[ModelSpec]) -> dict[str, str]:
    """Every name an upscaler of the catalog answers to, lower-cased — its id, its name and A1111's
    spelling of the same network (``R-ESRGAN 4x+``) — → its catalog id."""
    names: dict[str, str] = {}
    for spec in specs:
        names |= {a1111: spec.id for a1111, source in A1111_UPSCALERS.items() if source == spec.source}
        names |= {spec.id.lower(): spec.id, (spec.name or spec.id).lower(): spec.id}
    return names


def hires(body: Txt2ImgBody, upscalers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A1111's hires-fix fields → the domain's ``hires`` option; ``upscalers`` (from ``upscaler_names``)
    are the catalog's local upscalers a named ``hr_upscaler`` may be."""
    name = (body.hr_upscaler or "Latent").strip()
    upscaler = HR_UPSCALERS.get(name.lower()) or (upscalers or {}).get(name.lower())
    if upscaler is None:
        named = ", ".join(sorted(set((upscalers or {}).values())))
        raise InvalidRequest.for_field(
            "hr_upscaler",
            f"'{name}' is not available for the hires fix; use Latent, Latent (bicubic), Latent (nearest), "
            f"Lanczos, Nearest or an upscaler of this server ({named or 'none'})",
        )
    option: dict[str, Any] = {"upscaler": upscaler, "scale": body.hr_scale or 2.0}
    if body.hr_resize_x:
        option["width"] = body.hr_resize_x
    if body.hr_resize_y:
        option["height"] = body.hr_resize_y
    if body.denoising_strength:
        option["strength"] = body.denoising_strength
    if body.hr_second_pass_steps:
        option["num_inference_steps"] = body.hr_second_pass_steps
    hr_sampler = body.hr_sampler_name if body.hr_sampler_name not in (None, "", "Use same sampler") else None
    if hr_sampler or body.hr_scheduler:
        option["scheduler"] = sampler(hr_sampler or body.sampler_name or body.sampler_index, body.hr_scheduler)
    if body.hr_prompt:
        option["prompt"] = body.hr_prompt
    if body.hr_negative_prompt:
        option["negative_prompt"] = body.hr_negative_prompt
    return option


def txt2img(
    body: Txt2ImgBody, model_id: str | None, aliases: Mapping[str, str], upscalers: Mapping[str, str] | None = None
) -> AnyRequest:
    data = _common(body, model_id)
    if body.enable_hr:
        data["hires"] = hires(body, upscalers)
    control = _controlnet(body, aliases)
    if control is None:
        return build_request({**data, "task": "txt2img"}, FIELDS)
    units, names = control
    return build_request({**data, **units}, names)


# A1111's inpainting_fill ("masked content") → the domain's masked_content.
MASKED_CONTENT = {0: "fill", 1: "original", 2: "latent_noise", 3: "latent_nothing"}


def img2img(
    body: Img2ImgBody, model_id: str | None, aliases: Mapping[str, str], upscalers: Mapping[str, str] | None = None
) -> AnyRequest:
    if body.enable_hr:
        raise InvalidRequest.for_field("enable_hr", "the hires fix is for txt2img (as in A1111)")
    data = _common(body, model_id)
    images = [i for i in body.init_images or [] if i]
    if not images:
        raise InvalidRequest.for_field("init_images", "field required: one base64 image")
    if len(images) > 1:
        raise InvalidRequest.for_field("init_images", "one image per request; send the others separately")
    if body.resize_mode:
        raise InvalidRequest.for_field("resize_mode", "only 0 (just resize to width×height) is supported")
    if body.initial_noise_multiplier not in (None, 1, 1.0):
        raise InvalidRequest.for_field("initial_noise_multiplier", "only 1 is supported")
    if body.inpainting_mask_invert and not body.mask:
        raise InvalidRequest.for_field("inpainting_mask_invert", "inverts mask: send one")
    if _controlnet(body, aliases) is not None:
        raise InvalidRequest.for_field("alwayson_scripts.controlnet", "ControlNet with img2img is not supported yet")
    data |= {"init_image": images[0]}
    if body.denoising_strength is not None:
        data["strength"] = body.denoising_strength
    if (body.script_name or "").lower() == SD_UPSCALE:
        data["tiled_upscale"] = sd_upscale(body, upscalers)
    if body.mask:
        inpaint = {**data, "task": "inpaint", "mask_image": body.mask, "invert_mask": bool(body.inpainting_mask_invert)}
        fill = 0 if body.inpainting_fill is None else body.inpainting_fill  # A1111's default: fill
        if fill not in MASKED_CONTENT:
            raise InvalidRequest.for_field(
                "inpainting_fill", "must be 0 (fill), 1 (original), 2 (latent noise) or 3 (latent nothing)"
            )
        inpaint["masked_content"] = MASKED_CONTENT[fill]
        if body.inpaint_full_res:  # A1111's "only masked": around the mask, at full resolution
            inpaint["padding_mask_crop"] = max(0, body.inpaint_full_res_padding or 0)
        blurs = [b for b in (body.mask_blur, body.mask_blur_x, body.mask_blur_y) if b is not None]
        if blurs:  # A1111 blurs x and y apart; the domain feathers evenly: the larger of the two
            inpaint["mask_blur"] = max(blurs)
        return build_request(inpaint, FIELDS)
    return build_request({**data, "task": "img2img"}, FIELDS)


def info(
    *,
    params: Mapping[str, Any],
    body: Txt2ImgBody,
    seeds: list[int],
    sampler_name: str | None,
    model: str,
    job_id: str,
    created: datetime,
) -> str:
    """``info``, the JSON string A1111 answers with (A1111's ``Processed.js()`` keys)."""
    count = len(seeds)
    prompt = body.prompt or params.get("prompt", "")
    negative = params.get("negative_prompt") or ""
    # What was delivered: a model whose size_policy is "fit" draws smaller and resizes (resize_to).
    delivered = params.get("resize_to") or params
    size = (delivered["width"], delivered["height"]) if delivered.get("width") and delivered.get("height") else None
    texts = [
        infotext({**params, "prompt": prompt}, seed=s, model=model, scheduler=sampler_name, size=size) for s in seeds
    ]
    document = {
        "prompt": prompt,
        "all_prompts": [prompt] * count,
        "negative_prompt": negative,
        "all_negative_prompts": [negative] * count,
        "seed": seeds[0] if seeds else params.get("seed"),
        "all_seeds": seeds,
        "subseed": -1,
        "all_subseeds": [-1] * count,
        "subseed_strength": 0,
        "width": delivered.get("width"),
        "height": delivered.get("height"),
        "sampler_name": sampler_name,
        "cfg_scale": params.get("guidance_scale"),
        "steps": params.get("num_inference_steps"),
        "batch_size": body.batch_size or 1,
        "restore_faces": bool(params.get("restore_faces")),
        "face_restoration_model": (params.get("restore_faces") or {}).get("model"),
        "sd_model_name": model,
        "sd_model_hash": None,
        "sd_vae_name": None,
        "sd_vae_hash": None,
        "seed_resize_from_w": -1,
        "seed_resize_from_h": -1,
        "denoising_strength": params.get("strength", 0),
        "extra_generation_params": {},
        "index_of_first_image": 0,
        "infotexts": texts,
        "styles": [],
        "job_timestamp": created.strftime("%Y%m%d%H%M%S"),
        "clip_skip": 1,
        "is_using_inpainting_conditioning": False,
        "version": "imagegate",
        "job_id": job_id,
    }
    return json.dumps(document)


def parameters(body: Txt2ImgBody) -> dict[str, Any]:
    """The request, echoed as A1111 does (init images and masks left out unless asked for)."""
    echo = body.model_dump(mode="json")
    if isinstance(body, Img2ImgBody) and not body.include_init_images:
        echo["init_images"], echo["mask"] = None, None
    return echo
