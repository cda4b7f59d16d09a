"""Image inputs, for every dialect: base64 (with or without a ``data:`` prefix), raw bytes from a
multipart upload, an http(s) URL, or ``blob:<sha256>`` of an image stored before.

Everything is checked at admission, so a bad image is a 4xx before any job exists: size caps on
the encoded bytes, the SSRF guard on every connection of a URL fetch (first hop and redirects),
PNG/JPEG/WebP only, a pixel cap read from the header, EXIF orientation applied, modes normalised.
The decoded image is stored as a content-addressed PNG blob and the request keeps only its
``blob:`` reference, so job rows never carry megabytes of base64.

    stored = await svc.image_inputs.admit(upload_bytes, field="image")   # -> StoredImage(ref="blob:…")
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from dataclasses import dataclass

import httpx
from PIL import Image, ImageOps

from imagegate.config import Settings
from imagegate.errors import InvalidRequest
from imagegate.images.decode import decode_image
from imagegate.images.pixels import as_mask, has_alpha, mask_from_alpha
from imagegate.images.refs import digest_of_ref, make_ref
from imagegate.net.guard import UrlPolicy, fetch, guarded_client
from imagegate.storage.blobs import BlobStore, digest_of
from imagegate.storage.encode import encode_image

_DATA_URL = re.compile(r"^data:([^,;]*)((?:;[^,;]*)*),", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IMAGE_TYPES = {"", "image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/webp", "application/octet-stream"}


@dataclass(frozen=True)
class StoredImage:
    """A checked input image: its ``blob:`` reference and what admission learned about it."""

    ref: str
    width: int
    height: int
    mode: str
    data: bytes  # the normalised PNG (or the PNG as sent, when it needed no change)

    @property
    def has_alpha(self) -> bool:
        return self.mode in ("RGBA", "LA")

    @property
    def digest(self) -> str:
        return self.ref.removeprefix("blob:")


@dataclass(frozen=True)
class Decoded:
    stored: StoredImage
    image: Image.Image  # the normalised pixels, for checks such as "is the mask all black"


class ImageInputs:
    """Admission of image inputs. ``admit`` stores the image; ``check`` only decodes (``store`` later),
    so that a request refused by a later check leaves nothing behind."""

    def __init__(
        self,
        blobs: BlobStore,
        *,
        policy: UrlPolicy,
        max_bytes: int,
        max_pixels: int,
        fetch_timeout_s: float,
    ):
        self.blobs = blobs
        self.policy = policy
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.fetch_timeout_s = fetch_timeout_s
        self._client: httpx.AsyncClient | None = None

    @classmethod
    def from_settings(cls, settings: Settings, blobs: BlobStore) -> ImageInputs:
        return cls(
            blobs,
            policy=UrlPolicy.from_entries(settings.url_allowlist),
            max_bytes=settings.image_max_bytes,
            max_pixels=settings.image_max_pixels,
            fetch_timeout_s=settings.image_fetch_timeout_s,
        )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = guarded_client(self.policy, timeout=self.fetch_timeout_s)
        return self._client

    # -- the public entry points ------------------------------------------------------------

    async def admit(self, value: str | bytes, *, field: str) -> StoredImage:
        """Check ``value`` and store it; returns its ``blob:`` reference."""
        decoded = await self.check(value, field=field)
        await self.store(decoded.stored)
        return decoded.stored

    async def admit_mask_from_alpha(self, value: str | bytes, *, field: str) -> StoredImage:
        """Store the transparency of an image as a mask (transparent = repaint): for dialects whose
        masks follow the OpenAI convention rather than imagegate's white = repaint."""
        decoded = await self.check(value, field=field)
        if not has_alpha(decoded.image):
            raise InvalidRequest.for_field(
                field, "the mask has no transparent pixels: nothing would be repainted", code="empty_mask"
            )
        png = encode_image(mask_from_alpha(decoded.image), png_compress_level=1)
        stored = StoredImage(make_ref(digest_of(png)), decoded.image.width, decoded.image.height, "L", png)
        await self.store(stored)
        return stored

    @staticmethod
    def inverted_mask(mask: Decoded) -> Decoded:
        """The mask with repaint and keep swapped (white ↔ black), as a new input to store."""
        inverted = ImageOps.invert(as_mask(mask.image))
        png = encode_image(inverted, png_compress_level=1)
        return Decoded(StoredImage(make_ref(digest_of(png)), inverted.width, inverted.height, "L", png), inverted)

    async def check(self, value: str | bytes, *, field: str) -> Decoded:
        """Fetch or decode ``value`` and check the image, without storing anything yet."""
        data = value if isinstance(value, bytes) else await self._bytes_of(value, field)
        if len(data) > self.max_bytes:
            raise self._too_large(field)
        return await asyncio.to_thread(self._decode, data, field)

    async def store(self, stored: StoredImage) -> None:
        if not await self.blobs.exists(stored.digest):
            await self.blobs.put(stored.data)

    # -- internals ----------------------------------------------------------------------------

    def _too_large(self, field: str) -> InvalidRequest:
        return InvalidRequest.for_field(
            field, f"the image is larger than {self.max_bytes} bytes", code="image_too_large"
        )

    async def _bytes_of(self, value: str, field: str) -> bytes:
        text = value.strip()
        digest = digest_of_ref(text)
        if digest is not None:
            if not await self.blobs.exists(digest):
                raise InvalidRequest.for_field(field, "no stored image has this blob: reference", code="invalid_image")
            return await self.blobs.get(digest)
        scheme = _SCHEME.match(text)
        if scheme is None:  # base64 has no colon: anything with a scheme is some kind of URL
            return self._base64(text, field)
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            body, _ = await fetch(
                self._http(),
                text,
                field_name=field,
                policy=self.policy,
                max_bytes=self.max_bytes,
                timeout=self.fetch_timeout_s,
            )
            return body
        if name == "data":
            return self._data_url(text, field)
        if name == "blob":
            raise InvalidRequest.for_field(field, "a blob: reference is blob:<64 hex digits>", code="invalid_image")
        raise InvalidRequest.for_field(
            field, f"{name}: URLs are not fetched; send an http(s) URL, base64 or a file upload", code="invalid_url"
        )

    def _data_url(self, text: str, field: str) -> bytes:
        match = _DATA_URL.match(text)
        if match is None:
            raise InvalidRequest.for_field(field, "malformed data: URL", code="invalid_image")
        media_type, params = match.group(1).strip().lower(), match.group(2).lower()
        if ";base64" not in params:
            raise InvalidRequest.for_field(
                field, "a data: URL must be base64 (data:image/png;base64,…)", code="invalid_image"
            )
        if media_type not in _IMAGE_TYPES:
            raise InvalidRequest.for_field(
                field,
                f"{media_type} is not supported; send image/png, image/jpeg or image/webp",
                code="unsupported_image",
            )
        return self._base64(text[match.end() :], field)

    def _base64(self, text: str, field: str) -> bytes:
        compact = re.sub(r"\s+", "", text)
        if len(compact) * 3 // 4 > self.max_bytes + 3:
            raise self._too_large(field)
        alphabet = "-_" if ("-" in compact or "_" in compact) else "+/"
        try:
            return base64.b64decode(compact + "=" * (-len(compact) % 4), altchars=alphabet.encode(), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidRequest.for_field(
                field, "not valid base64 (nor an http(s) URL or a data: URL)", code="invalid_base64"
            ) from None

    def _decode(self, data: bytes, field: str) -> Decoded:
        decoded = decode_image(data, field=field, max_pixels=self.max_pixels)
        image = decoded.image
        # A PNG that needed no change is kept byte for byte; anything else is stored as a fast PNG.
        png = data if decoded.format == "PNG" and not decoded.normalised else encode_image(image, png_compress_level=1)
        stored = StoredImage(make_ref(digest_of(png)), image.width, image.height, image.mode, png)
        return Decoded(stored, image)
