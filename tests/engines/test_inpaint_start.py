"""What an inpainting pipeline call receives for each ``masked_content``: the image it starts from is
pre-filled under the mask, while the result is still pasted back over the untouched original."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imagegate.domain.requests import InpaintRequest
from imagegate.engines.diffusers.tasks import build_call
from imagegate.storage.blobs import LocalBlobStore


def _ref(blobs: LocalBlobStore, image: Image.Image) -> str:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return f"blob:{blobs.put_sync(out.getvalue())}"


@pytest.mark.parametrize("content", ["original", "fill", "latent_noise", "latent_nothing"])
def test_the_pipeline_starts_from_the_masked_content(tmp_path: Path, content: str) -> None:
    blobs = LocalBlobStore(tmp_path)
    image = Image.new("RGB", (64, 64), (200, 40, 40))
    image.paste((20, 20, 220), (24, 24, 40, 40))
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (20, 20, 44, 44))
    request = InpaintRequest.model_validate(
        {
            "task": "inpaint",
            "init_image": _ref(blobs, image),
            "mask_image": _ref(blobs, mask),
            "width": 64,
            "height": 64,
            "mask_blur": 0,
            "masked_content": content,
        }
    )
    call = build_call(request, blobs, adapter=None, seed=5)  # type: ignore[arg-type]  # only ControlNet uses it
    start = np.asarray(call.kwargs["image"], dtype=int)
    centre = start[28:36, 28:36]
    expected = {"original": (20, 20, 220), "fill": (200, 40, 40), "latent_nothing": (128, 128, 128)}
    if content in expected:
        assert np.abs(centre - expected[content]).max() <= 12, centre[0, 0]
    else:
        assert centre.std() > 60
    assert np.array_equal(start[:16], np.asarray(image, dtype=int)[:16])  # outside the mask: the image
    painted = call.finish([Image.new("RGB", (64, 64), (0, 255, 0))])[0]
    assert painted.getpixel((2, 2)) == (200, 40, 40) and painted.getpixel((32, 32)) == (0, 255, 0)
