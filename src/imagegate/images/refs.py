"""``blob:<sha256>`` references to stored input images, as job parameters hold them."""

from __future__ import annotations

import io
import re

from PIL import Image

from imagegate.storage.blobs import BlobStore

PREFIX = "blob:"
_REF = re.compile(r"^blob:([0-9a-f]{64})$")


def make_ref(digest: str) -> str:
    return PREFIX + digest


def digest_of_ref(value: str) -> str | None:
    """The digest of a ``blob:`` reference, or None if ``value`` is not one."""
    match = _REF.match(value)
    return match.group(1) if match else None


def open_ref(blobs: BlobStore, ref: str) -> Image.Image:
    """Load a stored input image (checked and normalised at admission) for an engine."""
    digest = digest_of_ref(ref)
    if digest is None:
        raise ValueError(f"not an image reference: {ref[:80]!r}")
    path = blobs.local_path(digest)
    # A local file is opened in place; a remote store's bytes are fetched (this runs on a worker thread).
    with Image.open(path if path is not None else io.BytesIO(blobs.get_sync(digest))) as image:
        image.load()
        return image
