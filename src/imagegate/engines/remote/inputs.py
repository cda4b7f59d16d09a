"""Image inputs of edit tasks, as providers need them (PNG bytes).

Interim: the request classes carry an image as base64 (optionally a data: URI) or an http(s) URL.
Issue 4 is building the shared image-input module that stores every input as a blob reference in
the job's params; when it lands, ``load_image`` reads that reference instead and this decoding goes.
URLs are fetched through the SSRF guard, like every user-supplied address.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import io
from dataclasses import dataclass
from typing import Any

from imagegate.errors import InvalidRequest
from imagegate.net.guard import UrlPolicy, fetch, guarded_client

MAX_INPUT_BYTES = 20 << 20


@dataclass(frozen=True)
class LoadedImage:
    png: bytes
    width: int
    height: int

    def b64(self) -> str:
        return base64.b64encode(self.png).decode()

    def data_uri(self) -> str:
        return "data:image/png;base64," + self.b64()


def _normalize(data: bytes, field_name: str) -> LoadedImage:
    from PIL import Image

    try:
        image: Any = Image.open(io.BytesIO(data))
        image.load()
    except Exception:
        raise InvalidRequest.for_field(field_name, "not a decodable image", code="invalid_image") from None
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return LoadedImage(out.getvalue(), image.width, image.height)


async def load_image(value: str, *, field_name: str) -> LoadedImage:
    if value.startswith(("http://", "https://")):
        policy = UrlPolicy()
        async with guarded_client(policy) as client:
            data, _ = await fetch(client, value, field_name=field_name, policy=policy, max_bytes=MAX_INPUT_BYTES)
    else:
        encoded = value.partition(",")[2] if value.startswith("data:") else value
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidRequest.for_field(
                field_name, "must be base64 image data or an http(s) URL", code="invalid_image"
            ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise InvalidRequest.for_field(field_name, f"larger than {MAX_INPUT_BYTES} bytes", code="invalid_image")
    return await asyncio.to_thread(_normalize, data, field_name)
