"""A fast PNG writer for the images jobs produce (8-bit grey, RGB and RGBA).

Encoding sits on every job's critical path. Pillow chooses a row filter adaptively (it tries all
five on every row; 3.4 ms of a 256 px image's 7 ms went to that alone). This writer applies the
"Sub" filter to the whole image at once with numpy and deflates with zlib's run-length strategy.
Measured on a 256 px output of the tiny test pipeline (noise-like, the worst case): 1.7 ms and
164 kB, where Pillow took 7.6 ms for 149 kB (about as long at the level 4 used before); a flat
256 px image: 0.3 ms (a few kB; Pillow's adaptive filters get it about a third smaller).
Other image modes go through Pillow (``encode_image`` decides).
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Pillow mode → (PNG colour type, bytes per pixel)
_COLOR_TYPES = {"L": (0, 1), "RGB": (2, 3), "RGBA": (6, 4)}
_SUB = 1


def supports(image: Any) -> bool:
    return image.mode in _COLOR_TYPES and image.width > 0 and image.height > 0


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def _itxt(keyword: str, text: str) -> bytes:
    # keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL
    return _chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def encode_png(image: Any, *, text: dict[str, str] | None = None, compress_level: int = 1) -> bytes:
    """PNG bytes of a PIL image in a mode ``supports`` accepts, with ``text`` as iTXt chunks.
    ``compress_level`` 0 stores the pixels uncompressed; any other level deflates run-length."""
    color_type, bpp = _COLOR_TYPES[image.mode]
    width, height = image.width, image.height
    rows = np.asarray(image, dtype=np.uint8).reshape(height, width * bpp)
    filtered = np.empty((height, width * bpp + 1), dtype=np.uint8)
    filtered[:, 0] = _SUB
    filtered[:, 1 : 1 + bpp] = rows[:, :bpp]
    np.subtract(rows[:, bpp:], rows[:, :-bpp], out=filtered[:, 1 + bpp :])  # modulo 256, as PNG wants
    strategy = zlib.Z_RLE if compress_level else zlib.Z_DEFAULT_STRATEGY
    deflate = zlib.compressobj(1 if compress_level else 0, zlib.DEFLATED, 15, 9, strategy)
    idat = deflate.compress(filtered.data) + deflate.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    parts = [_SIGNATURE, _chunk(b"IHDR", header)]
    parts += [_itxt(key, value) for key, value in (text or {}).items()]
    parts += [_chunk(b"IDAT", idat), _chunk(b"IEND", b"")]
    return b"".join(parts)
