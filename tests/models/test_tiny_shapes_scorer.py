"""The held-out scorer of tiny-shapes (`training.tiny_shapes.evaluate`) on procedurally rendered scenes.

The semantic end-to-end test and the bench trust this scorer, so it is checked against ground
truth here: every rendered scene must be read back as what was drawn, an image without a shape must
not be given one, and images paired with the wrong prompts must score zero.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageFilter
from training.tiny_shapes.evaluate import Classified, PromptSpec, classify, format_table, heldout_prompts, score
from training.tiny_shapes.scenes import (
    COLOURS,
    PALETTE,
    POSITIONS,
    SHAPES,
    SIZE_RANGE,
    Scene,
    heldout_triples,
    render,
    sample_scene,
)


def expected(scene: Scene) -> Classified:
    return Classified(scene.background, scene.colour, scene.shape, scene.size, scene.position)


def test_training_distribution_scenes_round_trip() -> None:
    """Jittered colours, positions and sizes as training draws them: 120 scenes, every attribute."""
    scenes = [sample_scene(np.random.default_rng([7, i])) for i in range(120)]
    # The sample must cover the space, or a round trip proves little.
    assert {s.shape for s in scenes} == set(SHAPES)
    assert {s.colour for s in scenes} == set(COLOURS) == {s.background for s in scenes}
    assert {s.size for s in scenes} == {"small", "large"} and len({s.position for s in scenes}) == len(POSITIONS)
    wrong = [(s, got) for s in scenes if (got := classify(render(s))) != expected(s)]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("size", ["small", "large"])
def test_every_heldout_triple_round_trips_at_both_extremes_of_its_size(size: str) -> None:
    lo, hi = SIZE_RANGE[size]
    wrong = []
    for shape, colour, background in sorted(heldout_triples()):
        for side in (lo, hi):
            scene = Scene(shape, colour, background, size, "center", side=side)
            if (got := classify(render(scene))) != expected(scene):
                wrong.append((scene, got))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_position_round_trips_for_small_shapes(shape: str) -> None:
    for position in POSITIONS:
        scene = Scene(shape, "white", "black", "small", position, side=SIZE_RANGE["small"][0])
        assert classify(render(scene)) == expected(scene)


def test_blurred_renders_still_classify() -> None:
    """Generated images are softer than renders; the scorer must not depend on crisp edges."""
    for i, shape in enumerate(SHAPES * 3):
        scene = Scene(shape, COLOURS[i % 8], COLOURS[(i + 3) % 8], "large", POSITIONS[i % 9], side=34)
        blurred = render(scene).filter(ImageFilter.GaussianBlur(1.5))
        assert classify(blurred) == expected(scene), scene


def test_an_image_without_a_shape_gets_no_shape() -> None:
    for background in COLOURS:
        got = classify(Image.new("RGB", (64, 64), PALETTE[background]))
        assert got == Classified(background, None, None, None, None)


def test_other_sizes_are_resized_first() -> None:
    scene = Scene("triangle", "orange", "blue")
    assert classify(render(scene).resize((128, 128))) == expected(scene)


def spec_of(scene: Scene) -> PromptSpec:
    return PromptSpec("", scene.shape, scene.colour, scene.background, scene.size, scene.position)


def other_colour(colour: str) -> str:
    return COLOURS[(COLOURS.index(colour) + 1) % len(COLOURS)]


def test_score_counts_hits_and_misses() -> None:
    scenes = [Scene(SHAPES[i % 3], COLOURS[i % 8], COLOURS[(i + 1) % 8], "small", "top left", 16) for i in range(12)]
    images = [render(s) for s in scenes]
    right = score([(spec_of(s), img) for s, img in zip(scenes, images, strict=True)])
    assert right == {
        "background": 1.0,
        "colour": 1.0,
        "shape": 1.0,
        "all3": 1.0,
        "size": 1.0,
        "position": 1.0,
        "n": 12,
        "n_size": 12,
        "n_position": 12,
    }
    # Every attribute asked for is different from what is in the image: everything must score 0.
    wrong_specs = [
        replace(
            spec_of(s),
            shape=SHAPES[(SHAPES.index(s.shape) + 1) % 3],
            colour=COLOURS[(COLOURS.index(s.colour) + 2) % 8],
            background=COLOURS[(COLOURS.index(s.background) + 3) % 8],
            size="large",
            position="bottom right",
        )
        for s in scenes
    ]
    wrong = score(list(zip(wrong_specs, images, strict=True)))
    assert [wrong[k] for k in ("background", "colour", "shape", "all3", "size", "position")] == [0.0] * 6
    # One attribute wrong at a time only costs that attribute (and all3).
    half = [spec_of(s) if i % 2 else replace(spec_of(s), colour=other_colour(s.colour)) for i, s in enumerate(scenes)]
    mixed = score(list(zip(half, images, strict=True)))
    assert mixed["colour"] == mixed["all3"] == 0.5 and mixed["shape"] == mixed["background"] == 1.0


def test_size_and_position_are_scored_only_where_asked() -> None:
    scene = Scene("circle", "red", "blue")
    result = score([(PromptSpec("a red circle on blue", "circle", "red", "blue"), render(scene))])
    assert result["n_size"] == result["n_position"] == 0
    assert np.isnan(result["size"]) and np.isnan(result["position"])
    table = format_table(result, "one")
    assert table.splitlines()[2] == "| one | 1.000 | 1.000 | 1.000 | 1.000 | nan | nan | 1 |"


def test_heldout_prompts_are_fixed_and_cover_the_space() -> None:
    specs = heldout_prompts()
    assert len(specs) == 120 and specs == heldout_prompts()
    assert [s.seed for s in specs] == list(range(1000, 1120))
    assert {(s.shape, s.colour, s.background) for s in specs} == heldout_triples()
    assert sum(s.size is not None for s in specs) == 24 and sum(s.position is not None for s in specs) == 24
    for s in specs:  # every prompt names what it asks for
        assert s.shape in s.prompt and s.colour in s.prompt and s.background in s.prompt, s
