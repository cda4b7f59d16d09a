"""What each task adds to a pipeline call, and what it does to the pipeline's output.

Input images arrive as ``blob:`` references, checked at admission. Every image is brought to the
job's exact width × height before the call, so the pipeline never resizes on its own. Inpainting
and outpainting paste the result back over the input through soft masks, so pixels outside the
mask come back unchanged whatever the pipeline's own blending does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from imagegate.domain.adapters import ANNOTATED_PREPROCESSORS
from imagegate.domain.requests import (
    AnyRequest,
    ControlNetRequest,
    DiffusionParams,
    Img2ImgRequest,
    InpaintRequest,
    OutpaintRequest,
    VariationRequest,
)
from imagegate.engines.diffusers import tiled
from imagegate.engines.diffusers.families import FamilyAdapter
from imagegate.images.canvas import Margins, outpaint_canvas, prefill_masked
from imagegate.images.pixels import as_mask, as_rgb, inside_feather, mask_from_alpha, paste_back, resize
from imagegate.images.preprocess import PreprocessParams, preprocess
from imagegate.images.refs import open_ref
from imagegate.storage.blobs import BlobStore


def _keep(images: list[Image.Image]) -> list[Image.Image]:
    return images


@dataclass
class TaskCall:
    """The image arguments of one pipeline call and how to finish its output."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    finish: Callable[[list[Image.Image]], list[Image.Image]] = _keep
    control_maps: list[Image.Image] = field(default_factory=list)
    controlnet_ids: list[str] = field(default_factory=list)


def _size(request: DiffusionParams) -> tuple[int, int]:
    assert request.width is not None and request.height is not None  # filled at admission
    return request.width, request.height


# An annotator's control map of an image, by the annotator's catalog id.
Annotate = Callable[[str, Image.Image], Image.Image]


def build_call(
    request: AnyRequest,
    blobs: BlobStore,
    adapter: FamilyAdapter,
    seed: int = 0,
    network: Callable[[str, Image.Image, tuple[int, int]], Image.Image] | None = None,
    annotate: Annotate | None = None,
) -> TaskCall:
    """The task-specific part of the pipeline call for ``request`` (``seed``: the job's; ``network``
    enlarges with a catalog upscaler; ``annotate`` runs the annotator of a depth or pose unit)."""
    if isinstance(request, Img2ImgRequest) and request.tiled_upscale is not None:
        # Enlarged whole; the engine cuts it into tiles of width×height (tiled.py).
        init = tiled.enlarge(as_rgb(open_ref(blobs, request.init_image)), request.tiled_upscale, network)
        return TaskCall(kwargs={"image": init, "strength": request.strength})
    if isinstance(request, Img2ImgRequest | VariationRequest):
        init = resize(as_rgb(open_ref(blobs, request.init_image)), _size(request))
        return TaskCall(kwargs={"image": init, "strength": request.strength})
    if isinstance(request, InpaintRequest):
        return _inpaint(request, blobs, seed)
    if isinstance(request, OutpaintRequest):
        return _outpaint(request, blobs)
    if isinstance(request, ControlNetRequest):
        return _controlnet(request, blobs, adapter, annotate)
    return TaskCall()


def _inpaint(request: InpaintRequest, blobs: BlobStore, seed: int) -> TaskCall:
    size = _size(request)
    source = open_ref(blobs, request.init_image)
    mask = as_mask(open_ref(blobs, request.mask_image)) if request.mask_image else mask_from_alpha(source)
    init, mask = resize(as_rgb(source), size), resize(mask, size)
    alpha = inside_feather(mask, request.mask_blur)

    def finish(images: list[Image.Image]) -> list[Image.Image]:
        return [paste_back(init, image, alpha) for image in images]

    start = prefill_masked(init, mask, request.masked_content, seed)
    kwargs: dict[str, Any] = {"image": start, "mask_image": mask, "strength": request.strength}
    if request.padding_mask_crop is not None:
        kwargs["padding_mask_crop"] = request.padding_mask_crop  # every family's inpaint pipeline takes it
    return TaskCall(kwargs=kwargs, finish=finish)


def _outpaint(request: OutpaintRequest, blobs: BlobStore) -> TaskCall:
    source = open_ref(blobs, request.init_image)
    margins = Margins(request.left, request.right, request.top, request.bottom)
    canvas = outpaint_canvas(source, margins, request.mask_blur)
    if canvas.image.size != _size(request):
        raise ValueError(f"outpaint canvas {canvas.image.size} does not match the job size {_size(request)}")

    def finish(images: list[Image.Image]) -> list[Image.Image]:
        return [paste_back(canvas.original, image, canvas.alpha) for image in images]

    kwargs = {"image": canvas.image, "mask_image": canvas.mask, "strength": request.strength}
    return TaskCall(kwargs=kwargs, finish=finish)


def _controlnet(
    request: ControlNetRequest, blobs: BlobStore, adapter: FamilyAdapter, annotate: Annotate | None
) -> TaskCall:
    size = _size(request)
    maps = []
    for unit in request.controlnets:
        image = resize(as_rgb(open_ref(blobs, unit.control_image)), size)
        if unit.preprocessor in ANNOTATED_PREPROCESSORS:
            if unit.annotator is None or annotate is None:  # admission names the annotator
                raise ValueError(f"preprocessor '{unit.preprocessor}' needs an annotator, and none was chosen")
            maps.append(annotate(unit.annotator, image))
            continue
        params = PreprocessParams(low_threshold=unit.low_threshold, high_threshold=unit.high_threshold)
        maps.append(preprocess(unit.preprocessor or "none", image, params))
    units = request.controlnets
    single = len(units) == 1

    def each(values: list[Any]) -> Any:
        return values[0] if single else values

    kwargs = {
        adapter.control_image_argument: each(maps),
        "controlnet_conditioning_scale": each([u.controlnet_conditioning_scale for u in units]),
        "control_guidance_start": each([u.control_guidance_start for u in units]),
        "control_guidance_end": each([u.control_guidance_end for u in units]),
    }
    return TaskCall(
        kwargs=kwargs,
        control_maps=maps if request.return_control_image else [],
        controlnet_ids=[u.controlnet_model for u in units],
    )


_ACCEPTED: dict[type, frozenset[str]] = {}


def accepts(pipe: Any, name: str) -> bool:
    """Whether the pipeline's ``__call__`` takes ``name`` (SD image-to-image takes no width/height)."""
    cls = type(pipe)
    if cls not in _ACCEPTED:
        import inspect

        _ACCEPTED[cls] = frozenset(inspect.signature(cls.__call__).parameters)
    return name in _ACCEPTED[cls]
