"""Score tiny-shapes images with plain image analysis — the model's held-out evaluation.

API (pure numpy/PIL; only the command line imports torch/diffusers):

* ``classify(image) -> Classified`` — background colour, shape colour, shape type, size and position
  of a 64×64 RGB ``PIL.Image`` (other sizes are resized to 64×64 first). Shape fields are None when
  no shape is found.
* ``heldout_prompts() -> list[PromptSpec]`` — 120 deterministic held-out prompts with their expected
  attributes and a fixed seed each. Their (shape, colour, background) triples are never rendered for
  training and their phrasings never appear in training captions. Generate each with
  ``generator=torch.Generator("cpu").manual_seed(spec.seed)`` and the model's default parameters
  (``models/tiny-shapes/imagegate.json``) to reproduce the model card's numbers.
* ``score(pairs) -> dict`` — accuracy of a list of ``(PromptSpec, PIL.Image)`` pairs, as fractions:
  ``background``, ``colour``, ``shape``, ``all3`` (all three right) over all prompts; ``size`` and
  ``position`` over the prompts that ask for one (NaN if none); counts ``n``, ``n_size``,
  ``n_position``.
* ``format_table(result, label) -> str`` — the scores as a Markdown table.

Command line (scores a pipeline folder with plain ``StableDiffusionPipeline.from_pretrained``, fixed
seeds, the folder's imagegate.json defaults unless overridden; prints the table and the median
pipeline time per image)::

    python -m training.tiny_shapes.evaluate models/tiny-shapes [--steps N] [--guidance G]
        [--scheduler CLASS] [--scheduler-config JSON] [--seed-offset K] [--threads T] [--limit N]
        [--batch B] [--grid out.png] [--json]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from PIL import Image

from .captions import EVAL_TEMPLATES, eval_prompt
from .scenes import COLOURS, IMAGE_SIZE, PALETTE, POSITIONS, SHAPES, heldout_triples

__all__ = ["Classified", "PromptSpec", "classify", "format_table", "heldout_prompts", "score"]

_PALETTE = np.array([PALETTE[c] for c in COLOURS], dtype=np.float32)
_LARGE_MIN_SIDE = 26  # small shapes are 14–20 px, large 32–40 px
_POSITION_TOLERANCE = 5.0  # px from the centre line that still counts as centred


@dataclass(frozen=True)
class PromptSpec:
    """A prompt, what it asks for, and the seed to generate it with."""

    prompt: str
    shape: str
    colour: str
    background: str
    size: str | None = None  # None: the prompt names no size (the model draws "large")
    position: str | None = None  # None: the prompt names no position (the model draws "center")
    seed: int = 0


class Classified(NamedTuple):
    background: str
    colour: str | None  # None when no shape was found
    shape: str | None
    size: str | None
    position: str | None


def nearest_colour(rgb: np.ndarray) -> str:
    return COLOURS[int(np.argmin(((_PALETTE - rgb) ** 2).sum(axis=-1)))]


def _largest_component(mask: np.ndarray) -> np.ndarray:
    """Largest 4-connected component of a boolean mask (an iterative flood fill; 64×64 is tiny)."""
    labels = np.zeros(mask.shape, dtype=np.int32)
    best, best_size, label = 0, 0, 0
    h, w = mask.shape
    for y0, x0 in zip(*np.nonzero(mask), strict=True):
        if labels[y0, x0]:
            continue
        label += 1
        labels[y0, x0] = label
        stack, size = [(y0, x0)], 0
        while stack:
            y, x = stack.pop()
            size += 1
            for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                if 0 <= ny < h and 0 <= nx < w and mask[ny, nx] and not labels[ny, nx]:
                    labels[ny, nx] = label
                    stack.append((ny, nx))
        if size > best_size:
            best, best_size = label, size
    return labels == best if best else np.zeros_like(mask)


def classify(image: Image.Image) -> Classified:
    """Classify one generated image (see the module docstring)."""
    img = image.convert("RGB")
    if img.size != (IMAGE_SIZE, IMAGE_SIZE):
        img = img.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BILINEAR)
    a = np.asarray(img, dtype=np.float32)
    border = np.concatenate(
        [a[:2].reshape(-1, 3), a[-2:].reshape(-1, 3), a[:, :2].reshape(-1, 3), a[:, -2:].reshape(-1, 3)]
    )
    votes = Counter(nearest_colour(p) for p in border)
    background = votes.most_common(1)[0][0]
    bg_rgb = np.median(border[[nearest_colour(p) == background for p in border]], axis=0)

    dist = np.sqrt(((a - bg_rgb) ** 2).sum(axis=-1))
    blob = _largest_component(dist > 60)
    if blob.sum() < 12:
        return Classified(background, None, None, None, None)
    # The shape's colour is read from the pixels farthest from the background (its core), which
    # are not mixed with the background by anti-aliasing or blur.
    core = blob & (dist >= np.percentile(dist[blob], 50))
    fg_rgb = np.median(a[core], axis=0)
    colour = nearest_colour(fg_rgb)
    # Segment at the midpoint between the two colours, so a blurred edge splits evenly both ways.
    axis = fg_rgb - bg_rgb
    t = ((a - bg_rgb) @ axis) / max(float(axis @ axis), 1e-6)
    mask = _largest_component(t > 0.5)
    if mask.sum() < 12:
        return Classified(background, colour, None, None, None)
    # Soft coverage (0..1 per pixel) near the blob measures area and extent to a fraction of a pixel,
    # so anti-aliased edges of a small square do not make it look like a circle.
    near = _dilate(_dilate(mask))
    soft = np.where(near, np.clip(t, 0.0, 1.0), 0.0)
    cols, rows = soft.max(axis=0), soft.max(axis=1)
    w, h = float(cols.sum()), float(rows.sum())
    area = float(soft.sum())
    yy = np.mgrid[0:IMAGE_SIZE, 0:IMAGE_SIZE][0]
    cy = float((soft * yy).sum() / area) + 0.5
    top = float(np.nonzero(rows > 0.5)[0].min()) - (1 - rows[rows > 0.5][0])
    box_cx = float((cols * (np.arange(IMAGE_SIZE) + 0.5)).sum() / w)
    box_cy = top + h / 2
    return Classified(
        background, colour, _shape(area / (w * h), (cy - top) / h), _size(h, w), _position(box_cx, box_cy)
    )


def _dilate(mask: np.ndarray) -> np.ndarray:
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


def _shape(fill: float, drop: float) -> str:
    """Circle, square or (upward) triangle from two blur-robust features of the shape's extent.

    fill = area / (width × height): square 1.0, circle 0.785, triangle 0.5; drop = height of the
    centroid in the box: 0.5 for circle and square, 0.667 for a triangle pointing up.
    """
    if fill < 0.64 or (drop > 0.59 and fill < 0.8):
        return "triangle"
    return "square" if fill > 0.89 else "circle"


def _size(h: float, w: float) -> str:
    return "large" if max(h, w) >= _LARGE_MIN_SIDE else "small"


def _position(cx: float, cy: float) -> str:
    c = IMAGE_SIZE / 2
    horiz = "left" if cx < c - _POSITION_TOLERANCE else "right" if cx > c + _POSITION_TOLERANCE else ""
    vert = "top" if cy < c - _POSITION_TOLERANCE else "bottom" if cy > c + _POSITION_TOLERANCE else ""
    return f"{vert} {horiz}".strip() or "center"


def heldout_prompts() -> list[PromptSpec]:
    """120 held-out prompts: 5 per held-out triple, cycling the held-out phrasings.

    Per triple: three prompts name only colours and shape, one names a size (small or large,
    alternating) and one a position (cycling the eight off-centre positions).
    """
    specs = []
    n = 0
    for shape, colour, background in sorted(heldout_triples(), key=lambda t: (SHAPES.index(t[0]), t[1])):
        for j in range(5):
            size = ("small", "large")[n % 2] if j == 3 else None
            position = POSITIONS[1 + n % 8] if j == 4 else None
            template = EVAL_TEMPLATES[n % len(EVAL_TEMPLATES)]
            prompt = eval_prompt(template, shape, colour, background, size, position)
            specs.append(PromptSpec(prompt, shape, colour, background, size, position, seed=1000 + n))
            n += 1
    return specs


def score(pairs: list[tuple[PromptSpec, Image.Image]]) -> dict[str, float]:
    """Accuracies (fractions) of `pairs`; see the module docstring for the keys."""
    hits: Counter[str] = Counter()
    n_size = n_pos = 0
    for spec, image in pairs:
        got = classify(image)
        ok = {
            "background": got.background == spec.background,
            "colour": got.colour == spec.colour,
            "shape": got.shape == spec.shape,
        }
        hits.update(k for k, v in ok.items() if v)
        hits["all3"] += all(ok.values())
        if spec.size:
            n_size += 1
            hits["size"] += got.size == spec.size
        if spec.position:
            n_pos += 1
            hits["position"] += got.position == spec.position
    n = max(len(pairs), 1)
    result = {k: hits[k] / n for k in ("background", "colour", "shape", "all3")}
    result["size"] = hits["size"] / n_size if n_size else float("nan")
    result["position"] = hits["position"] / n_pos if n_pos else float("nan")
    result.update(n=len(pairs), n_size=n_size, n_position=n_pos)
    return result


def format_table(result: dict[str, float], label: str = "") -> str:
    keys = ("background", "colour", "shape", "all3", "size", "position")
    head = "| setting | " + " | ".join(keys) + " | n |"
    row = f"| {label} | " + " | ".join(f"{result[k]:.3f}" for k in keys) + f" | {result['n']} |"
    return "\n".join([head, "|" + "---|" * (len(keys) + 2), row])


if __name__ == "__main__":
    from .evaluate_cli import main

    main()
