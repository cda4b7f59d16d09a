"""``/sdapi/v1/extra-single-image`` → the domain's ``upscale`` task, with A1111's face-restoration
sliders (``gfpgan_visibility``, ``codeformer_visibility``, ``codeformer_weight``) as its
``restore_faces`` option, applied after the enlargement as A1111's extras do."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from imagegate.api.a1111.translate import FIELDS
from imagegate.api.a1111.wire import ExtrasSingleImageBody
from imagegate.api.common.translate import build_request
from imagegate.domain.requests import AnyRequest
from imagegate.engines.restore import HOW_TO_ADD
from imagegate.errors import InvalidRequest

EXTRAS_FIELDS = {
    **FIELDS,
    "restore_faces.visibility": "gfpgan_visibility",
    "restore_faces.fidelity": "codeformer_weight",
}


def restorer(kind: str, field: str, restorers: Mapping[str, str]) -> str:
    """The catalog restorer for A1111's ``GFPGAN`` or ``CodeFormer`` slider: the first whose id or
    name says so (``restorers``: id → display name)."""
    if not restorers:
        raise InvalidRequest.for_field(field, f"this server has no face restorer; {HOW_TO_ADD}", code="unknown_model")
    for restorer_id, name in restorers.items():
        if kind.lower() in restorer_id.lower() or kind.lower() in name.lower():
            return restorer_id
    raise InvalidRequest.for_field(
        field, f"no {kind} face restorer on this server; it has: {', '.join(restorers.values())}", code="unknown_model"
    )


def _restore_faces(body: ExtrasSingleImageBody, restorers: Mapping[str, str]) -> dict[str, Any] | None:
    gfpgan, codeformer = body.gfpgan_visibility or 0, body.codeformer_visibility or 0
    if gfpgan and codeformer:
        raise InvalidRequest.for_field(
            "codeformer_visibility", "one face restorer per image: set gfpgan_visibility or codeformer_visibility"
        )
    if gfpgan:
        return {"model": restorer("GFPGAN", "gfpgan_visibility", restorers), "visibility": gfpgan}
    if codeformer:
        option = {"model": restorer("CodeFormer", "codeformer_visibility", restorers), "visibility": codeformer}
        if body.codeformer_weight is not None:
            option["fidelity"] = body.codeformer_weight
        return option
    return None


def upscale(
    body: ExtrasSingleImageBody, model_id: str | None, restorers: Mapping[str, str] | None = None
) -> AnyRequest:
    if body.extras_upscaler_2_visibility:
        raise InvalidRequest.for_field("extras_upscaler_2_visibility", "a second upscaler is not supported")
    if body.resize_mode:
        raise InvalidRequest.for_field("resize_mode", "only 0 (scale by upscaling_resize) is supported")
    if not body.image:
        raise InvalidRequest.for_field("image", "field required: one base64 image")
    scale = body.upscaling_resize
    option = _restore_faces(body, restorers or {})
    if scale not in (2, 4) and not (scale == 1 and option is not None):
        raise InvalidRequest.for_field("upscaling_resize", "must be 2 or 4 (or 1 to restore faces only)")
    data: dict[str, Any] = {"task": "upscale", "model": model_id, "image": body.image, "scale": int(scale or 0)}
    if option is not None:
        data["restore_faces"] = option
    names = dict(EXTRAS_FIELDS)
    if body.codeformer_visibility:
        names["restore_faces.visibility"] = "codeformer_visibility"
    return build_request(data, names)
