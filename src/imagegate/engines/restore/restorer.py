"""The face-restoration post-step: find the faces of each generated image, restore each one with a
catalog restorer (GFPGAN or CodeFormer) in its aligned 512-px frame, and paste it back.

Catalog lines look like::

    [[face_restorers]]
    id = "gfpgan-1.4"
    source = "weights/GFPGANv1.4.pth"        # or .safetensors; GFPGAN v1.3/v1.4 or CodeFormer
    license = "Apache-2.0"

The networks and the detector are loaded on first use, on the compute thread, and kept (the
restorers least recently used first out).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from imagegate.domain.adapters import FaceRestorerSpec
from imagegate.domain.jobs import EngineResult, GeneratedImage
from imagegate.domain.options import RestoreFacesOption
from imagegate.engines.base import RunContext
from imagegate.errors import EngineError
from imagegate.executors.local import LocalExecutor

if TYPE_CHECKING:
    from PIL import Image

    from imagegate.engines.restore.arches import RestorerNet
    from imagegate.engines.restore.faces import FaceDetector

log = logging.getLogger("imagegate.restore")

# What a catalog needs to offer face restoration (said when a request asks for it and none is there).
HOW_TO_ADD = (
    'add one to a catalog file (models/*.toml): [[face_restorers]] with id = "gfpgan-1.4" and '
    'source = "weights/GFPGANv1.4.pth" (GFPGAN v1.3/v1.4 or CodeFormer weights, .pth or .safetensors)'
)


class FaceRestorer:
    def __init__(self, *, executor: LocalExecutor, device: str = "auto", max_loaded: int = 2):
        self.executor = executor
        self.device_setting = device
        self.device = "cpu"
        self.max_loaded = max_loaded
        self._nets: OrderedDict[str, tuple[str, RestorerNet]] = OrderedDict()  # id -> (version, net)
        self._detector: FaceDetector | None = None
        self._lock = threading.Lock()
        self.loads = 0

    async def start(self) -> None:
        from imagegate.engines.diffusers.loader import resolve_device

        self.device = await self.executor.run(resolve_device, self.device_setting)

    async def close(self) -> None:
        with self._lock:
            self._nets.clear()
            self._detector = None

    def loaded(self) -> list[str]:
        with self._lock:
            return list(self._nets)

    # -- on the compute thread ----------------------------------------------------------------

    def detector(self) -> FaceDetector:
        from imagegate.engines.restore.faces import DetectorUnavailable, FaceDetector, detector_weights

        with self._lock:
            if self._detector is None:
                try:
                    self._detector = FaceDetector(detector_weights())
                except DetectorUnavailable as exc:
                    raise EngineError(str(exc), code="model_load_failed") from None
            return self._detector

    def network(self, spec: FaceRestorerSpec) -> RestorerNet:
        from imagegate.engines.restore.arches import RestorerWeightsError, load_restorer

        with self._lock:
            cached = self._nets.get(spec.id)
            if cached is not None and cached[0] == spec.version:
                self._nets.move_to_end(spec.id)
                return cached[1]
        try:
            net = load_restorer(spec.source, device=self.device)
        except RestorerWeightsError as exc:
            raise EngineError(f"face restorer '{spec.id}': {exc}", code="model_load_failed") from None
        with self._lock:
            self._nets[spec.id] = (spec.version, net)
            while len(self._nets) > self.max_loaded:
                self._nets.popitem(last=False)
            self.loads += 1
        return net

    def restore(
        self, spec: FaceRestorerSpec, image: Image.Image, option: RestoreFacesOption, ctx: RunContext
    ) -> tuple[Image.Image, int]:
        """``image`` with its faces restored, and how many there were."""
        import numpy as np
        import torch
        from PIL import Image as PILImage

        from imagegate.engines.restore.arches import SIZE
        from imagegate.engines.restore.faces import alignment, crop, paste

        rgb = np.asarray(image.convert("RGB"))
        faces = self.detector()(rgb)
        if not faces or option.visibility == 0:
            return image, len(faces)
        net = self.network(spec)
        out = rgb
        for face in faces:
            ctx.check()
            matrix = alignment(face, SIZE)
            frame = torch.from_numpy(crop(rgb, matrix, SIZE)).permute(2, 0, 1)[None].float() / 127.5 - 1
            with torch.inference_mode():
                restored = net(frame.to(self.device), option.fidelity)
            pixels = ((restored[0].permute(1, 2, 0).cpu().numpy() + 1) * 127.5).round().clip(0, 255)
            out = paste(out, pixels.astype(np.uint8), matrix, option.visibility)
        result = PILImage.fromarray(out)
        if image.mode == "RGBA":
            result.putalpha(image.getchannel("A"))
        return result, len(faces)

    def _restore_result(
        self, spec: FaceRestorerSpec, result: EngineResult, option: RestoreFacesOption, ctx: RunContext
    ) -> EngineResult:
        started = time.perf_counter()
        images: list[GeneratedImage] = []
        counts: list[int] = []
        for generated in result.images:
            if generated.kind != "image":  # control maps stay as they are
                images.append(generated)
                continue
            restored, count = self.restore(spec, generated.image, option, ctx)
            images.append(replace(generated, image=restored))
            counts.append(count)
        spent = time.perf_counter() - started
        info: dict[str, Any] = {
            "model": spec.id,
            "faces": counts,
            "visibility": option.visibility,
            "compute_s": round(spent, 4),
        }
        with self._lock:
            loaded = self._nets.get(spec.id)
        if loaded is not None:
            info["architecture"] = loaded[1].architecture
            if loaded[1].architecture == "CodeFormer":
                info["fidelity"] = option.fidelity
        return EngineResult(
            images=images, info={**result.info, "restore_faces": info}, compute_s=result.compute_s + spent
        )

    # -- from the event loop ------------------------------------------------------------------

    async def restore_result(
        self, spec: FaceRestorerSpec, result: EngineResult, option: RestoreFacesOption, ctx: RunContext
    ) -> EngineResult:
        """The ``restore_faces`` post-step of a job: restore the faces of its generated images."""
        return await self.executor.run(self._restore_result, spec, result, option, ctx)
