"""Sizes, masks, paste-back and outpaint canvases."""

from __future__ import annotations

import typing

import numpy as np
from PIL import Image

from imagegate.domain.adapters import ANNOTATED_PREPROCESSORS
from imagegate.domain.requests import Preprocessor
from imagegate.images.canvas import (
    Margins,
    canvas_for_ratio,
    fit_size,
    margins_for_canvas,
    outpaint_canvas,
    round_margins_up,
)
from imagegate.images.pixels import as_mask, as_rgb, inside_feather, mask_from_alpha, paste_back
from imagegate.images.preprocess import PREPROCESSORS, PreprocessParams, preprocess
from tests.support.images import scene


def test_fit_size_keeps_the_aspect_and_never_enlarges() -> None:
    assert fit_size(1920, 1080, max_width=1024, max_height=1024, max_pixels=None, multiple=8) == (1024, 576)
    assert fit_size(100, 60, max_width=1024, max_height=1024, max_pixels=None, multiple=8) == (96, 64)
    w, h = fit_size(4000, 3000, max_width=2048, max_height=2048, max_pixels=1 << 20, multiple=16)
    assert w * h <= 1 << 20 and w % 16 == 0 and h % 16 == 0 and abs(w / h - 4 / 3) < 0.05


def test_outpaint_geometry() -> None:
    assert canvas_for_ratio(64, 64, (16, 9)) == (114, 64)
    assert canvas_for_ratio(64, 64, (9, 16)) == (64, 114)
    assert margins_for_canvas(64, 64, 112, 80, "center") == Margins(24, 24, 8, 8)
    assert margins_for_canvas(64, 64, 112, 80, "top_left") == Margins(0, 48, 0, 16)
    assert margins_for_canvas(64, 64, 112, 80, "bottom_right") == Margins(48, 0, 16, 0)
    # Rounded up to the multiple on the sides that are extended; right/bottom otherwise.
    assert round_margins_up(Margins(5, 0, 0, 0), 64, 64, 8, "center") == Margins(8, 0, 0, 0)
    assert round_margins_up(Margins(0, 0, 0, 0), 60, 64, 8, "center") == Margins(0, 4, 0, 0)
    rounded = round_margins_up(Margins(25, 25, 0, 0), 64, 64, 16, "center")
    assert sum(rounded.canvas(64, 64)) % 16 == 0 and rounded.left >= 25 and rounded.right >= 25


def test_inside_feather_is_zero_outside_the_mask() -> None:
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (16, 16, 48, 48))
    alpha = inside_feather(mask, 8)
    outside = np.asarray(mask) == 0
    assert (alpha[outside] == 0).all()
    assert alpha[32, 32] == 1.0 and 0 < alpha[16, 32] < 0.5 < alpha[20, 32]  # full weight inside, fading in


def test_paste_back_keeps_unmasked_pixels_exactly() -> None:
    original, generated = scene(64, 64, seed=1), scene(64, 64, seed=2)
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (0, 0, 20, 64))
    result = np.asarray(paste_back(original, generated, inside_feather(mask, 4)))
    assert (result[:, 20:] == np.asarray(original)[:, 20:]).all()
    assert (result[:, :12] == np.asarray(generated)[:, :12]).all()


def test_outpaint_canvas() -> None:
    image = scene(64, 48)
    margins = Margins(left=32, right=0, top=8, bottom=16)
    canvas = outpaint_canvas(image, margins, mask_blur=4)
    assert canvas.image.size == canvas.mask.size == (96, 72) and canvas.alpha.shape == (72, 96)
    inside = np.asarray(canvas.original)[8:56, 32:96]
    assert (inside == np.asarray(image)).all()
    assert (canvas.alpha[:, :32] == 1).all()  # the new area is painted entirely
    assert (canvas.alpha[8 + 8 : 56 - 8, 32 + 8 :] == 0).all()  # the original beyond the seam band is kept
    assert (np.asarray(canvas.mask)[:, :32] == 255).all()
    hard = outpaint_canvas(image, margins, mask_blur=0)
    assert (hard.alpha[8:56, 32:] == 0).all() and (hard.alpha[:8] == 1).all()


def test_alpha_rules() -> None:
    rgba = Image.new("RGBA", (4, 4), (10, 20, 30, 0))
    rgba.putpixel((0, 0), (10, 20, 30, 255))
    assert as_rgb(rgba).getpixel((1, 1)) == (255, 255, 255)  # transparent over white
    assert as_rgb(rgba).getpixel((0, 0)) == (10, 20, 30)
    assert as_mask(rgba).getpixel((1, 1)) == 0  # a transparent mask pixel keeps
    assert mask_from_alpha(rgba).getpixel((1, 1)) == 255  # ...but as the mask itself, it repaints
    assert mask_from_alpha(rgba).getpixel((0, 0)) == 0


def test_preprocessor_table_matches_the_request_model() -> None:
    # depth and openpose run an annotator model instead (engines/diffusers/annotators.py)
    assert set(PREPROCESSORS) | set(ANNOTATED_PREPROCESSORS) == set(typing.get_args(Preprocessor))


def test_canny_and_invert() -> None:
    image = Image.new("RGB", (64, 64), (0, 0, 0))
    image.paste((255, 255, 255), (16, 16, 48, 48))
    edges = np.asarray(preprocess("canny", image, PreprocessParams()))
    assert edges.shape == (64, 64, 3) and set(np.unique(edges)) == {0, 255}
    assert edges[32, 32].max() == 0 and edges[14:18, 20:44].max() == 255  # edges on the border only
    inverted = np.asarray(preprocess("invert", image, PreprocessParams()))
    assert inverted[0, 0].tolist() == [255, 255, 255] and inverted[32, 32].tolist() == [0, 0, 0]


def test_what_the_masked_area_starts_from() -> None:
    """A1111's "masked content": only the masked pixels change, each way as documented."""
    from imagegate.images.canvas import prefill_masked

    image = Image.new("RGB", (64, 64), (200, 40, 40))
    image.paste((20, 20, 220), (24, 24, 40, 40))  # old content in the middle …
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (20, 20, 44, 44))  # … covered by the mask
    inside, outside = np.asarray(mask) > 0, np.asarray(mask) == 0
    original = np.asarray(image, dtype=int)
    assert prefill_masked(image, mask, "original", 0) is image
    for content in ("fill", "latent_noise", "latent_nothing"):
        out = np.asarray(prefill_masked(image, mask, content, 7), dtype=int)  # type: ignore[arg-type]
        assert np.array_equal(out[outside], original[outside]), content
    fill = np.asarray(prefill_masked(image, mask, "fill", 0), dtype=int)
    assert np.abs(fill[inside] - (200, 40, 40)).max() < 12  # the surroundings flowed in, the blue is gone
    grey = np.asarray(prefill_masked(image, mask, "latent_nothing", 0), dtype=int)
    assert set(np.unique(grey[inside])) <= {127, 128}
    noise = np.asarray(prefill_masked(image, mask, "latent_noise", 7), dtype=int)
    assert noise[inside].std() > 60  # uniform random colours
    assert np.array_equal(noise, np.asarray(prefill_masked(image, mask, "latent_noise", 7), dtype=int))  # seeded
    assert not np.array_equal(noise, np.asarray(prefill_masked(image, mask, "latent_noise", 8), dtype=int))
