"""Deterministic test pictures: a synthetic scene with gradients, hard-edged shapes and fine detail,
so upscalers and editing tasks have something natural-looking to work on (offline, no assets)."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def scene(width: int, height: int, *, seed: int = 0) -> Image.Image:
    rng = np.random.RandomState(seed)
    yy, xx = np.mgrid[0:height, 0:width] / max(width, height)
    base = np.stack(
        [0.5 + 0.4 * np.sin(6 * xx + 1), 0.5 + 0.4 * np.cos(5 * yy), 0.5 + 0.3 * np.sin(4 * (xx + yy))], axis=-1
    )
    image = Image.fromarray((base * 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(max(8, width * height // 4000)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(2, max(3, min(width, height) // 8))
        colour = tuple(int(c) for c in rng.randint(0, 255, 3))
        if rng.rand() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r, x + r, y + r), fill=colour)
    return image.filter(ImageFilter.GaussianBlur(0.7))


def png_bytes(image: Image.Image, **save_kwargs: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **save_kwargs)
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str = "PNG", **save_kwargs: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


def b64(data: bytes, *, data_url: str | None = None) -> str:
    text = base64.b64encode(data).decode()
    return f"data:{data_url};base64,{text}" if data_url else text


def decode_png(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header for a huge image whose data is one tiny compressed row: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )
