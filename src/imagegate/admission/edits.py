"""Admission of the image tasks: their inputs become stored ``blob:`` references, sizes left out are
taken from the inputs, and each task's own rules are checked (mask size, outpaint geometry, upscale
limits, the upscaler of the ``upscale`` option) with a 4xx naming the field.

Images are decoded here but stored only by ``Prepared.store``, which admission calls once every
other check passed: a refused request leaves nothing behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from imagegate.admission.validation import check_task
from imagegate.config import Catalog
from imagegate.domain.adapters import ANNOTATED_PREPROCESSORS
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import (
    MAX_SIDE,
    AnyRequest,
    ControlNetRequest,
    DiffusionParams,
    HiresOption,
    Img2ImgRequest,
    InpaintRequest,
    OutpaintRequest,
    Task,
    TiledUpscaleOption,
    Txt2ImgRequest,
    UpscaleRequest,
    VariationRequest,
)
from imagegate.engines.base import Engine
from imagegate.engines.restore import HOW_TO_ADD
from imagegate.engines.upscale import UpscalerEngine
from imagegate.errors import InvalidRequest
from imagegate.images.canvas import (
    Margins,
    canvas_for_ratio,
    fit_size,
    margins_for_canvas,
    round_margins_up,
    round_to,
)
from imagegate.images.inputs import Decoded, ImageInputs
from imagegate.images.pixels import as_mask, has_alpha


@dataclass
class Prepared:
    spec: ModelSpec
    request: AnyRequest
    pending: list[Decoded] = field(default_factory=list)

    async def store(self, inputs: ImageInputs) -> None:
        for decoded in self.pending:
            await inputs.store(decoded.stored)


# What fits each annotator kind, for the message that says how to add one.
HOW_TO_ANNOTATE = {
    "depth": "a Depth Anything or DPT depth-estimation repo, e.g. depth-anything/Depth-Anything-V2-Small-hf",
    "pose": "a ViTPose repo trained on COCO, e.g. usyd-community/vitpose-base-simple",
}


def _refuse(field_name: str, message: str, code: str = "invalid_request") -> InvalidRequest:
    return InvalidRequest.for_field(field_name, message, code=code)


class _Admission:
    def __init__(self, catalog: Catalog, engines: Mapping[str, Engine], inputs: ImageInputs, spec: ModelSpec):
        self.catalog = catalog
        self.engines = engines
        self.inputs = inputs
        self.spec = spec
        self.pending: list[Decoded] = []

    @property
    def multiple(self) -> int:
        return self.engines[self.spec.engine].size_multiple(self.spec)

    async def image(self, value: str, field_name: str) -> Decoded:
        decoded = await self.inputs.check(value, field=field_name)
        self.pending.append(decoded)
        return decoded

    def default_size(self, request: DiffusionParams, size: tuple[int, int]) -> dict[str, Any]:
        """width/height from an input image, unless given: its aspect ratio within the model's limits."""
        if request.width is not None and request.height is not None:
            return {}
        lim, m = self.spec.limits, self.multiple
        if request.width is None and request.height is None:
            width, height = fit_size(
                *size, max_width=lim.max_width, max_height=lim.max_height, max_pixels=lim.max_pixels, multiple=m
            )
        elif request.width is not None:
            width, height = request.width, min(round_to(request.width * size[1] / size[0], m), lim.max_height)
        else:
            assert request.height is not None
            width, height = min(round_to(request.height * size[0] / size[1], m), lim.max_width), request.height
        return {"width": width, "height": height}

    def tile_size(self, request: Img2ImgRequest, size: tuple[int, int]) -> dict[str, Any]:
        """SD upscale: the result is ``scale`` times the input (at most MAX_SIDE a side); width and
        height are the tiles' size — the model's native size unless given, never past the result."""
        assert request.tiled_upscale is not None
        final = request.tiled_upscale.size(*size)
        if max(final) > MAX_SIDE:
            raise _refuse(
                "tiled_upscale.scale", f"the result would be {final[0]}×{final[1]}; at most {MAX_SIDE} px a side"
            )
        width = min(request.width or self.spec.defaults.width, max(8, final[0]))
        height = min(request.height or self.spec.defaults.height, max(8, final[1]))
        return {"width": width, "height": height}

    async def prepare(self, request: AnyRequest) -> dict[str, Any]:
        if isinstance(request, Img2ImgRequest) and request.tiled_upscale is not None:
            init = await self.image(request.init_image, "init_image")
            return {"init_image": init.stored.ref, **self.tile_size(request, init.image.size)}
        if isinstance(request, Img2ImgRequest | VariationRequest):
            init = await self.image(request.init_image, "init_image")
            return {"init_image": init.stored.ref, **self.default_size(request, init.image.size)}
        if isinstance(request, InpaintRequest):
            return await self.inpaint(request)
        if isinstance(request, OutpaintRequest):
            return await self.outpaint(request)
        if isinstance(request, ControlNetRequest):
            return await self.controlnet(request)
        if isinstance(request, UpscaleRequest):
            return await self.upscale(request)
        return {}

    async def inpaint(self, request: InpaintRequest) -> dict[str, Any]:
        init = await self.image(request.init_image, "init_image")
        updates: dict[str, Any] = {"init_image": init.stored.ref}
        if request.mask_image is None:
            if request.invert_mask:
                raise _refuse("invert_mask", "inverts mask_image: send one (white = keep, black = repaint)")
            if not has_alpha(init.image):
                raise _refuse(
                    "mask_image",
                    "field required, unless init_image has transparent pixels (they are then repainted)",
                    "missing_mask",
                )
        else:
            mask = await self.image(request.mask_image, "mask_image")
            if request.invert_mask:  # stored inverted; the effective request no longer asks to invert
                self.pending.remove(mask)
                mask = await asyncio.to_thread(ImageInputs.inverted_mask, mask)
                self.pending.append(mask)
                updates["invert_mask"] = False
            if mask.image.size != init.image.size:
                (mw, mh), (iw, ih) = mask.image.size, init.image.size
                raise _refuse(
                    "mask_image", f"the mask is {mw}×{mh} but init_image is {iw}×{ih}; they must match", "mask_mismatch"
                )
            if as_mask(mask.image).getextrema()[1] == 0:
                raise _refuse("mask_image", "the mask is entirely black: nothing would be repainted", "empty_mask")
            updates["mask_image"] = mask.stored.ref
        return updates | self.default_size(request, init.image.size)

    async def outpaint(self, request: OutpaintRequest) -> dict[str, Any]:
        init = await self.image(request.init_image, "init_image")
        w, h = init.image.size
        given = [n for n in ("left", "right", "top", "bottom") if getattr(request, n)]
        sized = request.width is not None or request.height is not None
        if request.aspect_ratio and (given or sized):
            raise _refuse("aspect_ratio", "give margins, a width/height or an aspect_ratio, not several")
        if given:
            margins = Margins(request.left, request.right, request.top, request.bottom)
        elif request.aspect_ratio:
            rw, rh = (int(x) for x in request.aspect_ratio.split(":"))
            margins = margins_for_canvas(w, h, *canvas_for_ratio(w, h, (rw, rh)), request.anchor)
        elif sized:
            cw, ch = request.width or w, request.height or h
            if cw < w or ch < h:
                name = "width" if cw < w else "height"
                raise _refuse(name, f"smaller than init_image ({w}×{h}); outpainting only grows the canvas")
            margins = margins_for_canvas(w, h, cw, ch, request.anchor)
        else:
            raise _refuse(
                "left",
                "say how to extend: left/right/top/bottom pixels, a width/height or an aspect_ratio",
                "no_outpaint",
            )
        margins = round_margins_up(margins, w, h, self.multiple, request.anchor)
        cw, ch = margins.canvas(w, h)
        if given and sized and (request.width, request.height) != (cw, ch):
            raise _refuse("width", f"init_image plus the margins is {cw}×{ch}, not {request.width}×{request.height}")
        if (cw, ch) == (w, h):
            raise _refuse("aspect_ratio", f"init_image ({w}×{h}) already has this aspect ratio", "no_outpaint")
        lim = self.spec.limits
        too_wide, too_tall = cw > lim.max_width, ch > lim.max_height
        too_many = bool(lim.max_pixels and cw * ch > lim.max_pixels)
        if too_wide or too_tall or too_many:
            axis = ("left", "right") if too_wide else ("top", "bottom")
            name = next(
                (n for n in given if n in axis),
                given[0] if given else ("aspect_ratio" if request.aspect_ratio else "width"),
            )
            limit = f"{lim.max_width}×{lim.max_height}" + (f", {lim.max_pixels} pixels" if lim.max_pixels else "")
            raise _refuse(
                name,
                f"the extended canvas would be {cw}×{ch}, beyond model '{self.spec.id}' limits ({limit})",
                "outpaint_too_large",
            )
        return {
            "init_image": init.stored.ref,
            "left": margins.left,
            "right": margins.right,
            "top": margins.top,
            "bottom": margins.bottom,
            "width": cw,
            "height": ch,
            "aspect_ratio": None,  # resolved into the margins above
        }

    async def controlnet(self, request: ControlNetRequest) -> dict[str, Any]:
        units = []
        first: Decoded | None = None
        for index, unit in enumerate(request.controlnets):
            net = self.catalog.controlnets.get(unit.controlnet_model)
            if net is None:
                raise _refuse(
                    f"controlnets.{index}.controlnet_model",
                    f"unknown ControlNet '{unit.controlnet_model}'; GET /v1/controlnets lists them",
                    "unknown_controlnet",
                )
            preprocessor = unit.preprocessor or net.preprocessor
            annotator = self.annotator(index, preprocessor, unit.annotator)
            decoded = await self.image(unit.control_image, f"controlnets.{index}.control_image")
            first = first or decoded
            update = {"control_image": decoded.stored.ref, "preprocessor": preprocessor, "annotator": annotator}
            units.append(unit.model_copy(update=update))
        assert first is not None  # at least one unit (the request model says so)
        return {"controlnets": units, **self.default_size(request, first.image.size)}

    def annotator(self, index: int, preprocessor: str, named: str | None) -> str | None:
        """The annotator a depth or pose unit runs: the one named, else the catalog's first of its kind."""
        kind = ANNOTATED_PREPROCESSORS.get(preprocessor)
        where = f"controlnets.{index}.annotator"
        if kind is None:
            if named is not None:
                raise _refuse(where, f"preprocessor '{preprocessor}' runs no annotator; leave annotator out")
            return None
        if named is not None:
            spec = self.catalog.annotators.get(named)
            if spec is None or spec.kind != kind:
                raise _refuse(
                    where, f"no {kind} annotator '{named}'; GET /v1/annotators lists them", "unknown_annotator"
                )
            return spec.id
        found = next((s.id for s in self.catalog.annotators.values() if s.kind == kind), None)
        if found is None:
            raise _refuse(
                f"controlnets.{index}.preprocessor",
                f"preprocessor '{preprocessor}' needs a {kind} annotator and this server has none; an admin adds one "
                f'with POST /v1/annotators {{"id": "...", "kind": "{kind}", "source": "<hub repo or folder>"}} '
                f"({HOW_TO_ANNOTATE[kind]}) or an [[annotators]] catalog entry",
                "annotator_missing",
            )
        return found

    async def upscale(self, request: UpscaleRequest) -> dict[str, Any]:
        if request.scale == 1 and self.spec.engine != UpscalerEngine.name:
            raise _refuse("scale", f"'{self.spec.id}' is a hosted upscaler: scale 1 (faces only) needs a local one")
        decoded = await self.image(request.image, "image")
        w, h = decoded.image.size
        check_upscale("scale", w, h, request.scale, self.spec)
        return {"image": decoded.stored.ref}

    def upscale_option(self, request: DiffusionParams, width: int, height: int) -> dict[str, Any]:
        option = request.upscale
        if option is None:
            return {}
        model_id = option.model or self.catalog.default_upscaler_id
        if model_id is None:
            raise _refuse("upscale.model", "this server has no upscaler in its catalog", "unknown_model")
        upscaler = self.catalog.resolve(model_id)
        if upscaler is None or Task.upscale not in upscaler.tasks:
            raise _refuse("upscale.model", f"'{model_id}' is not an upscaler of this server", "unknown_model")
        check_upscale("upscale.scale", width, height, option.scale, upscaler)
        return {"upscale": option.model_copy(update={"model": model_id})}

    def network_upscalers(self, request: Txt2ImgRequest | Img2ImgRequest) -> dict[str, Any]:
        """A catalog upscaler named by ``hires`` or ``tiled_upscale`` to enlarge with: a local one of this
        server (its engine runs on the same compute thread), recorded by its catalog id."""
        option: HiresOption | TiledUpscaleOption | None
        if isinstance(request, Txt2ImgRequest):
            name, option = "hires", request.hires
        else:
            name, option = "tiled_upscale", request.tiled_upscale
        if option is None or option.network is None:
            return {}
        upscaler = self.catalog.resolve(option.network)
        if upscaler is None or Task.upscale not in upscaler.tasks or upscaler.engine != UpscalerEngine.name:
            local = [
                spec.id for spec in self.catalog if Task.upscale in spec.tasks and spec.engine == UpscalerEngine.name
            ]
            builtin = "latent, latent-bicubic, latent-nearest, " if name == "hires" else ""
            raise _refuse(
                f"{name}.upscaler",
                f"'{option.upscaler}' is not a way to enlarge: use {builtin}lanczos, nearest or a local upscaler of "
                f"this server ({', '.join(local) or 'none'})",
            )
        return {name: option.model_copy(update={"upscaler": upscaler.id})}

    def restore_faces_option(self, request: DiffusionParams | UpscaleRequest) -> dict[str, Any]:
        option = request.restore_faces
        if option is None:
            return {}
        restorers = self.catalog.face_restorers
        if not restorers:
            raise _refuse("restore_faces", f"this server has no face restorer; {HOW_TO_ADD}", "unknown_model")
        model_id = option.model or next(iter(restorers))
        if model_id not in restorers:
            known = ", ".join(restorers)
            raise _refuse("restore_faces.model", f"no face restorer '{model_id}' (this server has: {known})")
        return {"restore_faces": option.model_copy(update={"model": model_id})}


def check_upscale(field_name: str, width: int, height: int, scale: float, spec: ModelSpec) -> None:
    out_w, out_h = max(1, round(width * scale)), max(1, round(height * scale))
    if max(out_w, out_h) > MAX_SIDE:
        largest = MAX_SIDE / max(width, height)
        raise _refuse(
            field_name,
            f"{width}×{height} × {scale:g} would be {out_w}×{out_h}; the limit is {MAX_SIDE} px a side "
            f"(at most × {largest:.3g} for this size)",
            "upscale_too_large",
        )
    if spec.limits.max_pixels and out_w * out_h > spec.limits.max_pixels:
        raise _refuse(
            field_name, f"the result would have more than {spec.limits.max_pixels} pixels", "upscale_too_large"
        )


async def prepare_inputs(
    catalog: Catalog, engines: Mapping[str, Engine], inputs: ImageInputs, spec: ModelSpec, request: AnyRequest
) -> Prepared:
    """Everything about a request's images and image-task options, before the model's defaults apply."""
    check_task(spec, request)
    dedicated = catalog.models.get(spec.inpaint_model) if spec.inpaint_model else None
    if request.task in (Task.inpaint, Task.outpaint) and dedicated is not None and request.task in dedicated.tasks:
        spec = dedicated  # the catalog's dedicated inpainting model of this family
    admission = _Admission(catalog, engines, inputs, spec)
    updates: dict[str, Any] = {"model": spec.id}
    if isinstance(request, DiffusionParams) and request.loras and not engines[spec.engine].supports_loras:
        raise _refuse("loras", f"model '{spec.id}' does not take LoRAs (only local diffusers models do)")
    updates |= await admission.prepare(request)
    if isinstance(request, DiffusionParams):
        width = updates.get("width", request.width) or spec.defaults.width
        height = updates.get("height", request.height) or spec.defaults.height
        updates |= admission.upscale_option(request, width, height)
    if isinstance(request, DiffusionParams | UpscaleRequest):
        updates |= admission.restore_faces_option(request)
    if isinstance(request, Txt2ImgRequest | Img2ImgRequest):
        updates |= admission.network_upscalers(request)
    return Prepared(spec, request.model_copy(update=updates), admission.pending)
