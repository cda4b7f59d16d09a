"""Images that come back from providers: bytes, base64 or data: URIs, decoded off the event loop."""

from __future__ import annotations

import asyncio
import base64
import binascii
import io
from typing import Any

from imagegate.errors import ProviderError


def _open(data: bytes) -> Any:
    from PIL import Image

    image: Any = Image.open(io.BytesIO(data))
    image.load()
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    return image


async def decode(data: bytes, *, provider: str) -> Any:
    """A PIL image from encoded bytes; a provider that sends something else is a provider failure."""
    try:
        return await asyncio.to_thread(_open, data)
    except Exception as exc:  # Pillow raises several kinds for undecodable input
        raise ProviderError(
            f"{provider} returned data that is not an image ({len(data)} bytes: {type(exc).__name__})",
            provider=provider,
            code="provider_bad_response",
        ) from None


def b64decode(value: str, *, provider: str) -> bytes:
    if value.startswith("data:"):
        value = value.partition(",")[2]
    try:
        return base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError):
        raise ProviderError(
            f"{provider} returned invalid base64 image data", provider=provider, code="provider_bad_response"
        ) from None


def blank(width: int, height: int) -> Any:
    """Stands in for an output the provider withheld for moderation (flagged as NSFW), the way
    diffusers' safety checker returns a black image in place of a flagged one."""
    from PIL import Image

    return Image.new("RGB", (max(1, width), max(1, height)))
