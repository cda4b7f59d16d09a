"""The upscaler engine: ESRGAN-family networks (tiled) and, when a catalog entry names it, Lanczos.

Catalog lines look like::

    [[models]]
    id = "realesrgan-x4plus"
    engine = "upscaler"
    source = "ncnn:realesrgan-x4plus"   # bundled; or a .pth / .safetensors / ncnn .param path
    tasks = ["upscale"]
    call_kwargs = { tile_size = 256, tile_pad = 12, tile_overlap = 8 }   # optional

``source = "lanczos"`` is a plain resampling upscaler, available only when a catalog entry names it:
a missing network never silently turns into Lanczos. The engine also upscales the results of other
jobs (the ``upscale`` option of every generation) through ``upscale_result``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from imagegate.config import Catalog
from imagegate.domain.jobs import EngineResult, GeneratedImage
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task, UpscaleRequest
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.engines.upscale.names import BUNDLED_PREFIX, LANCZOS
from imagegate.engines.upscale.tiles import TileSettings

if TYPE_CHECKING:
    from imagegate.engines.upscale.weights import Network
from imagegate.errors import ConfigError, EngineError, TaskNotSupported
from imagegate.executors.local import LocalExecutor
from imagegate.images.refs import open_ref
from imagegate.storage.blobs import BlobStore

log = logging.getLogger("imagegate.upscale")


class UpscalerEngine(Engine):
    name = "upscaler"
    kind: ClassVar[EngineKind] = "compute"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.upscale})

    def __init__(self, *, executor: LocalExecutor, blobs: BlobStore, device: str = "auto", max_loaded: int = 3):
        self.executor = executor
        self.blobs = blobs
        self.device_setting = device
        self.device = "cpu"
        self.max_loaded = max_loaded
        self._networks: OrderedDict[str, tuple[str, Network]] = OrderedDict()  # id -> (version, network)
        self._lock = threading.Lock()
        self.loads = 0
        self.catalog: Catalog | None = None

    async def start(self) -> None:
        from imagegate.engines.diffusers.loader import resolve_device

        # torch comes with these: imported where upscalers run, not where a catalog is only read.
        from imagegate.engines.upscale.weights import WeightsError, bundled_model

        self.device = await self.executor.run(resolve_device, self.device_setting)
        for spec in self.catalog or ():
            if spec.engine == self.name and spec.source.startswith(BUNDLED_PREFIX):
                try:
                    bundled_model(spec.source.removeprefix(BUNDLED_PREFIX))
                except WeightsError as exc:
                    log.warning("upscaler '%s' will not work: %s", spec.id, exc)

    async def close(self) -> None:
        with self._lock:
            self._networks.clear()

    def bind(self, catalog: Catalog, engines: Mapping[str, Engine]) -> None:
        """Refuse at start-up a catalog entry whose tiling options are wrong (bundled weights that are
        not installed are reported by ``start``, where upscalers run)."""
        self.catalog = catalog
        for spec in catalog:
            if spec.engine != self.name:
                continue
            try:
                TileSettings.from_kwargs(dict(spec.call_kwargs))
            except ValueError as exc:
                raise ConfigError(f"model '{spec.id}': call_kwargs: {exc}") from None

    def validate(self, spec: ModelSpec, request: AnyRequest) -> None:
        if not isinstance(request, UpscaleRequest):
            raise TaskNotSupported.for_field("task", f"upscaler '{spec.id}' only upscales")

    def loaded_models(self) -> list[str]:
        with self._lock:
            return list(self._networks)

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        with self._lock:
            loaded = self._networks.get(spec.id)
        facts: dict[str, Any] = {"family": None, "loaded": loaded is not None or spec.source == LANCZOS}
        if loaded is not None:
            network = loaded[1]
            facts |= {"architecture": network.architecture, "native_scale": network.scale}
        return facts

    # -- on the compute thread ----------------------------------------------------------------

    def network(self, spec: ModelSpec) -> Network:
        from imagegate.engines.upscale.upscaler import torch_dtype
        from imagegate.engines.upscale.weights import WeightsError, load_network

        with self._lock:
            cached = self._networks.get(spec.id)
            if cached is not None and cached[0] == spec.version:
                self._networks.move_to_end(spec.id)
                return cached[1]
        try:
            network = load_network(spec.source, device=self.device, dtype=torch_dtype(spec.dtype, self.device))
        except WeightsError as exc:
            raise EngineError(f"upscaler '{spec.id}': {exc}", code="model_load_failed") from None
        with self._lock:
            self._networks[spec.id] = (spec.version, network)
            self._networks.move_to_end(spec.id)
            while len(self._networks) > self.max_loaded:
                self._networks.popitem(last=False)
            self.loads += 1
        return network

    def upscale(self, spec: ModelSpec, image: Any, scale: float, ctx: RunContext) -> tuple[Any, dict[str, Any]]:
        """Enlarge one PIL image; reports progress per tile through ``ctx``."""
        from imagegate.engines.upscale.upscaler import lanczos, target_size, upscale_image

        info: dict[str, Any] = {"upscaler": spec.id, "scale": scale}
        if spec.source == LANCZOS:
            ctx.check()
            return lanczos(image, target_size(image.width, image.height, scale)), info | {"method": "lanczos"}
        network = self.network(spec)
        tiles = TileSettings.from_kwargs(dict(spec.call_kwargs))
        ctx.check()
        result, report = upscale_image(
            network, image, scale, tiles=tiles, device=self.device, on_progress=lambda i, n: ctx.step(i, n)
        )
        info |= {
            "method": network.architecture,
            "native_scale": network.scale,
            "passes": report.passes,
            "tiles": report.tiles,
            "tile_size": tiles.tile,
        }
        if report.resized_with_lanczos:
            info["final_resize"] = "lanczos"  # to the exact size asked for, from a larger network output
        return result, info

    def _generate(self, spec: ModelSpec, request: UpscaleRequest, ctx: RunContext) -> EngineResult:
        ctx.check()
        ctx.start_clock()
        image = open_ref(self.blobs, request.image)
        started = time.perf_counter()
        result, info = self.upscale(spec, image, request.scale, ctx)
        info["input_size"] = [image.width, image.height]
        return EngineResult(
            images=[GeneratedImage(image=result, seed=None)], info=info, compute_s=time.perf_counter() - started
        )

    def _upscale_result(self, spec: ModelSpec, result: EngineResult, scale: float, ctx: RunContext) -> EngineResult:
        started = time.perf_counter()
        images: list[GeneratedImage] = []
        info: dict[str, Any] = {}
        for generated in result.images:
            if generated.kind != "image":
                images.append(generated)
                continue
            enlarged, info = self.upscale(spec, generated.image, scale, ctx)
            images.append(replace(generated, image=enlarged))
        spent = time.perf_counter() - started
        return EngineResult(
            images=images,
            info={**result.info, "upscale": info | {"compute_s": round(spent, 4)}},
            compute_s=result.compute_s + spent,
        )

    # -- from the event loop ------------------------------------------------------------------

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        if not isinstance(request, UpscaleRequest):
            raise TaskNotSupported.for_field("task", f"upscaler '{spec.id}' only upscales")
        return await self.executor.run(self._generate, spec, request, ctx)

    async def upscale_result(
        self, spec: ModelSpec, result: EngineResult, scale: float, ctx: RunContext
    ) -> EngineResult:
        """The ``upscale`` post-step of another job: enlarge its generated images (not control maps)."""
        return await self.executor.run(self._upscale_result, spec, result, scale, ctx)
