"""The scene space: vocabulary, palette, sampling, rendering and the held-out split.

A scene is one flat-coloured shape on a flat background. Captions that name no size draw a *large*
shape and captions that name no position draw it in the *center*, so the common short prompt
("a red circle on a blue background") always gets a big, centred, easily classified shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

SHAPES = ("circle", "square", "triangle")
COLOURS = ("red", "green", "blue", "yellow", "orange", "purple", "white", "black")
PALETTE = {
    "red": (220, 35, 35),
    "green": (35, 165, 55),
    "blue": (35, 70, 220),
    "yellow": (245, 215, 35),
    "orange": (245, 135, 25),
    "purple": (140, 50, 185),
    "white": (245, 245, 245),
    "black": (20, 20, 20),
}
SIZES = ("small", "large")
# Side of the shape's bounding box in pixels at 64×64. The gap between the two ranges lets the scorer
# call the size with one threshold even on slightly blurred samples.
SIZE_RANGE = {"small": (14, 20), "large": (32, 40)}
POSITIONS = (
    "center",
    "left",
    "right",
    "top",
    "bottom",
    "top left",
    "top right",
    "bottom left",
    "bottom right",
)
IMAGE_SIZE = 64
_SUPERSAMPLE = 4
_JITTER_PX = 2
_JITTER_RGB = 12


@dataclass(frozen=True)
class Scene:
    shape: str
    colour: str
    background: str
    size: str = "large"
    position: str = "center"
    side: int = 36  # bbox side in px
    dx: int = 0  # jitter of the centre in px
    dy: int = 0
    fg_rgb: tuple[int, int, int] | None = None  # jittered colours; None = exact palette
    bg_rgb: tuple[int, int, int] | None = None


def heldout_triples() -> frozenset[tuple[str, str, str]]:
    """The 24 (shape, colour, background) triples that training never renders.

    Shape k holds out (colour i, background i+k+1): every colour is held out once per shape as the
    shape colour and once as the background, and every (colour, background) pair stays seen with
    the other two shapes, so the held-out prompts test composition, not unseen pairs.
    """
    triples = []
    for k, shape in enumerate(SHAPES):
        for i, colour in enumerate(COLOURS):
            triples.append((shape, colour, COLOURS[(i + k + 1) % len(COLOURS)]))
    return frozenset(triples)


def position_offset(position: str, side: int) -> tuple[int, int]:
    """Centre offset (dx, dy) in px for a position word; the shape keeps a 3 px margin."""
    reach = (IMAGE_SIZE - side) // 2 - 3
    dx = -reach if "left" in position else reach if "right" in position else 0
    dy = -reach if "top" in position else reach if "bottom" in position else 0
    return dx, dy


def sample_scene(rng: np.random.Generator, *, p_small: float = 0.3, p_moved: float = 0.35) -> Scene:
    """A random training scene (never a held-out triple, never shape colour == background)."""
    held = heldout_triples()
    while True:
        shape = SHAPES[rng.integers(len(SHAPES))]
        colour, background = (COLOURS[i] for i in rng.choice(len(COLOURS), size=2, replace=False))
        if (shape, colour, background) not in held:
            break
    size = "small" if rng.random() < p_small else "large"
    position = POSITIONS[1 + rng.integers(len(POSITIONS) - 1)] if rng.random() < p_moved else "center"
    lo, hi = SIZE_RANGE[size]
    return Scene(
        shape,
        colour,
        background,
        size,
        position,
        side=int(rng.integers(lo, hi + 1)),
        dx=int(rng.integers(-_JITTER_PX, _JITTER_PX + 1)),
        dy=int(rng.integers(-_JITTER_PX, _JITTER_PX + 1)),
        fg_rgb=_jitter(PALETTE[colour], rng),
        bg_rgb=_jitter(PALETTE[background], rng),
    )


def _jitter(rgb: tuple[int, int, int], rng: np.random.Generator) -> tuple[int, int, int]:
    r, g, b = (int(np.clip(c + rng.integers(-_JITTER_RGB, _JITTER_RGB + 1), 0, 255)) for c in rgb)
    return r, g, b


def render(scene: Scene) -> Image.Image:
    """Draw the scene at 4× and downsample, so edges are anti-aliased like a real image."""
    s = _SUPERSAMPLE
    big = IMAGE_SIZE * s
    img = Image.new("RGB", (big, big), scene.bg_rgb or PALETTE[scene.background])
    draw = ImageDraw.Draw(img)
    ox, oy = position_offset(scene.position, scene.side)
    cx = (IMAGE_SIZE / 2 + ox + scene.dx) * s
    cy = (IMAGE_SIZE / 2 + oy + scene.dy) * s
    half = scene.side * s / 2
    box = (cx - half, cy - half, cx + half - 1, cy + half - 1)
    fill = scene.fg_rgb or PALETTE[scene.colour]
    if scene.shape == "circle":
        draw.ellipse(box, fill=fill)
    elif scene.shape == "square":
        draw.rectangle(box, fill=fill)
    else:  # isosceles triangle pointing up, as tall as it is wide
        draw.polygon([(cx, box[1]), (box[2], box[3]), (box[0], box[3])], fill=fill)
    return img.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.LANCZOS)


def render_dataset(n: int, seed: int) -> tuple[np.ndarray, list[Scene]]:
    """`n` scenes as a uint8 array (n, 64, 64, 3); scene i depends only on (seed, i)."""
    images = np.empty((n, IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.uint8)
    scenes = []
    for i in range(n):
        scene = sample_scene(np.random.default_rng([seed, i]))
        images[i] = np.asarray(render(scene))
        scenes.append(scene)
    return images, scenes
