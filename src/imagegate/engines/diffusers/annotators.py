"""ControlNet annotators: the transformers models behind the ``depth`` and ``openpose``
preprocessors, loaded from a catalog ``[[annotators]]`` entry (a folder, or a hub repo the model
manager pulled), kept (a few, least recently used out) and run on the compute thread.

Depth: Depth Anything or DPT (MiDaS-style) → a grey map at the input's size, near white. Pose:
ViTPose, top-down on the whole image as one person's box (no person detector) → COCO keypoints
above a confidence, drawn as an OpenPose skeleton on black."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PIL import Image

from imagegate.domain.adapters import AnnotatorSpec
from imagegate.errors import EngineError
from imagegate.images.maps import depth_to_grey, draw_skeletons, openpose_points
from imagegate.images.pixels import as_rgb

# A keypoint less sure than this is left out of the skeleton (as OpenPose's own drawing does).
POSE_THRESHOLD = 0.3
COCO_KEYPOINTS = 17


@dataclass(frozen=True)
class _Loaded:
    version: str
    model: Any
    processor: Any


class Annotators:
    def __init__(self, *, device: str, max_loaded: int = 2, cache_dir: Any = None):
        self.device = device
        self.max_loaded = max_loaded
        self.cache_dir = cache_dir
        self._loaded: OrderedDict[str, _Loaded] = OrderedDict()
        self._lock = threading.Lock()
        self.loads = 0

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._loaded)

    def clear(self) -> None:
        with self._lock:
            self._loaded.clear()

    def annotate(self, spec: AnnotatorSpec, image: Image.Image) -> Image.Image:
        """The control map of ``image`` (RGB, the job's size) by the annotator ``spec``."""
        loaded = self._get(spec)
        try:
            if spec.kind == "depth":
                return _depth(loaded, as_rgb(image), self.device)
            return _pose(loaded, as_rgb(image), self.device)
        except Exception as exc:  # a folder of the wrong shape fails inside transformers
            raise EngineError(f"annotator '{spec.id}' could not run: {exc}", code="annotator_failed") from exc

    def _get(self, spec: AnnotatorSpec) -> _Loaded:
        key = f"{spec.version}/{spec.source}"
        with self._lock:
            cached = self._loaded.get(spec.id)
            if cached is not None and cached.version == key:
                self._loaded.move_to_end(spec.id)
                return cached
        loaded = _Loaded(key, *self._load(spec))
        with self._lock:
            self._loaded[spec.id] = loaded
            while len(self._loaded) > self.max_loaded:
                self._loaded.popitem(last=False)
            self.loads += 1
        return loaded

    def _load(self, spec: AnnotatorSpec) -> tuple[Any, Any]:
        import transformers

        kwargs: dict[str, Any] = {"cache_dir": self.cache_dir}
        if spec.revision:
            kwargs["revision"] = spec.revision
        try:
            if spec.kind == "depth":
                model = transformers.AutoModelForDepthEstimation.from_pretrained(spec.source, **kwargs)
            else:
                model = transformers.VitPoseForPoseEstimation.from_pretrained(spec.source, **kwargs)
            # The PIL image processors: the default "fast" ones need torchvision, which is not installed.
            processor = transformers.AutoImageProcessor.from_pretrained(spec.source, backend="pil", **kwargs)
        except Exception as exc:  # transformers raises many kinds; the job must say which annotator failed
            raise EngineError(
                f"could not load annotator '{spec.id}' from {spec.source}: {exc}", code="model_load_failed"
            ) from exc
        if spec.kind == "pose" and model.config.num_labels != COCO_KEYPOINTS:
            raise EngineError(
                f"annotator '{spec.id}' finds {model.config.num_labels} keypoints; a pose annotator must find "
                f"COCO's {COCO_KEYPOINTS} (a ViTPose trained on COCO)",
                code="model_load_failed",
            )
        return model.to(self.device).eval(), processor


def _depth(loaded: _Loaded, image: Image.Image, device: str) -> Image.Image:
    import torch

    inputs = loaded.processor(images=image, return_tensors="pt").to(device)
    with torch.inference_mode():
        outputs = loaded.model(**inputs)
    size = (image.height, image.width)
    depth = loaded.processor.post_process_depth_estimation(outputs, target_sizes=[size])[0]["predicted_depth"]
    return depth_to_grey(depth.float().cpu().numpy())


def _pose(loaded: _Loaded, image: Image.Image, device: str) -> Image.Image:
    """Top-down on the whole image as one person's box, as ViTPose's own pipeline does for a detected
    box: widened to the model's aspect ratio, padded by a quarter, cropped and resized to its input;
    each keypoint at its heatmap's peak, the peak's height its confidence."""
    import numpy as np
    import torch

    processor = loaded.processor
    in_h, in_w = int(processor.size["height"]), int(processor.size["width"])
    width, height = image.size
    aspect = in_w / in_h
    box_w, box_h = (width, width / aspect) if width / height > aspect else (height * aspect, height)
    box_w, box_h = box_w * 1.25, box_h * 1.25
    left, top = (width - box_w) / 2, (height - box_h) / 2
    extent = (left, top, left + box_w, top + box_h)
    crop = image.transform((in_w, in_h), Image.Transform.EXTENT, extent, Image.Resampling.BILINEAR)
    mean, std = np.asarray(processor.image_mean, np.float32), np.asarray(processor.image_std, np.float32)
    pixels = (np.asarray(crop, dtype=np.float32) / 255.0 - mean) / std
    batch = torch.from_numpy(pixels.transpose(2, 0, 1)).unsqueeze(0).to(device, loaded.model.dtype)
    with torch.inference_mode():
        heatmaps = loaded.model(pixel_values=batch).heatmaps[0].float().cpu()  # keypoints × h × w
    map_h, map_w = heatmaps.shape[-2:]
    scores, peaks = heatmaps.flatten(1).max(dim=1)
    xs = left + ((peaks % map_w).float() + 0.5) * box_w / map_w
    ys = top + ((peaks // map_w).float() + 0.5) * box_h / map_h
    keypoints = torch.stack([xs, ys], dim=1).tolist()
    return draw_skeletons(image.size, [openpose_points(keypoints, scores.tolist(), POSE_THRESHOLD)])
