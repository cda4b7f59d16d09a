"""Client image bytes as the dialects receive them (multipart uploads, OpenAI alpha masks, A1111
base64) → domain image inputs. Decoding, size and pixel checks and storage happen once, at admission
(``admission/image_inputs.py``), for every dialect alike."""

from __future__ import annotations

import base64
import io

from imagegate.errors import InvalidRequest
from imagegate.images.decode import decode_image
from imagegate.images.pixels import mask_from_alpha

_SNIFF = {b"\x89PNG": "image/png", b"\xff\xd8": "image/jpeg", b"RIFF": "image/webp", b"GIF8": "image/gif"}


def sniff_type(data: bytes) -> str | None:
    for magic, content_type in _SNIFF.items():
        if data.startswith(magic):
            return content_type
    return None


def upload_to_input(data: bytes, field: str) -> str:
    """Uploaded bytes → an image input the domain accepts (a base64 data URL)."""
    if not data:
        raise InvalidRequest.for_field(field, "the uploaded file is empty")
    content_type = sniff_type(data)
    if content_type not in ("image/png", "image/jpeg", "image/webp"):
        raise InvalidRequest.for_field(field, "must be a PNG, JPEG or WebP image", code="unsupported_image")
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def alpha_mask_to_repaint_mask(data: bytes, *, max_pixels: int, field: str = "mask") -> bytes:
    """OpenAI masks mark the area to edit with transparent pixels; the domain repaints white pixels.

    Returns a PNG that is white where the OpenAI mask is (mostly) transparent and black elsewhere.
    Decoded by the one guarded decoder (a bomb or a corrupt file is a 400 naming ``field``), which
    keeps an alpha channel only when some pixel is transparent — so an opaque mask marks nothing."""
    decoded = decode_image(data, field=field, max_pixels=max_pixels)
    if decoded.image.mode != "RGBA":
        raise InvalidRequest.for_field(
            field, "must be a PNG with an alpha channel: transparent pixels mark the area to edit"
        )
    repaint = mask_from_alpha(decoded.image).point(lambda v: 255 if v > 127 else 0)  # transparent → white
    out = io.BytesIO()
    repaint.save(out, format="PNG")
    return out.getvalue()


def decode_base64_image(text: str, field: str) -> bytes:
    """Base64 image text (a data: URL prefix is fine) → bytes."""
    body = text.strip()
    if body.startswith("data:"):
        body = body.split(",", 1)[1] if "," in body else ""
    try:
        data = base64.b64decode(body, validate=True)
    except ValueError:
        raise InvalidRequest.for_field(field, "is not valid base64") from None
    if sniff_type(data) is None:
        raise InvalidRequest.for_field(field, "is not a PNG, JPEG or WebP image", code="unsupported_image")
    return data
