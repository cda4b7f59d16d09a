"""The explicit table of engines: catalog ``engine = "…"`` names one of these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from imagegate.config import Settings
from imagegate.domain.requests import Task
from imagegate.engines.base import Engine
from imagegate.executors.local import LocalExecutor


@dataclass(frozen=True)
class EngineEntry:
    tasks: frozenset[Task]
    build: Callable[[Settings, LocalExecutor], Engine]


def _diffusers(settings: Settings, executor: LocalExecutor) -> Engine:
    from imagegate.engines.diffusers import DiffusersEngine
    from imagegate.storage.blobs import LocalBlobStore

    return DiffusersEngine(
        executor=executor,
        device=settings.device,
        memory_budget_bytes=int(settings.model_memory_gb * (1 << 30)),
        blobs=LocalBlobStore(settings.resolved_blob_dir),  # input images stored at admission
        max_loras_loaded=settings.max_loras_loaded,
    )


def _upscaler(settings: Settings, executor: LocalExecutor) -> Engine:
    from imagegate.engines.upscale import UpscalerEngine
    from imagegate.storage.blobs import LocalBlobStore

    return UpscalerEngine(executor=executor, blobs=LocalBlobStore(settings.resolved_blob_dir), device=settings.device)


def engine_table() -> dict[str, EngineEntry]:
    from imagegate.engines.diffusers import DiffusersEngine
    from imagegate.engines.upscale import UpscalerEngine

    return {
        "diffusers": EngineEntry(DiffusersEngine.tasks, _diffusers),
        "upscaler": EngineEntry(UpscalerEngine.tasks, _upscaler),
    }


def supported_tasks() -> dict[str, set[str]]:
    return {name: {t.value for t in entry.tasks} for name, entry in engine_table().items()}
