"""The explicit table of engines: catalog ``engine = "…"`` names one of these."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from imagegate.config import Catalog, Settings
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import Task
from imagegate.engines.base import Engine
from imagegate.errors import ConfigError
from imagegate.executors.local import LocalExecutor


@dataclass(frozen=True)
class EngineEntry:
    tasks: frozenset[Task]
    build: Callable[[Settings, LocalExecutor], Engine]
    # Checks a catalog entry for this engine and fills in what it derives (e.g. a provider model's
    # accepted parameters); raises ConfigError. None: nothing to check beyond the catalog loader's.
    prepare: Callable[[ModelSpec], ModelSpec] | None = None


def _diffusers(settings: Settings, executor: LocalExecutor) -> Engine:
    from imagegate.engines.diffusers import DiffusersEngine
    from imagegate.engines.diffusers.compile import CompileOptions
    from imagegate.engines.diffusers.memory import budget_bytes, budget_setting
    from imagegate.storage.blobs import open_blob_store

    return DiffusersEngine(
        executor=executor,
        device=settings.device,
        devices=settings.devices,
        memory_budget_bytes=int(settings.model_memory_gb * (1 << 30)),
        blobs=open_blob_store(settings),  # input images stored at admission
        max_loras_loaded=settings.max_loras_loaded,
        max_batch_size=settings.max_batch_size,
        batch_window_ms=settings.batch_window_ms,
        budget=lambda device: (budget_bytes(settings, device), budget_setting(settings, device)),
        compiler=CompileOptions(settings.compile_backend, settings.compile_recompile_limit),
    )


def _upscaler(settings: Settings, executor: LocalExecutor) -> Engine:
    from imagegate.engines.upscale import UpscalerEngine
    from imagegate.storage.blobs import open_blob_store

    return UpscalerEngine(executor=executor, blobs=open_blob_store(settings), device=settings.device)


def _route(settings: Settings, executor: LocalExecutor) -> Engine:
    from imagegate.engines.routing import RouteEngine

    return RouteEngine(settings)


def engine_table() -> dict[str, EngineEntry]:
    from imagegate.engines.diffusers import DiffusersEngine
    from imagegate.engines.remote import PROVIDERS
    from imagegate.engines.routing import RouteEngine
    from imagegate.engines.upscale import UpscalerEngine

    table = {
        "diffusers": EngineEntry(DiffusersEngine.tasks, _diffusers),
        "upscaler": EngineEntry(UpscalerEngine.tasks, _upscaler),
        "route": EngineEntry(RouteEngine.tasks, _route),
    }
    for provider in PROVIDERS:
        table[provider.name] = EngineEntry(
            provider.tasks,
            lambda settings, _executor, cls=provider: cls(settings),  # type: ignore[misc]
            provider.prepare,
        )
    return table


def supported_tasks() -> dict[str, set[str]]:
    return {name: {t.value for t in entry.tasks} for name, entry in engine_table().items()}


def prepare_catalog(catalog: Catalog) -> Catalog:
    """Engine-specific checks of every entry, then routes against the whole catalog."""
    from imagegate.engines.routing import prepare_routes

    table = engine_table()
    models: dict[str, ModelSpec] = {}
    for model_id, spec in catalog.models.items():
        prepare = table[spec.engine].prepare if spec.engine in table else None
        if spec.provider is not None and prepare is None:
            raise ConfigError(
                f"model '{model_id}': provider: only hosted-provider engines take one (engine is '{spec.engine}')"
            )
        models[model_id] = prepare(spec) if prepare else spec
    return dataclasses.replace(catalog, models=prepare_routes(models))
