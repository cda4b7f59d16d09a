"""The diffusers engine: local open-weight models on this machine's GPU or CPU.

Every task runs on the family's pipeline for it, made from the loaded text-to-image pipeline with
``from_pipe`` (the weights are shared, never loaded twice). LoRAs are switched per request on the
loaded modules; ControlNets are loaded once and attached per request.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

from imagegate.config import Catalog
from imagegate.domain.jobs import EngineResult, GeneratedImage, Preview
from imagegate.domain.models import Family, ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams, Img2ImgRequest, Task, Txt2ImgRequest
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.engines.diffusers import hires, schedulers, tiled, tiling
from imagegate.engines.diffusers.annotators import Annotators
from imagegate.engines.diffusers.cache import LoadedModel, PipelineCache
from imagegate.engines.diffusers.checks import check_adapters, check_strength
from imagegate.engines.diffusers.controlnet import ControlNets
from imagegate.engines.diffusers.families import FAMILIES, FamilyAdapter
from imagegate.engines.diffusers.loader import (
    SourceKind,
    detect_family,
    load_pipeline,
    pipeline_bytes,
    resolve_device,
    source_kind,
)
from imagegate.engines.diffusers.lora import LoraManager
from imagegate.engines.diffusers.quiet import quiet_diffusers
from imagegate.engines.diffusers.tasks import TaskCall, build_call
from imagegate.engines.upscale import UpscalerEngine
from imagegate.errors import (
    ConfigError,
    EngineError,
    ImagegateError,
    InvalidRequest,
    JobInterrupted,
    TaskNotSupported,
)
from imagegate.executors.local import LocalExecutor
from imagegate.storage.blobs import BlobStore

SEED_RANGE = 2**32
log = logging.getLogger("imagegate.engines.diffusers")
ALL_TASKS = frozenset({Task.txt2img, Task.img2img, Task.inpaint, Task.outpaint, Task.controlnet, Task.variation})
_ACCEPTED: dict[type, frozenset[str]] = {}


def _accepts(pipe: Any, name: str) -> bool:
    """Whether the pipeline's ``__call__`` takes ``name`` (SD image-to-image takes no width/height)."""
    cls = type(pipe)
    if cls not in _ACCEPTED:
        import inspect

        _ACCEPTED[cls] = frozenset(inspect.signature(cls.__call__).parameters)
    return name in _ACCEPTED[cls]


def _drop_torchvision_advice(record: logging.LogRecord) -> bool:
    return "requires torchvision" not in record.getMessage()


class DiffusersEngine(Engine):
    name = "diffusers"
    kind: ClassVar[EngineKind] = "compute"
    tasks: ClassVar[frozenset[Task]] = ALL_TASKS
    supports_loras = True

    def __init__(
        self,
        *,
        executor: LocalExecutor,
        device: str = "auto",
        memory_budget_bytes: int = 8 << 30,
        blobs: BlobStore | None = None,
        max_loras_loaded: int = 8,
        cache_dir: Path | None = None,
    ):
        self.executor = executor
        self.cache_dir = cache_dir
        self.device_setting = device
        self.device = "cpu"
        self.cache = PipelineCache(memory_budget_bytes)
        self.blobs = blobs
        self.catalog: Catalog | None = None
        self.upscaler: UpscalerEngine | None = None  # enlarges for the hires fix and SD upscale by name
        self.loras = LoraManager(max_loaded=max_loras_loaded)
        self.controlnets = ControlNets(device=self.device)
        self.annotators = Annotators(device=self.device, cache_dir=cache_dir)
        self._families: dict[str, Family] = {}

    async def start(self) -> None:
        self.device = await self.executor.run(resolve_device, self.device_setting)
        self.controlnets.device = self.annotators.device = self.device
        import diffusers.utils.logging
        import transformers.utils.logging

        # Per-component loading bars belong in notebooks, not in a server's log.
        diffusers.utils.logging.disable_progress_bar()
        transformers.utils.logging.disable_progress_bar()
        # transformers advises installing torchvision for faster image processors; doing so would
        # replace the pinned CPU torch with a multi-GB build, and no pipeline here needs them.
        for handler in logging.getLogger("transformers").handlers:
            handler.addFilter(_drop_torchvision_advice)

    async def close(self) -> None:
        for model_id in self.cache.ids():
            self.cache.drop(model_id)
        self.controlnets.clear()
        self.annotators.clear()

    def bind(self, catalog: Catalog, engines: Mapping[str, Engine]) -> None:
        """The catalog's LoRAs and ControlNets, which requests name by id, and the upscaler engine."""
        self.catalog = catalog
        upscaler = engines.get(UpscalerEngine.name)
        self.upscaler = upscaler if isinstance(upscaler, UpscalerEngine) else None

    # -- cheap checks at admission ----------------------------------------------------------

    def family_of(self, spec: ModelSpec) -> Family | None:
        """The family without loading weights; None for hub models not detected yet."""
        if spec.family is not None:
            return spec.family
        if spec.id in self._families:
            return self._families[spec.id]
        if source_kind(spec.source) is SourceKind.hub and not spec.config:
            return None  # asking the hub is a network round trip: wait for the first load
        try:
            family = detect_family(spec, cache_dir=self.cache_dir)
        except ConfigError:
            return None
        self._families[spec.id] = family
        return family

    def size_multiple(self, spec: ModelSpec) -> int:
        """What width and height must be multiples of (8, or 16 for transformer families)."""
        family = self.family_of(spec)
        return FAMILIES[family].size_multiple if family is not None else 8

    def validate(self, spec: ModelSpec, request: AnyRequest) -> None:
        family = self.family_of(spec)
        if family is not None and request.task not in FAMILIES[family].tasks:
            raise TaskNotSupported.for_field(
                "task", f"{family.value} models cannot do {request.task.value} yet", code="task_not_supported"
            )
        if not isinstance(request, DiffusionParams):
            return
        if family is not None:
            multiple = FAMILIES[family].size_multiple
            for name in ("width", "height"):
                value = getattr(request, name)
                if value is not None and value % multiple:
                    raise InvalidRequest.for_field(
                        name, f"must be a multiple of {multiple} for {family.value} models (got {value})"
                    )
        flow = FAMILIES[family].flow_matching if family is not None else None
        if request.scheduler:
            schedulers.resolve(request.scheduler, flow=flow)
        if isinstance(request, Txt2ImgRequest) and request.hires is not None:
            hires.validate(request, family, flow, FAMILIES[family].size_multiple if family is not None else 8)
        if request.tiling and family is not None and family not in tiling.FAMILIES:
            raise InvalidRequest.for_field(
                "tiling", f"{family.value} models have no convolutions to make seamless; SD 1.x, 2.x and SDXL can"
            )
        check_adapters(self.catalog, spec, family, request)
        check_strength(family, request, spec.defaults.num_inference_steps)

    def loaded_models(self) -> list[str]:
        return self.cache.ids()

    def _network_enlarge(self, ctx: RunContext) -> hires.Enlarge:
        """Enlarging with a catalog upscaler (checked at admission), on this compute thread."""

        def enlarge(upscaler_id: str, image: Any, size: tuple[int, int]) -> Any:
            spec = self.catalog.get(upscaler_id) if self.catalog else None
            if spec is None or self.upscaler is None:
                raise EngineError(f"upscaler '{upscaler_id}' is no longer in this server's catalog")
            return self.upscaler.enlarge(spec, image, size, ctx.check)

        return enlarge

    def _annotate(self, annotator_id: str, image: Any) -> Any:
        """A depth or pose unit's control map, by the catalog's annotator (on the compute thread)."""
        spec = self.catalog.annotators.get(annotator_id) if self.catalog else None
        if spec is None:
            raise EngineError(f"annotator '{annotator_id}' is no longer in the catalog", code="unknown_annotator")
        return self.annotators.annotate(spec, image)

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        family = self.family_of(spec)
        flow = FAMILIES[family].flow_matching if family else None
        return {
            "family": family.value if family else None,
            "loaded": spec.id in self.cache.ids(),
            "schedulers": schedulers.names(flow=flow) if flow is not None else None,
        }

    # -- generation, on the compute thread ---------------------------------------------------

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        if not isinstance(request, DiffusionParams):
            raise TaskNotSupported.for_field("task", f"the diffusers engine cannot do {request.task.value}")
        return await self.executor.run(self._generate, spec, request, ctx)

    async def load(self, spec: ModelSpec) -> None:
        await self.executor.run(self.preload, spec)

    def preload(self, spec: ModelSpec) -> LoadedModel:
        """Load a model now (blocking; call through the executor)."""
        return self._ensure_loaded(spec)

    def _ensure_loaded(self, spec: ModelSpec) -> LoadedModel:
        loaded = self.cache.get(spec.id, spec.version)
        if loaded is not None:
            return loaded
        try:
            family = detect_family(spec, cache_dir=self.cache_dir)
            self._families[spec.id] = family
            adapter = FAMILIES[family]
            self.cache.make_room(_estimate_bytes(spec))
            started = time.perf_counter()
            pipe = load_pipeline(spec, adapter, device=self.device, cache_dir=self.cache_dir)
        except ImagegateError:
            raise
        except Exception as exc:  # diffusers raises many kinds; the job must say what went wrong
            raise EngineError(
                f"could not load model '{spec.id}' from {spec.source}: {exc}", code="model_load_failed"
            ) from exc
        loaded = LoadedModel(
            model_id=spec.id,
            version=spec.version,
            pipe=pipe,
            adapter=adapter,
            size_bytes=pipeline_bytes(pipe),
            default_scheduler=pipe.scheduler,
            load_s=time.perf_counter() - started,
        )
        if spec.defaults.scheduler:
            loaded.default_scheduler = self._scheduler(loaded, spec.defaults.scheduler)
        self.cache.make_room(loaded.size_bytes)
        self.cache.put(loaded)
        return loaded

    def _scheduler(self, loaded: LoadedModel, name: str | None) -> Any:
        if not name:
            return loaded.default_scheduler
        key = schedulers.normalize(name)
        if key not in loaded.schedulers:
            choice = schedulers.resolve(name, flow=loaded.adapter.flow_matching)
            base = loaded.default_scheduler.config
            loaded.schedulers[key] = schedulers.build(choice, base)
        return loaded.schedulers[key]

    def _task_pipe(self, loaded: LoadedModel, task: Task, call: TaskCall, info: dict[str, Any]) -> Any:
        if task is Task.txt2img:
            return loaded.pipe
        if task is Task.controlnet:
            assert self.catalog is not None  # bound at start-up; admission checked the ids
            models, newly = [], []
            for net_id in call.controlnet_ids:
                model, fresh = self.controlnets.get(self.catalog.controlnets[net_id], loaded)
                models.append(model)
                if fresh:
                    newly.append(net_id)
            info["controlnets"] = call.controlnet_ids
            info["controlnets_loaded"] = newly
            return self.controlnets.pipeline(loaded, models)
        class_name = loaded.adapter.pipeline_class(task)
        if class_name not in loaded.task_pipes:
            import diffusers

            pipe = getattr(diffusers, class_name).from_pipe(loaded.pipe)
            pipe.set_progress_bar_config(disable=True)
            loaded.task_pipes[class_name] = pipe
        return loaded.task_pipes[class_name]

    def _generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        import torch

        if not isinstance(request, DiffusionParams):
            raise TaskNotSupported.for_field("task", f"the diffusers engine cannot do {request.task.value}")
        ctx.check()  # it may have been canceled while waiting for the device
        load_started = time.perf_counter()
        was_loaded = self.cache.get(spec.id, spec.version) is not None
        loaded = self._ensure_loaded(spec)
        info: dict[str, Any] = {"model_load_s": 0.0 if was_loaded else round(time.perf_counter() - load_started, 4)}
        ctx.check()
        ctx.start_clock()
        if self.blobs is None and request.task is not Task.txt2img:
            raise EngineError("this engine was built without access to stored input images")
        seed = request.seed if request.seed is not None else secrets.randbelow(SEED_RANGE)
        try:
            network = self._network_enlarge(ctx)
            call = (
                build_call(request, self.blobs, loaded.adapter, seed, network, self._annotate)
                if self.blobs
                else TaskCall()
            )
            with quiet_diffusers():
                info |= self.loras.apply(loaded, request.loras, self.catalog.loras if self.catalog else {})
                pipe = self._task_pipe(loaded, request.task, call, info)
        except ImagegateError:
            raise
        except Exception as exc:  # unreadable stored input, diffusers refusing a combination, …
            raise EngineError(f"model '{spec.id}' could not prepare {request.task.value}: {exc}") from exc
        pipe.scheduler = self._scheduler(loaded, request.scheduler)
        count = request.num_images
        # One generator per image, seeded seed, seed+1, …: image i can be re-made alone with seed+i.
        generators = [torch.Generator("cpu").manual_seed(seed + i) for i in range(count)]
        steps = request.num_inference_steps or spec.defaults.num_inference_steps

        hr = request.hires if isinstance(request, Txt2ImgRequest) else None
        assert request.width is not None and request.height is not None
        final_size = hr.size(request.width, request.height) if hr is not None else (request.width, request.height)
        extra = hires.second_pass_steps(hr, steps) if hr is not None else 0
        ran = [0]

        def step_reporter(offset: int, size: tuple[int, int], of: int | None = None) -> Any:
            """A step callback; a hires second pass or a later tile counts on (``offset``), out of ``of``
            steps in all when known."""

            def on_step(pipeline: Any, index: int, _timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
                ran[0] = offset + index + 1
                step = offset + index + 1
                total = of or (offset or int(getattr(pipeline, "num_timesteps", steps) or steps)) + extra
                preview = None
                if ctx.preview_due(step, total) and "latents" in tensors:
                    preview = _preview(loaded.adapter, pipeline, tensors["latents"], size)
                ctx.step(step, total, preview)
                return tensors

            return on_step

        warnings: list[str] = []
        kwargs: dict[str, Any] = {
            "prompt": request.prompt,
            "num_inference_steps": steps,
            "num_images_per_prompt": count,
            "generator": generators,
            "output_type": hires.first_pass_output(hr) if hr is not None else "pil",
            "callback_on_step_end": step_reporter(0, (request.width, request.height)),
            **loaded.adapter.call_kwargs(request, warnings),
            **call.kwargs,
            **spec.call_kwargs,
        }
        for name in ("width", "height"):
            if _accepts(pipe, name):
                kwargs[name] = getattr(request, name)
        started = time.perf_counter()
        try:
            with torch.inference_mode(), tiling.seamless(pipe, request.tiling):
                if isinstance(request, Img2ImgRequest) and request.tiled_upscale is not None:
                    output = _repaint_tiles(pipe, request, kwargs, seed, step_reporter)
                else:
                    output = pipe(**kwargs)
                if hr is not None:
                    assert isinstance(request, Txt2ImgRequest)
                    second = self._task_pipe(loaded, Task.img2img, TaskCall(), info)
                    second.scheduler = self._scheduler(loaded, hr.scheduler or request.scheduler)
                    common = kwargs | {
                        "generator": [torch.Generator("cpu").manual_seed(seed + i) for i in range(count)],
                        "output_type": "pil",
                        "callback_on_step_end": step_reporter(ran[0], final_size),
                    }
                    for name, value in zip(("width", "height"), final_size, strict=True):
                        common.pop(name, None)  # image-to-image takes the size of its image …
                        if _accepts(second, name):
                            common[name] = value  # … or, in flow families, asks for it as well
                    enlarged = hires.enlarge(output.images, hr, final_size, network)
                    output = second(**hires.second_pass_kwargs(request, hr, enlarged, common))
            finished = call.finish(list(output.images))
        except JobInterrupted:
            raise
        except Exception as exc:
            raise EngineError(f"model '{spec.id}' failed: {exc}") from exc
        compute_s = time.perf_counter() - started
        images = [GeneratedImage(image=img, seed=seed + i) for i, img in enumerate(finished)]
        images += [GeneratedImage(image=img, seed=None, kind="control") for img in call.control_maps]
        info |= {
            "seed": seed,
            "steps_run": ran[0],  # image tasks run about strength × num_inference_steps
            "scheduler": type(pipe.scheduler).__name__,
            "pipeline": type(pipe).__name__,
            "family": loaded.adapter.family.value,
            "device": self.device,
        }
        if warnings:
            info["warnings"] = warnings
        return EngineResult(images=images, info=info, compute_s=compute_s)


def _repaint_tiles(
    pipe: Any, request: Img2ImgRequest, kwargs: dict[str, Any], seed: int, reporter: Callable[..., Any]
) -> Any:
    """A1111's SD upscale: ``kwargs["image"]`` (already enlarged) repainted tile by tile."""
    import torch

    assert request.tiled_upscale is not None and request.width is not None and request.height is not None
    enlarged, option = kwargs["image"], request.tiled_upscale
    tile = (request.width, request.height)
    boxes = tiled.tiles(enlarged.size, tile, option.overlap)
    per_tile = max(1, int(kwargs["num_inference_steps"] * request.strength))

    def paint(index: int, image: Any) -> Any:
        call = kwargs | {
            "image": image,
            "generator": [torch.Generator("cpu").manual_seed(seed)],
            "callback_on_step_end": reporter(index * per_tile, image.size, per_tile * len(boxes)),
        }
        for name, value in zip(("width", "height"), image.size, strict=True):
            if name in call:
                call[name] = value
        return pipe(**call).images[0]

    return SimpleNamespace(images=[tiled.repaint(enlarged, tile, option.overlap, paint)])


def _preview(adapter: FamilyAdapter, pipeline: Any, latents: Any, size: tuple[int, int]) -> Preview | None:
    try:
        return adapter.preview(pipeline, latents, *size)
    except Exception:  # a preview is a nicety: an odd latent layout must never fail the job
        log.warning("preview failed for a %s model", adapter.family.value, exc_info=True)
        return None


def _estimate_bytes(spec: ModelSpec) -> int:
    """Size on disk, a good guess of the memory a model will take before it is loaded."""
    path = Path(spec.source)
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.suffix in (".safetensors", ".bin"))
    return 0


__all__ = ["DiffusersEngine", "FamilyAdapter"]
