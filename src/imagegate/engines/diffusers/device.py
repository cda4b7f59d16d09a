"""One device's compute worker: its thread, its loaded pipelines (own memory budget, least recently
used out), its LoRAs, ControlNets and annotators. The diffusers engine holds one per device in
``devices`` and places each job on one (``engines.diffusers.placement``).

Everything here but the counters runs on the device's compute thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from imagegate.domain.models import Family, ModelSpec
from imagegate.domain.requests import Task
from imagegate.engines.diffusers import schedulers
from imagegate.engines.diffusers.annotators import Annotators
from imagegate.engines.diffusers.cache import LoadedModel, PipelineCache
from imagegate.engines.diffusers.compile import CompileOptions
from imagegate.engines.diffusers.controlnet import ControlNets
from imagegate.engines.diffusers.families import FAMILIES
from imagegate.engines.diffusers.loader import detect_family, load_pipeline, pipeline_bytes, resolve_device
from imagegate.engines.diffusers.lora import LoraManager
from imagegate.engines.diffusers.memory import estimate_bytes
from imagegate.engines.diffusers.precision import offload_mode
from imagegate.engines.diffusers.tasks import TaskCall
from imagegate.errors import ConfigError, EngineError, ImagegateError
from imagegate.executors.local import LocalExecutor

# One load at a time in the process: diffusers builds modules on the "meta" device by patching
# torch process-wide while it loads (accelerate's init_empty_weights), so a load on another thread at
# the same time breaks ("Unsupported device type 'meta'"). Seen with two devices loading at once.
_LOADING = threading.Lock()


class Device:
    def __init__(
        self,
        name: str,
        *,
        index: int = 0,
        executor: LocalExecutor,
        memory_budget_bytes: int,
        max_loras_loaded: int = 8,
        cache_dir: Path | None = None,
        compiler: CompileOptions | None = None,
    ):
        self.name = name  # as configured ("auto", "cuda:1", "cpu") until ``resolve``
        self.index = index  # its place in ``devices`` (two entries may name the same device)
        self.executor = executor
        self.cache_dir = cache_dir
        self.compiler = compiler
        self.cache = PipelineCache(memory_budget_bytes, device=name)
        self.loras = LoraManager(max_loaded=max_loras_loaded)
        self.controlnets = ControlNets(device=name)
        self.annotators = Annotators(device=name, cache_dir=cache_dir)
        # Jobs placed here and not finished yet (event loop only): placement balances on it.
        self.assigned = 0

    def resolve(self, name: str, budget: tuple[int, str] | None = None) -> None:
        """The device's real name (``auto`` resolved) and its memory budget with the setting that holds it."""
        self.name = self.controlnets.device = self.annotators.device = self.cache.device = name
        if budget is not None:
            self.cache.budget_bytes, self.cache.budget_setting = budget

    def clear(self) -> None:
        for model_id in self.cache.ids():
            self.cache.drop(model_id)
        self.controlnets.clear()
        self.annotators.clear()

    def memory_bytes(self) -> dict[str, int]:
        """What PyTorch's CUDA allocator holds on this device (nothing to say for CPU and MPS)."""
        if not self.name.startswith("cuda"):
            return {}
        import torch

        index = torch.device(self.name).index or 0
        return {
            "allocated": int(torch.cuda.memory_allocated(index)),
            "reserved": int(torch.cuda.memory_reserved(index)),
            "peak_allocated": int(torch.cuda.max_memory_allocated(index)),
        }

    def holds(self, spec: ModelSpec) -> bool:
        return spec.id in self.cache.ids()

    def ensure_loaded(self, spec: ModelSpec, on_family: Callable[[str, Family], None]) -> LoadedModel:
        """The model's pipeline on this device, loaded now if it is not (``on_family`` learns the
        detected family)."""
        loaded = self.cache.get(spec.id, spec.version)
        if loaded is not None:
            return loaded
        try:
            family = detect_family(spec, cache_dir=self.cache_dir)
            on_family(spec.id, family)
            adapter = FAMILIES[family]
            # A model larger than the whole budget is refused here, before anything is evicted for it.
            self.cache.make_room(estimate_bytes(spec, adapter, self.name), spec.id)
            started = time.perf_counter()
            pipe = load_pipeline(
                spec, adapter, device=self.name, cache_dir=self.cache_dir, compiler=self.compiler, reading=_LOADING
            )
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
            size_bytes=pipeline_bytes(pipe, offload_mode(spec, self.name)),
            default_scheduler=pipe.scheduler,
            load_s=time.perf_counter() - started,
        )
        if spec.defaults.scheduler:
            loaded.default_scheduler = self.scheduler(loaded, spec.defaults.scheduler)
        self.cache.make_room(loaded.size_bytes, spec.id)
        self.cache.put(loaded)
        return loaded

    def scheduler(self, loaded: LoadedModel, name: str | None) -> Any:
        if not name:
            return loaded.default_scheduler
        key = schedulers.normalize(name)
        if key not in loaded.schedulers:
            choice = schedulers.resolve(name, flow=loaded.adapter.flow_matching)
            base = loaded.default_scheduler.config
            loaded.schedulers[key] = schedulers.build(choice, base)
        return loaded.schedulers[key]

    def task_pipe(self, loaded: LoadedModel, task: Task, call: TaskCall, info: dict[str, Any], catalog: Any) -> Any:
        if task is Task.txt2img:
            return loaded.pipe
        if task is Task.controlnet:
            assert catalog is not None  # bound at start-up; admission checked the ids
            models, newly = [], []
            for net_id in call.controlnet_ids:
                model, fresh = self.controlnets.get(catalog.controlnets[net_id], loaded)
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


def resolve_devices(settings: list[str]) -> list[str]:
    """The devices to run on: ``["auto"]`` is every CUDA GPU (else the one ``auto`` picks); other
    entries resolve one by one. A CUDA index this machine lacks is a ConfigError naming the setting."""
    import torch

    if settings == ["auto"] and torch.cuda.is_available() and torch.cuda.device_count() > 1:
        return [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    names = [resolve_device(s) for s in settings]
    for name in names:
        if name.startswith("cuda"):
            index = int(name.partition(":")[2] or 0)
            count = torch.cuda.device_count() if torch.cuda.is_available() else 0
            if index >= count:
                raise ConfigError(f"devices: {name} does not exist here ({count} CUDA device(s) visible)")
    return names
