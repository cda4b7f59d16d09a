"""ModelsLab v6 ↔ domain: loose request bodies to ``GenerationRequest``; jobs to the ``success`` /
``processing`` / ``error`` envelopes (integer ``id``, arrays always, ``meta`` echoing effective
parameters, both ``message`` and ``messege``) and to the webhook payload."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from imagegate.api.common.translate import FieldNames, build_request, lora_params, resolve_alias, yes_no
from imagegate.api.modelslab.wire import ControlNet, Img2Img, Inpaint, MLDiffusion, Outpaint, SuperResolution, Text2Img
from imagegate.domain.requests import MAX_CONTROLNETS, MAX_LORAS, AnyRequest
from imagegate.errors import InvalidRequest

SEED_RANGE = 2**32

FIELDS: FieldNames = {
    "num_images": "samples",
    "model": "model_id",
    "task": "model_id",
    "image": "init_image",
    "loras": "lora_model",
    **{f"loras.{i}.id": "lora_model" for i in range(MAX_LORAS)},
    **{f"loras.{i}.weight": "lora_strength" for i in range(MAX_LORAS)},
    # Every ControlNet of a request shares ModelsLab's top-level fields.
    **{
        f"controlnets.{i}.{name}": name
        for i in range(MAX_CONTROLNETS)
        for name in ("controlnet_model", "control_image", "controlnet_conditioning_scale")
    },
}

# diffusers class → our sampler name with Karras sigmas (ModelsLab's use_karras_sigmas, default "yes")
KARRAS = {
    "DPMSolverMultistepScheduler": "DPM++ 2M Karras",
    "LMSDiscreteScheduler": "LMS Karras",
    "KDPM2DiscreteScheduler": "DPM2 Karras",
    "KDPM2AncestralDiscreteScheduler": "DPM2 a Karras",
}
# ModelsLab's algorithm_type "dpmsolver+++" on DPMSolverMultistepScheduler is A1111's "DPM++ 2M SDE".
SDE = {False: "DPM++ 2M SDE", True: "DPM++ 2M SDE Karras"}

TIP_FETCH = "Your image is processing in background, you can get this image using fetch API"
PROCESSING_MESSAGE = "Try to fetch request after seconds estimated"


@dataclass
class Submission:
    """A translated ModelsLab call: the domain request plus what the envelope and webhook need."""

    request: AnyRequest
    webhook: str | None = None
    track_id: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


def scheduler_name(scheduler: str | None, karras: bool | None, algorithm_type: str | None) -> str | None:
    if not scheduler:
        return None
    name = scheduler.strip()
    use_karras = True if karras is None else karras
    if name == "DPMSolverMultistepScheduler" and (algorithm_type or "").strip().lower() == "dpmsolver+++":
        return SDE[use_karras]
    if use_karras and name in KARRAS:
        return KARRAS[name]
    return name


def resolve_seed(seed: int | None) -> int:
    """ModelsLab reports the seed of every request, so a random one is drawn here, at admission."""
    if seed is None:
        return secrets.randbelow(SEED_RANGE)
    if seed < 0:
        raise InvalidRequest.for_field("seed", "must be 0 or more (or null for a random seed)")
    return seed


def parse_loras(models: str | None, strengths: str | None) -> list[tuple[str, float]]:
    names = [m.strip() for m in (models or "").split(",") if m.strip()]
    if not names:
        return []
    raw = [s.strip() for s in (strengths or "").split(",") if s.strip()]
    try:
        weights = [float(s) for s in raw]
    except ValueError:
        raise InvalidRequest.for_field("lora_strength", "must be numbers separated by commas") from None
    if len(weights) not in (0, 1, len(names)):
        raise InvalidRequest.for_field("lora_strength", f"give one weight, or one per LoRA ({len(names)})")
    if len(weights) <= 1:
        weights = [weights[0] if weights else 1.0] * len(names)
    return list(zip(names, weights, strict=True))


def _refuse_unsupported(body: MLDiffusion) -> None:
    """Options that change the picture and that this server cannot honour are refused, not ignored."""
    if body.upscale and body.upscale.strip().lower() not in ("no", "false", "0", "none", "1"):
        raise InvalidRequest.for_field(
            "upscale", "upscaling after generation is not supported here; use /api/v6/image_editing/super_resolution"
        )
    checks = [
        ("highres_fix", body.highres_fix, "hires fix is not supported"),
        ("panorama", body.panorama, "panorama generation is not supported"),
        ("ip_adapter_id", body.ip_adapter_id, "IP-Adapters are not supported"),
        ("ip_adapter_image", body.ip_adapter_image, "IP-Adapters are not supported"),
        ("vae", body.vae, "custom VAEs are not supported; the model's own VAE is used"),
    ]
    for name, value, message in checks:
        if value:
            raise InvalidRequest.for_field(name, message)


def _model(body: Any, aliases: Mapping[str, str], realtime: bool) -> str | None:
    name = body.model_id
    if name is None and realtime and "realtime" in aliases:
        name = "realtime"
    return resolve_alias(name, aliases)


def _diffusion(body: MLDiffusion, aliases: Mapping[str, str], *, realtime: bool) -> tuple[dict[str, Any], dict]:
    _refuse_unsupported(body)
    data: dict[str, Any] = {
        "model": _model(body, aliases, realtime),
        "prompt": body.prompt,
        "negative_prompt": body.negative_prompt,
        "width": body.width,
        "height": body.height,
        "num_images": body.samples or 1,
        "num_inference_steps": body.num_inference_steps if body.num_inference_steps is not None else body.steps,
        "guidance_scale": body.guidance_scale,
        "seed": resolve_seed(body.seed),
        "scheduler": scheduler_name(body.scheduler, body.use_karras_sigmas, body.algorithm_type),
        **lora_params(parse_loras(body.lora_model, body.lora_strength), "lora_model"),
    }
    options = {
        "model_id": body.model_id,
        "base64": bool(body.base64),
        "instant_response": bool(body.instant_response),
        "temp": bool(body.temp),
        "safety_checker": bool(body.safety_checker),
        "safety_checker_type": body.safety_checker_type or "sensitive_content_text",
        "scheduler": body.scheduler,
        "use_karras_sigmas": body.use_karras_sigmas is not False,
        "algorithm_type": body.algorithm_type or "none",
        "lora_model": body.lora_model,
        "lora_strength": body.lora_strength,
        "clip_skip": body.clip_skip,
        "tomesd": body.tomesd is not False,
    }
    return {k: v for k, v in data.items() if v is not None}, options


def _submission(body: Any, data: dict[str, Any], options: dict[str, Any]) -> Submission:
    return Submission(build_request(data, FIELDS), webhook=body.webhook, track_id=body.track_id, options=options)


def text2img(body: Text2Img, aliases: Mapping[str, str], *, realtime: bool = False) -> Submission:
    data, options = _diffusion(body, aliases, realtime=realtime)
    return _submission(body, {"task": "txt2img", **data}, options)


def img2img(body: Img2Img, aliases: Mapping[str, str], *, realtime: bool = False) -> Submission:
    data, options = _diffusion(body, aliases, realtime=realtime)
    data |= {"task": "img2img", "init_image": body.init_image}
    if body.strength is not None:
        data["strength"] = body.strength
    return _submission(body, data, options | {"init_image": _echo_image(body.init_image)})


def inpaint(body: Inpaint, aliases: Mapping[str, str], *, realtime: bool = False) -> Submission:
    data, options = _diffusion(body, aliases, realtime=realtime)
    data |= {"task": "inpaint", "init_image": body.init_image, "mask_image": body.mask_image}
    if body.strength is not None:
        data["strength"] = body.strength
    echo = {"init_image": _echo_image(body.init_image), "mask_image": _echo_image(body.mask_image)}
    return _submission(body, data, options | echo)


def controlnet(body: ControlNet, aliases: Mapping[str, str]) -> Submission:
    data, options = _diffusion(body, aliases, realtime=False)
    names = [m.strip() for m in (body.controlnet_model or "").split(",")]
    if not any(names):
        raise InvalidRequest.for_field("controlnet_model", "field required (e.g. canny)")
    if not all(names):
        raise InvalidRequest.for_field("controlnet_model", "an empty name in the comma-separated list")
    if len(names) > MAX_CONTROLNETS:
        raise InvalidRequest.for_field("controlnet_model", f"at most {MAX_CONTROLNETS} ControlNets per request")
    if "inpaint" in names or body.mask_image:
        raise InvalidRequest.for_field(
            "mask_image", "ControlNet inpainting is not supported; use /api/v6/images/inpaint"
        )
    if body.init_image and body.control_image:
        raise InvalidRequest.for_field(
            "control_image", "img2img with a ControlNet is not supported; send only the control image"
        )
    control = body.control_image or body.init_image
    if not control:
        raise InvalidRequest.for_field("init_image", "field required: the image the ControlNet follows")
    scale: float | None = None
    if body.controlnet_conditioning_scale is not None:
        try:
            scale = float(body.controlnet_conditioning_scale)
        except ValueError:
            raise InvalidRequest.for_field("controlnet_conditioning_scale", "must be a number") from None
    # auto_hint (the default) turns the image into each ControlNet's map; "no" sends a ready-made map.
    preprocessor = None if body.auto_hint is not False else "none"
    units = []
    for name in names:
        unit: dict[str, Any] = {"controlnet_model": resolve_alias(name, aliases), "control_image": control}
        if preprocessor is not None:
            unit["preprocessor"] = preprocessor
        if scale is not None:
            unit["controlnet_conditioning_scale"] = scale
        units.append(unit)
    data |= {"task": "controlnet", "controlnets": units}
    echo = {
        "controlnet_model": body.controlnet_model,
        "controlnet_type": body.controlnet_type or body.controlnet_model,
        "auto_hint": body.auto_hint is not False,
        "guess_mode": bool(body.guess_mode),
        "control_image": _echo_image(control),
    }
    return _submission(body, data, options | echo)


def super_resolution(body: SuperResolution, aliases: Mapping[str, str], default_upscaler: str | None) -> Submission:
    if body.face_enhance:
        raise InvalidRequest.for_field("face_enhance", "face enhancement is not supported")
    scale = 4 if body.scale is None else body.scale
    model = resolve_alias(body.model_id, aliases) or default_upscaler
    if model is None:
        raise InvalidRequest.for_field("model_id", "this server has no upscaler model in its catalog")
    data = {"task": "upscale", "model": model, "image": body.init_image, "scale": scale}
    options = {"model_id": body.model_id, "base64": bool(body.base64), "scale": scale, "temp": bool(body.temp)}
    options["init_image"] = _echo_image(body.init_image)
    return _submission(body, data, options)


def outpaint(body: Outpaint, aliases: Mapping[str, str]) -> Submission:
    data: dict[str, Any] = {
        "task": "outpaint",
        "model": resolve_alias(body.model_id, aliases),
        "init_image": body.image,
        "prompt": body.prompt,
        "negative_prompt": body.negative_prompt,
        "width": body.width,
        "height": body.height,
        "num_inference_steps": body.num_inference_steps,
        "guidance_scale": body.guidance_scale,
        "seed": resolve_seed(body.seed),
    }
    options = {"model_id": body.model_id, "base64": bool(body.base64), "temp": bool(body.temp)}
    options["init_image"] = _echo_image(body.image)
    return _submission(body, {k: v for k, v in data.items() if v is not None}, options)


def _echo_image(value: str | None) -> str:
    # URLs are echoed as ModelsLab does; inline base64 would make every envelope as big as the image.
    return value if value and value.startswith(("http://", "https://")) else ""


# -- envelopes ------------------------------------------------------------------------------------


def meta(params: Mapping[str, Any], options: Mapping[str, Any], *, number: int, job_id: str) -> dict[str, Any]:
    """``meta``: the effective parameters, with ModelsLab's names and its yes/no strings. Every key
    that strict ModelsLab client parsers require is present with the type they check."""
    delivered = params.get("resize_to") or params  # a "fit" model draws smaller and resizes
    width, height = delivered.get("width"), delivered.get("height")
    out: dict[str, Any] = {
        "id": str(number),
        "job_id": job_id,
        "model_id": options.get("model_id") or params.get("model"),
        "prompt": params.get("prompt") or "",
        "negative_prompt": params.get("negative_prompt") or "",
        "W": width,
        "H": height,
        "width": width,
        "height": height,
        "guidance_scale": params.get("guidance_scale"),
        "steps": params.get("num_inference_steps"),
        "num_inference_steps": params.get("num_inference_steps"),
        "n_samples": params.get("num_images", 1),
        "seed": params.get("seed"),
        "scheduler": options.get("scheduler") or params.get("scheduler") or "default",
        "safety_checker": yes_no(options.get("safety_checker")),
        "safetychecker": yes_no(options.get("safety_checker")),
        "safety_checker_type": options.get("safety_checker_type") or "sensitive_content_text",
        "enhance_prompt": "no",  # prompts are used exactly as sent
        "instant_response": yes_no(options.get("instant_response")),
        "base64": yes_no(options.get("base64")),
        "temp": yes_no(options.get("temp")),
        "upscale": "no",
        "file_prefix": f"{number}.png",
        "outdir": "output",
        "full_url": "no",
    }
    for name in ("use_karras_sigmas", "tomesd"):
        if name in options:
            out[name] = yes_no(options[name])
    for name in ("algorithm_type", "lora_model", "lora_strength", "clip_skip", "init_image", "mask_image"):
        if options.get(name) is not None:
            out[name] = options[name]
    for name in ("controlnet_model", "controlnet_type", "control_image"):
        if name in options:
            out[name] = options[name]
    for name in ("auto_hint", "guess_mode"):
        if name in options:
            out[name] = yes_no(options[name])
    if params.get("task") in ("img2img", "inpaint", "variation") and "strength" in params:
        out["strength"] = params["strength"]
    if params.get("task") == "controlnet":
        out["controlnet_conditioning_scale"] = str(params.get("controlnet_conditioning_scale"))
    if params.get("task") == "upscale":
        out |= {"scale": params.get("scale"), "upscale_factor": params.get("scale")}
    return {k: v for k, v in out.items() if v is not None}


def success(
    *, number: int, job_id: str, outputs: list[str], links: list[str], generation_time: float, nsfw: bool, meta: dict
) -> dict[str, Any]:
    return {
        "status": "success",
        "generationTime": generation_time,
        "id": number,
        "job_id": job_id,
        "output": outputs,
        "proxy_links": links,
        "future_links": links,
        "nsfw_content_detected": nsfw,
        "webhook_status": "",
        "meta": meta,
        "tip": "",
    }


def processing(
    *, number: int, job_id: str, fetch_result: str, eta: float, links: list[str], meta: dict
) -> dict[str, Any]:
    return {
        "status": "processing",
        "tip": "",
        "tip_1": TIP_FETCH,
        "eta": eta,
        "message": PROCESSING_MESSAGE,
        "messege": PROCESSING_MESSAGE,
        "webhook_status": "",
        "fetch_result": fetch_result,
        "id": number,
        "job_id": job_id,
        "output": [],
        "proxy_links": [],
        "future_links": links,
        "meta": meta,
    }


def error(message: str, **extra: Any) -> dict[str, Any]:
    """ModelsLab's error envelope; old clients read ``messege``, newer ones ``message``."""
    return {"status": "error", "message": message, "messege": message, **extra}


def webhook_payload(envelope: Mapping[str, Any], track_id: str | None) -> dict[str, Any]:
    """The body ModelsLab POSTs to ``webhook`` when a request ends: the success envelope plus
    ``track_id``, or ``{status: "failed", id, message, track_id}``."""
    if envelope.get("status") == "success":
        return {**envelope, "track_id": track_id}
    return {
        "status": "failed",
        "id": envelope.get("id"),
        "job_id": envelope.get("job_id"),
        "message": envelope.get("message", "the request failed"),
        "track_id": track_id,
    }
