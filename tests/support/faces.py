"""A face to find and random-weight face restorers of the real architectures, for the restoration tests.

No face photo ships in an installed package, so one is drawn: a shaded oval with eye sockets, eyes,
brows, a nose, a mouth, hair, ears and a neck, lightly blurred and noised. The detector (CenterFace)
finds it at any size from 128 to 1024 px with a score of about 0.8 (the tests check that it does).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

SKIN, HAIR, BACKGROUND = (230, 185, 155), (50, 35, 25), (70, 110, 160)


def draw_face(size: int = 512) -> Image.Image:
    img = np.zeros((size, size, 3), np.float32)
    img[:] = BACKGROUND
    c, r = size / 2, size / 4

    def p(x: float, y: float) -> tuple[int, int]:
        return int(x), int(y)

    cv2.rectangle(img, p(c - r * 0.35, c + r * 0.8), p(c + r * 0.35, size), (200, 150, 120), -1)  # neck
    cv2.ellipse(img, p(c, size), p(r * 1.6, r * 0.6), 0, 180, 360, (40, 60, 90), -1)  # shoulders
    for side in (-1, 1):
        cv2.ellipse(img, p(c + side * r * 0.78, c + r * 0.05), p(r * 0.12, r * 0.22), 0, 0, 360, (210, 160, 130), -1)
    oval = np.zeros((size, size), np.uint8)
    cv2.ellipse(oval, p(c, c + r * 0.1), p(r * 0.75, r), 0, 0, 360, 255, -1)
    xx = np.arange(size, dtype=np.float32)[None, :].repeat(size, 0)
    shade = 1 - 0.25 * ((xx - c) / (r * 0.75)) ** 2  # darker towards the cheeks
    img[oval > 0] = (np.stack([SKIN[0] * shade, SKIN[1] * shade, SKIN[2] * shade], -1))[oval > 0]
    cv2.ellipse(img, p(c, c - r * 0.45), p(r * 0.82, r * 0.62), 0, 180, 360, HAIR, -1)
    for side in (-1, 1):
        ex, ey = c + side * r * 0.33, c - r * 0.05
        cv2.ellipse(img, p(ex, ey + 2), p(r * 0.22, r * 0.14), 0, 0, 360, (170, 120, 100), -1)  # socket
        cv2.ellipse(img, p(ex, ey), p(r * 0.15, r * 0.07), 0, 0, 360, (240, 240, 235), -1)
        cv2.circle(img, p(ex, ey), int(r * 0.065), (60, 40, 30), -1)
        cv2.circle(img, p(ex, ey), int(r * 0.03), (10, 10, 10), -1)
        cv2.ellipse(img, p(ex, ey - r * 0.2), p(r * 0.2, r * 0.05), 0, 180, 360, HAIR, max(2, int(r * 0.05)))
    cv2.ellipse(img, p(c, c + r * 0.28), p(r * 0.12, r * 0.07), 0, 0, 360, (190, 140, 115), -1)  # nose
    for side in (-1, 1):
        cv2.circle(img, p(c + side * r * 0.06, c + r * 0.3), max(1, int(r * 0.03)), (110, 70, 60), -1)
    cv2.ellipse(img, p(c, c + r * 0.55), p(r * 0.25, r * 0.07), 0, 0, 360, (160, 80, 80), -1)  # mouth
    cv2.line(img, p(c - r * 0.25, c + r * 0.55), p(c + r * 0.25, c + r * 0.55), (90, 40, 40), max(1, int(r * 0.025)))
    img = cv2.GaussianBlur(img, (0, 0), size / 200)
    img += np.random.default_rng(0).normal(0, 3, img.shape)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def write_restorer_weights(folder: Path) -> dict[str, Path]:
    """Random weights of GFPGAN v1.4's architecture (``.pth``) and CodeFormer's (``.safetensors``),
    spandrel's classes at their default configuration, stored in float16 to halve the files."""
    import torch
    from safetensors.torch import save_file

    from imagegate.engines.restore.arches import _architectures

    _architectures()  # makes spandrel's modules importable without its top level
    gfpgan = importlib.import_module("spandrel.architectures.GFPGAN").GFPGAN
    codeformer = importlib.import_module("spandrel_extra_arches.architectures.CodeFormer").CodeFormer
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"gfpgan": folder / "GFPGANv1.4-random.pth", "codeformer": folder / "codeformer-random.safetensors"}
    torch.manual_seed(0)
    state = {k: v.half() for k, v in gfpgan().state_dict().items()}
    torch.save({"params_ema": state}, paths["gfpgan"])
    state = {k: v.half().contiguous() for k, v in codeformer().state_dict().items()}
    save_file(state, str(paths["codeformer"]))
    return paths


def restorer_catalog(weights: dict[str, Path]) -> str:
    return "".join(
        f'\n[[face_restorers]]\nid = "{name}-test"\nname = "{name.upper()} (random weights)"\nsource = "{path}"\n'
        for name, path in weights.items()
    )
