"""Encoding generated images, with the parameters that made them inside the file.

PNGs carry two text chunks: ``parameters`` in the AUTOMATIC1111 "infotext" layout that the image
tools of this field read, and ``imagegate`` with the full request as JSON.
"""

from __future__ import annotations

import io
import json
import zlib
from typing import Any

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from imagegate.storage import png

CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def infotext(
    params: dict[str, Any],
    *,
    seed: int | None,
    model: str,
    scheduler: str | None,
    size: tuple[int, int] | None = None,
) -> str:
    """A1111's infotext: the prompt, the negative prompt, then ``Name: value`` pairs of what is known
    (an upscale has no steps, seed or requested size: ``size`` is then the image's own)."""
    width, height = size or (params.get("width"), params.get("height"))
    lines = [str(params.get("prompt", ""))]
    if params.get("negative_prompt"):
        lines.append(f"Negative prompt: {params['negative_prompt']}")
    fields = [
        ("Steps", params.get("num_inference_steps")),
        ("Sampler", scheduler),
        ("CFG scale", params.get("guidance_scale")),
        ("Seed", seed),
        ("Size", f"{width}x{height}" if width and height else None),
        ("Model", model),
    ]
    lines.append(", ".join(f"{k}: {v}" for k, v in fields if v is not None))
    return "\n".join(lines)


def encode_image(
    image: Image.Image,
    *,
    fmt: str = "png",
    text: dict[str, str] | None = None,
    quality: int | None = None,
    png_compress_level: int = 4,
) -> bytes:
    """Encode to PNG (with text chunks), JPEG or WebP. PNGs of 8-bit grey, RGB and RGBA images go
    through the fast writer in ``storage.png`` (encoding sits on every job's critical path; bytes
    on disk are cheap); other modes through Pillow, with zlib's run-length strategy."""
    buffer = io.BytesIO()
    if fmt == "png":
        if png.supports(image):
            return png.encode_png(image, text=text, compress_level=png_compress_level)
        info = PngInfo()
        for key, value in (text or {}).items():
            info.add_itxt(key, value)
        image.save(buffer, format="PNG", pnginfo=info, compress_level=png_compress_level, compress_type=zlib.Z_RLE)
    elif fmt in ("jpeg", "webp"):
        rgb = image.convert("RGB") if fmt == "jpeg" else image
        rgb.save(buffer, format=fmt.upper(), quality=quality or 90)
    else:
        raise ValueError(f"unsupported format {fmt}")
    return buffer.getvalue()


def metadata_text(
    params: dict[str, Any], *, seed: int | None, model: str, info: dict[str, Any], size: tuple[int, int] | None = None
) -> dict[str, str]:
    scheduler = info.get("scheduler")
    full = {**params, "seed": seed, "model": model, "scheduler_used": scheduler}
    return {
        "parameters": infotext(params, seed=seed, model=model, scheduler=scheduler, size=size),
        "imagegate": json.dumps(full, sort_keys=True, separators=(",", ":")),
    }
