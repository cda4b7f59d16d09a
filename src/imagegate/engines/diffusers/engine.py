"""The diffusers engine: local open-weight models on this machine's GPU or CPU.

Every task runs on the family's pipeline for it, made from the loaded text-to-image pipeline with
``from_pipe`` (the weights are shared, never loaded twice). LoRAs are switched per request on the
loaded modules; ControlNets are loaded once and attached per request.

Each device in ``devices`` has its own compute thread and loaded pipelines (``device``); a job goes
to one that holds its model (``placement``), and compatible jobs share a call (``batching``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, cast

from imagegate.config import Catalog
from imagegate.domain.jobs import EngineResult, GeneratedImage
from imagegate.domain.models import Family, ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams, Img2ImgRequest, Task, Txt2ImgRequest
from imagegate.engines.base import DeviceStats, Engine, EngineKind, RunContext
from imagegate.engines.diffusers import hires, schedulers, tiled, tiling
from imagegate.engines.diffusers.batching import Group, Member, batch_key, split
from imagegate.engines.diffusers.cache import LoadedModel, PipelineCache
from imagegate.engines.diffusers.checks import check_adapters, check_strength
from imagegate.engines.diffusers.compile import CompileOptions
from imagegate.engines.diffusers.device import Device, resolve_devices
from imagegate.engines.diffusers.families import FAMILIES, FamilyAdapter
from imagegate.engines.diffusers.loader import SourceKind, detect_family, source_kind
from imagegate.engines.diffusers.memory import fit_vae, free_device_memory
from imagegate.engines.diffusers.oom import OutOfMemory, is_out_of_memory, out_of_memory_error
from imagegate.engines.diffusers.placement import Placement
from imagegate.engines.diffusers.precision import check_model
from imagegate.engines.diffusers.progress import Progress
from imagegate.engines.diffusers.quiet import quiet_diffusers
from imagegate.engines.diffusers.tasks import TaskCall, accepts, build_call
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
        devices: Sequence[str] = (),
        memory_budget_bytes: int = 8 << 30,
        blobs: BlobStore | None = None,
        max_loras_loaded: int = 8,
        cache_dir: Path | None = None,
        max_batch_size: int = 1,
        batch_window_ms: float = 0.0,
        budget: Callable[[str], tuple[int, str]] | None = None,
        compiler: CompileOptions | None = None,
    ):
        self.executor = executor
        self.cache_dir = cache_dir
        self.device_settings = list(devices) or [device]
        self.memory_budget_bytes = memory_budget_bytes
        self.max_loras_loaded = max_loras_loaded
        # A device's model budget and the setting that holds it, by device name (memory.budget_bytes);
        # None: ``memory_budget_bytes`` for every device.
        self.budget = budget
        self.compiler = compiler
        self.blobs = blobs
        self.catalog: Catalog | None = None
        self.upscaler: UpscalerEngine | None = None  # enlarges for the hires fix and SD upscale by name
        self.max_batch_size = max_batch_size
        self.batch_window_s = batch_window_ms / 1000
        # The first device runs on the shared compute thread (the upscaler's and the safety check's);
        # more are made at start, each with a thread of its own. Until then the first is the CPU.
        self.devices: list[Device] = [self._device("cpu", executor)]
        self.placement = Placement()
        self._open: dict[tuple[Any, ...], Group] = {}  # groups still taking jobs, by batch key
        self._dispatching: set[asyncio.Task[None]] = set()
        self._families: dict[str, Family] = {}
        self._started = False

    def _device(self, name: str, executor: LocalExecutor) -> Device:
        return Device(
            name,
            index=len(self.devices) if hasattr(self, "devices") else 0,
            executor=executor,
            memory_budget_bytes=self.memory_budget_bytes,
            max_loras_loaded=self.max_loras_loaded,
            cache_dir=self.cache_dir,
            compiler=self.compiler,
        )

    @property
    def cache(self) -> PipelineCache:
        """The first device's pipelines (the only device's, on most machines)."""
        return self.devices[0].cache

    @property
    def device(self) -> str:
        return self.devices[0].name

    @property
    def capacity(self) -> int:
        """Jobs to hold at once: per device, a full batch running and one gathering (one running and
        one waiting without batching), so a device never idles between calls."""
        return len(self.devices) * 2 * max(self.max_batch_size, *self._model_batch_sizes())

    def _model_batch_sizes(self) -> list[int]:
        sizes = [s.max_batch_size for s in self.catalog or () if s.engine == self.name and s.max_batch_size]
        return sizes or [1]

    def batch_limit(self, spec: ModelSpec) -> int:
        return spec.max_batch_size or self.max_batch_size

    async def start(self) -> None:
        names = await self.executor.run(resolve_devices, self.device_settings)
        for index, name in enumerate(names):
            if index:
                executor = LocalExecutor(torch_threads=self.executor.torch_threads, name=f"compute-{index}")
                self.devices.append(self._device(name, executor))
            self.devices[index].resolve(name, self.budget(name) if self.budget else None)
            for spec in self.catalog or ():  # what a device cannot run stops start-up, naming the model
                if spec.engine == self.name:
                    check_model(spec, self.family_of(spec), name)
        self._started = True
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
        for device in self.devices:
            device.clear()
        for device in self.devices[1:]:
            device.executor.shutdown()
        del self.devices[1:]

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
        return list(dict.fromkeys(m for device in self.devices for m in device.cache.ids()))

    def _network_enlarge(self, ctx: RunContext) -> hires.Enlarge:
        """Enlarging with a catalog upscaler (checked at admission), on this compute thread."""

        def enlarge(upscaler_id: str, image: Any, size: tuple[int, int]) -> Any:
            spec = self.catalog.get(upscaler_id) if self.catalog else None
            if spec is None or self.upscaler is None:
                raise EngineError(f"upscaler '{upscaler_id}' is no longer in this server's catalog")
            return self.upscaler.enlarge(spec, image, size, ctx.check)

        return enlarge

    def _annotator(self, device: Device) -> Callable[[str, Any], Any]:
        def annotate(annotator_id: str, image: Any) -> Any:
            """A depth or pose unit's control map, by the catalog's annotator (on the compute thread)."""
            spec = self.catalog.annotators.get(annotator_id) if self.catalog else None
            if spec is None:
                raise EngineError(f"annotator '{annotator_id}' is no longer in the catalog", code="unknown_annotator")
            return device.annotators.annotate(spec, image)

        return annotate

    def device_stats(self) -> list[DeviceStats]:
        if not self._started:
            return []
        return [
            DeviceStats(d.name, d.index, d.assigned, d.cache.used_bytes(), d.cache.budget_bytes, d.memory_bytes())
            for d in self.devices
        ]

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        family = self.family_of(spec)
        flow = FAMILIES[family].flow_matching if family else None
        return {
            "family": family.value if family else None,
            "loaded": spec.id in self.loaded_models(),
            "max_batch_size": self.batch_limit(spec),
            "schedulers": schedulers.names(flow=flow) if flow is not None else None,
        }

    # -- placing jobs, on the event loop -----------------------------------------------------

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        if not isinstance(request, DiffusionParams):
            raise TaskNotSupported.for_field("task", f"the diffusers engine cannot do {request.task.value}")
        loop = asyncio.get_running_loop()
        seed = request.seed if request.seed is not None else secrets.randbelow(SEED_RANGE)
        member = Member(request=request, ctx=ctx, seed=seed, future=loop.create_future(), loop=loop)
        limit = self.batch_limit(spec)
        key = batch_key(spec, request) if limit > 1 else None
        group = self._open.get(key) if key is not None else None
        if group is None or not group.add(member):
            device = self.placement.choose(self.devices, spec)
            group = Group(key=key, limit=limit, device=device)
            group.add(member)
            if key is not None:
                self._open[key] = group
            task = asyncio.create_task(self._dispatch(device, spec, group), name=f"batch-{ctx.job_id}")
            self._dispatching.add(task)  # a reference, so the task is not collected while it runs
            task.add_done_callback(self._dispatching.discard)
        self.placement.placed(group.device, spec)
        return await member.future

    async def _dispatch(self, device: Device, spec: ModelSpec, group: Group) -> None:
        """Run ``group`` on ``device``: at once when the device is busy (jobs keep joining while the
        group waits for it), else after the gathering window or when full, whichever comes first."""
        try:
            if group.key is not None and self.batch_window_s > 0 and not device.executor.busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(group.full.wait(), self.batch_window_s)
            await device.executor.run(self._run_group, device, spec, group)
        except BaseException as exc:  # the executor shut down under it, or a bug: no job may hang
            error = exc if isinstance(exc, ImagegateError) else EngineError(f"model '{spec.id}' failed: {exc}")
            for member in group.members:
                member.settle(error)
            if not isinstance(exc, Exception):
                raise
        finally:
            if group.key is not None and self._open.get(group.key) is group:
                del self._open[group.key]
            self.placement.finished(device, spec, len(group.members))

    async def load(self, spec: ModelSpec) -> None:
        """Load on every device (at start-up for the default model, or a replica's model)."""
        await asyncio.gather(*(d.executor.run(d.ensure_loaded, spec, self._learn_family) for d in self.devices))

    def preload(self, spec: ModelSpec) -> LoadedModel:
        """Load a model on the first device now (blocking; call through the executor)."""
        return self.devices[0].ensure_loaded(spec, self._learn_family)

    def _learn_family(self, model_id: str, family: Family) -> None:
        self._families[model_id] = family

    # -- generation, on a device's compute thread --------------------------------------------

    def _run_group(self, device: Device, spec: ModelSpec, group: Group) -> None:
        """Seal the group and run what is left of it (jobs canceled while waiting drop out)."""
        self._attempt(device, spec, group.seal(), retry=True)

    def _attempt(self, device: Device, spec: ModelSpec, members: list[Member], *, retry: bool) -> None:
        """Run ``members`` and settle each. Out of device memory, a batch is retried once as two
        halves; a job that still does not fit fails with what to lower, and the device goes on."""
        members = [m for m in members if not m.stopped()]
        if not members:
            return
        try:
            results = self._run(device, spec, members)
        except OutOfMemory as oom:
            free_device_memory(device.name)
            if retry and len(members) > 1:
                images = sum(m.count for m in members)
                log.warning("model %s: %d images at once ran out of memory on %s; retrying in halves",
                            spec.id, images, device.name)  # fmt: skip
                for half in split(members):
                    self._attempt(device, spec, half, retry=False)
                return
            error = out_of_memory_error(spec, device.name, oom.error, sum(m.count for m in members))
            for member in members:
                member.settle(error)
            return
        except BaseException as exc:
            for member in members:
                member.settle(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for member, result in results:
            member.settle(result)

    def _run(self, device: Device, spec: ModelSpec, members: list[Member]) -> list[tuple[Member, EngineResult]]:
        """One pipeline call for ``members`` (compatible jobs, see ``batching``): each job's result."""
        import torch

        request = members[0].request
        load_started = time.perf_counter()
        was_loaded = device.cache.get(spec.id, spec.version) is not None
        loaded = device.ensure_loaded(spec, self._learn_family)
        info: dict[str, Any] = {"model_load_s": 0.0 if was_loaded else round(time.perf_counter() - load_started, 4)}
        members = [m for m in members if not m.stopped()]
        if not members:
            return []
        for member in members:
            member.ctx.start_clock()
        task = cast(AnyRequest, request).task
        if self.blobs is None and task is not Task.txt2img:
            raise EngineError("this engine was built without access to stored input images")
        seed = members[0].seed
        try:
            network, annotate = self._network_enlarge(members[0].ctx), self._annotator(device)
            # Each job's own images and how to finish its output; batched jobs differ in nothing else.
            calls = [
                build_call(cast(AnyRequest, m.request), self.blobs, loaded.adapter, m.seed, network, annotate)
                if self.blobs
                else TaskCall()
                for m in members
            ]
            call = calls[0]
            with quiet_diffusers():
                info |= device.loras.apply(loaded, request.loras, self.catalog.loras if self.catalog else {})
                pipe = device.task_pipe(loaded, task, call, info, self.catalog)
        except ImagegateError:
            raise
        except Exception as exc:  # unreadable stored input, diffusers refusing a combination, …
            raise EngineError(f"model '{spec.id}' could not prepare {task.value}: {exc}") from exc
        pipe.scheduler = device.scheduler(loaded, request.scheduler)
        batched = len(members) > 1
        count = sum(m.count for m in members)
        # One generator per image, seeded seed, seed+1, … per job: image i of a job can be re-made
        # alone with seed+i, whether it ran alone or in a batch.
        generators = [torch.Generator("cpu").manual_seed(m.seed + i) for m in members for i in range(m.count)]
        steps = request.num_inference_steps or spec.defaults.num_inference_steps

        hr = request.hires if isinstance(request, Txt2ImgRequest) else None
        assert request.width is not None and request.height is not None
        final_size = hr.size(request.width, request.height) if hr is not None else (request.width, request.height)
        extra = hires.second_pass_steps(hr, steps) if hr is not None else 0
        progress = Progress(members, loaded.adapter, steps, extra)

        warnings: list[str] = []
        per_job = [loaded.adapter.call_kwargs(m.request, []) for m in members]
        kwargs: dict[str, Any] = {
            "prompt": request.prompt,
            "num_inference_steps": steps,
            "num_images_per_prompt": request.num_images,
            "generator": generators,
            "output_type": hires.first_pass_output(hr) if hr is not None else "pil",
            "callback_on_step_end": progress.reporter(0, (request.width, request.height)),
            **loaded.adapter.call_kwargs(request, warnings),
            **call.kwargs,
            **spec.call_kwargs,
        }
        if batched:  # a prompt (and input image) per image, each job's repeated for its images

            def per_image(values: list[Any]) -> list[Any]:
                return [v for v, m in zip(values, members, strict=True) for _ in range(m.count)]

            kwargs["prompt"] = per_image([m.request.prompt for m in members])
            kwargs["num_images_per_prompt"] = 1
            if "negative_prompt" in kwargs:
                kwargs["negative_prompt"] = per_image([k["negative_prompt"] for k in per_job])
            if "image" in call.kwargs:
                kwargs["image"] = per_image([c.kwargs["image"] for c in calls])
        for name in ("width", "height"):
            if accepts(pipe, name):
                kwargs[name] = getattr(request, name)
        info |= fit_vae(pipe, request.width, request.height, count, seamless=request.tiling)
        started = time.perf_counter()
        try:
            with torch.inference_mode(), tiling.seamless(pipe, request.tiling):
                if isinstance(request, Img2ImgRequest) and request.tiled_upscale is not None:
                    output = tiled.repaint_tiles(pipe, request, kwargs, seed, progress.reporter)
                else:
                    output = pipe(**kwargs)
                if hr is not None:
                    assert isinstance(request, Txt2ImgRequest)
                    second = device.task_pipe(loaded, Task.img2img, TaskCall(), info, self.catalog)
                    second.scheduler = device.scheduler(loaded, hr.scheduler or request.scheduler)
                    common = kwargs | {
                        "generator": [torch.Generator("cpu").manual_seed(seed + i) for i in range(count)],
                        "output_type": "pil",
                        "callback_on_step_end": progress.reporter(progress.ran, final_size),
                    }
                    for name, value in zip(("width", "height"), final_size, strict=True):
                        common.pop(name, None)  # image-to-image takes the size of its image …
                        if accepts(second, name):
                            common[name] = value  # … or, in flow families, asks for it as well
                    info |= fit_vae(second, *final_size, count, seamless=request.tiling)
                    enlarged = hires.enlarge(output.images, hr, final_size, network)
                    output = second(**hires.second_pass_kwargs(request, hr, enlarged, common))
            produced = list(output.images)
        except JobInterrupted:
            raise
        except Exception as exc:
            if is_out_of_memory(exc):
                raise OutOfMemory(exc) from exc
            raise EngineError(f"model '{spec.id}' failed: {exc}") from exc
        compute_s = time.perf_counter() - started
        info |= {
            "steps_run": progress.ran,  # image tasks run about strength × num_inference_steps
            "scheduler": type(pipe.scheduler).__name__,
            "pipeline": type(pipe).__name__,
            "family": loaded.adapter.family.value,
            "device": device.name,
            "device_index": device.index,
        }
        if batched:
            info["batch"] = {"jobs": len(members), "images": count}
        results: list[tuple[Member, EngineResult]] = []
        first = 0
        for member, own in zip(members, calls, strict=True):
            finished = own.finish(produced[first : first + member.count])
            first += member.count
            images = [GeneratedImage(image=img, seed=member.seed + i) for i, img in enumerate(finished)]
            images += [GeneratedImage(image=img, seed=None, kind="control") for img in own.control_maps]
            job_info = info | {"seed": member.seed}
            if warnings:
                job_info["warnings"] = warnings
            share = compute_s * member.count / count  # the call's time, shared by images
            results.append((member, EngineResult(images=images, info=job_info, compute_s=share)))
        return results


__all__ = ["DiffusersEngine", "FamilyAdapter"]
