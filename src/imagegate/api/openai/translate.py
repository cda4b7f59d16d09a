"""OpenAI Images ↔ domain: request bodies to ``GenerationRequest``, finished jobs to ``ImagesResponse``
and server-sent events."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from imagegate.api.common.translate import FieldNames, build_request
from imagegate.api.openai.wire import (
    ImageData,
    ImageEditFields,
    ImageGenerateBody,
    ImagesResponse,
    ImageVariationFields,
)
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, VariationRequest
from imagegate.errors import InvalidRequest

FIELDS: FieldNames = {
    "num_images": "n",
    "width": "size",
    "height": "size",
    "num_inference_steps": "quality",
    "task": "model",
    "init_image": "image",
    "mask_image": "mask",
}

# quality → multiple of the model's default steps (auto, medium and standard keep the default)
QUALITY_STEPS = {"low": 0.5, "high": 1.5, "hd": 1.5, "xhigh": 2.0, "max": 2.0}

_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*$")


@dataclass(frozen=True)
class Delivery:
    """How the answer is shaped, beside what is generated."""

    response_format: str = "url"
    output_format: str = "png"
    output_compression: int | None = None
    quality: str = "auto"
    stream: bool = False
    partial_images: int = 0


def parse_size(size: str | None) -> tuple[int, int] | None:
    """``"1024x768"`` → (1024, 768); ``"auto"`` or nothing → None (the model's own size)."""
    if size is None or size.strip().lower() in ("", "auto"):
        return None
    match = _SIZE.match(size)
    if not match:
        raise InvalidRequest.for_field("size", f"'{size}' is not 'WIDTHxHEIGHT' (e.g. 1024x1024) or 'auto'")
    return int(match.group(1)), int(match.group(2))


def default_response_format(model_name: str | None) -> str:
    # OpenAI's GPT image models always answer base64; DALL·E answers URLs unless told otherwise.
    name = (model_name or "").lower()
    return "b64_json" if name.startswith(("gpt-image", "chatgpt-image")) else "url"


def delivery(body: ImageGenerateBody | ImageEditFields | ImageVariationFields) -> Delivery:
    output_format = getattr(body, "output_format", None) or "png"
    background = getattr(body, "background", None)
    if background == "transparent":
        raise InvalidRequest.for_field(
            "background", "transparent backgrounds are not supported by this server's models; use auto or opaque"
        )
    compression = getattr(body, "output_compression", None)
    if compression is not None and output_format == "png":
        raise InvalidRequest.for_field("output_compression", "applies only to output_format jpeg or webp")
    stream = bool(getattr(body, "stream", None))
    partial = getattr(body, "partial_images", None)
    if partial and not stream:
        raise InvalidRequest.for_field("partial_images", "needs stream: true")
    if stream and body.response_format == "url":
        raise InvalidRequest.for_field("response_format", "streaming always returns b64_json; omit response_format")
    return Delivery(
        response_format=body.response_format or ("b64_json" if stream else default_response_format(body.model)),
        output_format=output_format,
        output_compression=compression,
        quality=getattr(body, "quality", None) or "auto",
        stream=stream,
        partial_images=partial or 0,
    )


def steps_for(quality: str, spec: ModelSpec) -> int | None:
    factor = QUALITY_STEPS.get(quality)
    if factor is None or not spec.accepts("num_inference_steps"):
        return None  # a hosted model without steps: its catalog options decide its quality
    return max(1, min(spec.limits.max_steps, round(spec.defaults.num_inference_steps * factor)))


def _common(body: Any, spec: ModelSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"model": spec.id, "num_images": body.n or 1}
    size = parse_size(body.size)
    if size is not None:
        data["width"], data["height"] = size
    steps = steps_for(getattr(body, "quality", None) or "auto", spec)
    if steps is not None:
        data["num_inference_steps"] = steps
    return data


def generation_request(body: ImageGenerateBody, spec: ModelSpec) -> AnyRequest:
    return build_request({"task": "txt2img", "prompt": body.prompt, **_common(body, spec)}, FIELDS)


def edit_request(fields: ImageEditFields, images: list[str], mask: str | None, spec: ModelSpec) -> AnyRequest:
    """An edit is img2img of the one input image, or inpainting when a mask comes with it.

    ``mask`` must already be a white-means-repaint mask (see ``alpha_mask_to_repaint_mask``)."""
    if not images:
        raise InvalidRequest.for_field("image", "field required: upload the image to edit")
    if len(images) > 1:
        raise InvalidRequest.for_field(
            "image", f"{len(images)} images sent; this server's models edit one image at a time"
        )
    data = {"prompt": fields.prompt, "init_image": images[0], **_common(fields, spec)}
    if mask is not None:
        return build_request({"task": "inpaint", "mask_image": mask, **data}, FIELDS)
    return build_request({"task": "img2img", **data}, FIELDS)


def variation_request(fields: ImageVariationFields, image: str, spec: ModelSpec) -> AnyRequest:
    """OpenAI variations carry no prompt; ``prompt`` is an optional imagegate extension field."""
    data = {"task": "variation", "init_image": image, **_common(fields, spec)}
    if fields.prompt is not None:
        data["prompt"] = fields.prompt
    elif VariationRequest.model_fields["prompt"].is_required():
        raise InvalidRequest.for_field(
            "prompt", "this server's variations need a prompt: add a prompt field (an imagegate extension)"
        )
    return build_request(data, FIELDS)


def images_response(
    *,
    created: int,
    images: list[ImageData],
    delivery: Delivery,
    size: str | None,
    cost: float | None,
    currency: str | None,
) -> dict[str, Any]:
    response = ImagesResponse(
        created=created,
        data=images,
        output_format=delivery.output_format,  # type: ignore[arg-type]
        quality=delivery.quality,
        size=size,
    )
    response.usage.cost, response.usage.currency = cost, currency
    return response.model_dump(mode="json", exclude_none=True)


# -- streaming ------------------------------------------------------------------------------------


def partial_due(step: int, total: int, sent: int, wanted: int) -> bool:
    """Whether a preview at ``step`` of ``total`` should go out as the next partial image: the
    ``wanted`` partials are spread evenly over the run (the k-th once k/(wanted+1) of it is done)."""
    if sent >= wanted or total <= 0:
        return False
    return step / total >= (sent + 1) / (wanted + 1)


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def stream_event(
    kind: str,
    *,
    edit: bool,
    b64_json: str,
    created: int,
    size: str,
    delivery: Delivery,
    output_format: str | None = None,
    index: int | None = None,
    cost: float | None = None,
    currency: str | None = None,
) -> bytes:
    """One ``image_generation.*`` (or ``image_edit.*``) event; ``kind`` is partial_image or completed."""
    name = f"{'image_edit' if edit else 'image_generation'}.{kind}"
    data: dict[str, Any] = {
        "type": name,
        "b64_json": b64_json,
        "created_at": created,
        "size": size,
        "quality": delivery.quality if delivery.quality in ("low", "medium", "high", "auto") else "auto",
        "background": "opaque",
        "output_format": output_format or delivery.output_format,
    }
    if kind == "partial_image":
        data["partial_image_index"] = index or 0
    else:
        usage = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0}
        data["usage"] = {**usage, "input_tokens_details": {"text_tokens": 0, "image_tokens": 0}}
        if cost is not None:
            data["usage"] |= {"cost": cost, "currency": currency}
    return sse(name, data)


def error_body(message: str, *, type_: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}
