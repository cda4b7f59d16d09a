"""A request against its model: which model (resolved once), whether it can do the task, the
model's defaults for what was left out, and the model's limits — each refusal a 4xx naming the
field. Cheap and side-effect free; image inputs are ``edits.py``'s."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from imagegate.config import Catalog
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams, Size, Task
from imagegate.errors import Conflict, InvalidRequest, TaskNotSupported, UnknownModel
from imagegate.images.canvas import fit_size


def resolve_model(catalog: Catalog, model_id: str | None, task: Task | None = None) -> ModelSpec:
    if model_id is None:
        # The default model, or for a task it cannot do (e.g. upscale) the catalog's default for that task.
        model_id = (catalog.default_for(task) if task is not None else None) or catalog.default_id
        if model_id is None:
            raise InvalidRequest.for_field("model", "this server has no default model; name one")
    spec = catalog.resolve(model_id)
    if spec is None and model_id in catalog.pending:
        raise Conflict(f"model '{model_id}' {catalog.pending[model_id]}", code="model_not_ready")
    if spec is None:
        raise UnknownModel.for_field("model", f"unknown model '{model_id}'; GET /v1/models lists the available ones")
    return spec


def check_task(spec: ModelSpec, request: AnyRequest) -> None:
    if request.task not in spec.tasks:
        can = ", ".join(t.value for t in spec.tasks)
        raise TaskNotSupported.for_field(
            "task", f"model '{spec.id}' cannot do {request.task.value}; it supports: {can}"
        )


def apply_defaults(spec: ModelSpec, request: AnyRequest) -> AnyRequest:
    """The effective request: the model named, and every omitted parameter set to the model's default."""
    updates: dict[str, Any] = {"model": spec.id}
    if isinstance(request, DiffusionParams):
        d = spec.defaults
        if request.width is None:
            updates["width"] = d.width
        if request.height is None:
            updates["height"] = d.height
        # Only parameters the model takes get defaults (a hosted model may have no steps at all).
        if request.num_inference_steps is None and spec.accepts("num_inference_steps"):
            updates["num_inference_steps"] = d.num_inference_steps
        if request.guidance_scale is None and spec.accepts("guidance_scale"):
            updates["guidance_scale"] = d.guidance_scale
        if request.scheduler is None and d.scheduler and spec.accepts("scheduler"):
            updates["scheduler"] = d.scheduler
        if request.negative_prompt is None and d.negative_prompt and spec.accepts("negative_prompt"):
            updates["negative_prompt"] = d.negative_prompt
    return request.model_copy(update=updates)


def fit_to_model(spec: ModelSpec, request: AnyRequest, *, multiple: int) -> AnyRequest:
    """For a model whose ``size_policy`` is "fit": a size past its limits is generated at its native
    pixel count (the defaults' width × height) in the request's aspect ratio, within its limits, and
    the images are resized to the size asked (``resize_to``). Other requests are returned as they are."""
    if spec.size_policy != "fit" or not isinstance(request, DiffusionParams):
        return request
    if request.resize_to is not None or request.upscale is not None or getattr(request, "hires", None) is not None:
        return request  # the caller chose how to change the size
    lim = spec.limits
    width, height = request.width, request.height
    assert width is not None and height is not None
    if width <= lim.max_width and height <= lim.max_height and (not lim.max_pixels or width * height <= lim.max_pixels):
        return request
    native = spec.defaults.width * spec.defaults.height
    drawn = fit_size(
        width,
        height,
        max_width=lim.max_width,
        max_height=lim.max_height,
        max_pixels=min(native, lim.max_pixels or native),
        multiple=multiple,
    )
    return request.model_copy(
        update={"width": drawn[0], "height": drawn[1], "resize_to": Size(width=width, height=height)}
    )


def check_limits(spec: ModelSpec, request: AnyRequest) -> None:
    """The model's size, count and step limits, on the effective request (defaults filled in)."""
    if not isinstance(request, DiffusionParams):
        return
    lim = spec.limits
    assert request.width is not None and request.height is not None
    if request.width > lim.max_width:
        raise InvalidRequest.for_field("width", f"must be at most {lim.max_width} for model '{spec.id}'")
    if request.height > lim.max_height:
        raise InvalidRequest.for_field("height", f"must be at most {lim.max_height} for model '{spec.id}'")
    if lim.max_pixels and request.width * request.height > lim.max_pixels:
        raise InvalidRequest.for_field(
            "width", f"width×height must be at most {lim.max_pixels} pixels for model '{spec.id}'"
        )
    hires = getattr(request, "hires", None)
    if hires is not None:
        width, height = hires.size(request.width, request.height)
        fits = width <= lim.max_width and height <= lim.max_height
        if not fits or (lim.max_pixels and width * height > lim.max_pixels):
            field = "hires.scale" if hires.width is None and hires.height is None else "hires.width"
            raise InvalidRequest.for_field(
                field, f"the second pass would be {width}×{height}, past the limits of model '{spec.id}'"
            )
    if request.num_images > lim.max_num_images:
        raise InvalidRequest.for_field("num_images", f"must be at most {lim.max_num_images} for model '{spec.id}'")
    if request.num_inference_steps is not None and request.num_inference_steps > lim.max_steps:
        raise InvalidRequest.for_field("num_inference_steps", f"must be at most {lim.max_steps} for model '{spec.id}'")


def check_idempotency_key(value: str | None) -> None:
    if value is not None and not (1 <= len(value) <= 255):
        raise InvalidRequest.for_field("Idempotency-Key", "must be 1 to 255 characters")


def fingerprint(request: AnyRequest, options: dict[str, Any]) -> str:
    """What makes two requests the same for Idempotency-Key purposes."""
    payload = {"request": request.model_dump(mode="json"), "options": options}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
