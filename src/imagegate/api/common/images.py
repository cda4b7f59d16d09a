"""Client image bytes as the dialects receive them (multipart uploads, OpenAI alpha masks, A1111
base64) → domain image inputs. Decoding, size and pixel checks and storage happen once, at admission
(``admission/image_inputs.py``), for every dialect alike."""

from __future__ import annotations

import base64
import io

from imagegate.errors import InvalidRequest
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


def alpha_mask_to_repaint_mask(data: bytes, field: str = "mask") -> bytes:
    """OpenAI masks mark the area to edit with transparent pixels; the domain repaints white pixels.

    Returns a PNG that is white where the OpenAI mask is (mostly) transparent and black elsewhere."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            has_alpha = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
            if not has_alpha:
                raise InvalidRequest.for_field(
                    field, "must be a PNG with an alpha channel: transparent pixels mark the area to edit"
                )
            repaint = mask_from_alpha(img).point(lambda v: 255 if v > 127 else 0)  # transparent → white
    except (UnidentifiedImageError, OSError):
        raise InvalidRequest.for_field(field, "is not a readable PNG image", code="unsupported_image") from None
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
