"""Control maps drawn from what an annotator found: depth as a grey map (near white), and pose
skeletons in the OpenPose style the ``openpose`` ControlNets were trained on: 18 body points (COCO's
17 plus a neck between the shoulders), each limb and point in its fixed colour, on black.

Keypoints arrive in COCO-17 order (nose, eyes, ears, shoulders, elbows, wrists, hips, knees,
ankles; left before right)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

# OpenPose's 18 points, each as the COCO-17 index it comes from (None: the neck, made from the shoulders).
_FROM_COCO: tuple[int | None, ...] = (0, None, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3)
# Limbs between OpenPose points: neck to shoulders, arms, neck to hips, legs, neck to nose, face.
_LIMBS = (
    (1, 2), (1, 5), (2, 3), (3, 4), (5, 6), (6, 7), (1, 8), (8, 9), (9, 10),
    (1, 11), (11, 12), (12, 13), (1, 0), (0, 14), (14, 16), (0, 15), (15, 17),
)  # fmt: skip
# One hue per point and per limb, red through yellow, green, blue to magenta (OpenPose's palette order).
_COLOURS = [
    (255, 0, 0), (255, 85, 0), (255, 170, 0), (255, 255, 0), (170, 255, 0), (85, 255, 0),
    (0, 255, 0), (0, 255, 85), (0, 255, 170), (0, 255, 255), (0, 170, 255), (0, 85, 255),
    (0, 0, 255), (85, 0, 255), (170, 0, 255), (255, 0, 255), (255, 0, 170), (255, 0, 85),
]  # fmt: skip


def openpose_points(
    keypoints: Sequence[Sequence[float]], scores: Sequence[float], threshold: float
) -> list[tuple[float, float] | None]:
    """COCO-17 keypoints (x, y) with their confidences → OpenPose's 18 points, None where unsure."""
    coco = [(float(x), float(y)) if s >= threshold else None for (x, y), s in zip(keypoints, scores, strict=True)]
    points: list[tuple[float, float] | None] = []
    for index in _FROM_COCO:
        if index is not None:
            points.append(coco[index])
            continue
        left, right = coco[5], coco[6]
        points.append(((left[0] + right[0]) / 2, (left[1] + right[1]) / 2) if left and right else None)
    return points


def draw_skeletons(size: tuple[int, int], people: list[list[tuple[float, float] | None]]) -> Image.Image:
    """Each person's limbs (half-transparent, as OpenPose draws them) and points on a black canvas."""
    import cv2

    width, height = size
    canvas = np.zeros((height, width, 3), dtype=np.uint8)
    thickness = max(1, round(min(width, height) / 128))
    for points in people:
        limbs = canvas.copy()
        for colour, (a, b) in zip(_COLOURS, _LIMBS, strict=False):
            start, end = points[a], points[b]
            if start is None or end is None:
                continue
            cv2.line(limbs, _pixel(start), _pixel(end), colour, thickness * 2, lineType=cv2.LINE_AA)
        canvas = np.asarray(cv2.addWeighted(canvas, 0.4, limbs, 0.6, 0), dtype=np.uint8)
        for colour, point in zip(_COLOURS, points, strict=True):
            if point is not None:
                cv2.circle(canvas, _pixel(point), thickness * 2, colour, -1, lineType=cv2.LINE_AA)
    return Image.fromarray(canvas)


def _pixel(point: tuple[float, float]) -> tuple[int, int]:
    return round(point[0]), round(point[1])


def depth_to_grey(depth: np.ndarray) -> Image.Image:
    """A relative depth map (near is larger) → an 8-bit grey map, near white and far black, in 3
    channels as ControlNets read them."""
    low, high = float(np.min(depth)), float(np.max(depth))
    scaled = (depth - low) / (high - low) if high > low else np.zeros_like(depth)
    grey = (np.clip(scaled, 0, 1) * 255).round().astype(np.uint8)
    return Image.fromarray(np.stack([grey] * 3, axis=-1))
