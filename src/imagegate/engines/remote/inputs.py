"""Image inputs of edit tasks, as providers need them (PNG bytes).

Admission (``admission/edits.py``) has already decoded, checked and stored every input image; the
job's parameters hold ``blob:<sha256>`` references to those PNGs, which this module reads back. An
engine called directly (tests, scripts) may still pass base64 or an http(s) URL: those go through
the same checks as at admission (``ImageInputs``), URLs through the SSRF guard.
"""

from __future__ import annotations

import asyncio
import base64
import io
from dataclasses import dataclass

from imagegate.config import Settings
from imagegate.domain.requests import InpaintRequest
from imagegate.errors import BlobMissing, InvalidRequest
from imagegate.images.inputs import ImageInputs
from imagegate.images.pixels import mask_from_alpha
from imagegate.images.refs import digest_of_ref
from imagegate.storage.blobs import open_blob_store


@dataclass(frozen=True)
class LoadedImage:
    png: bytes
    width: int
    height: int
    has_alpha: bool = False

    def b64(self) -> str:
        return base64.b64encode(self.png).decode()

    def data_uri(self) -> str:
        return "data:image/png;base64," + self.b64()


def _describe(png: bytes) -> LoadedImage:
    from PIL import Image

    from imagegate.images.pixels import has_alpha

    with Image.open(io.BytesIO(png)) as image:
        return LoadedImage(png, image.width, image.height, has_alpha(image))


async def load_image(value: str | None, *, field_name: str, settings: Settings | None) -> LoadedImage:
    """The PNG bytes of an input image: a stored ``blob:`` reference, or base64 / a URL."""
    if value is None:
        raise InvalidRequest.for_field(field_name, "field required", code="missing_image")
    settings = settings or Settings()
    blobs = open_blob_store(settings)
    digest = digest_of_ref(value)
    if digest is not None:
        try:
            data = await blobs.get(digest)
        except BlobMissing:
            message = f"image {value} is not stored here"
            raise InvalidRequest.for_field(field_name, message, code="invalid_image") from None
        return await asyncio.to_thread(_describe, data)
    inputs = ImageInputs.from_settings(settings, blobs)
    try:
        decoded = await inputs.check(value, field=field_name)
    finally:
        await inputs.close()
    return await asyncio.to_thread(_describe, decoded.stored.data)


async def load_mask(request: InpaintRequest, *, settings: Settings | None) -> LoadedImage:
    """The mask (white = repaint): ``mask_image``, or the transparency of ``init_image`` when the
    request left the mask out (transparent = repaint)."""
    if request.mask_image is not None:
        return await load_image(request.mask_image, field_name="mask_image", settings=settings)
    init = await load_image(request.init_image, field_name="init_image", settings=settings)

    def derive() -> LoadedImage:
        from PIL import Image

        with Image.open(io.BytesIO(init.png)) as image:
            out = io.BytesIO()
            mask_from_alpha(image).save(out, format="PNG")
        return _describe(out.getvalue())

    return await asyncio.to_thread(derive)
