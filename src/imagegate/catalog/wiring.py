"""Putting the model manager together for a server (called by the composition root): the live
catalog's refresh, the engines a new entry may need, the downloader and the disk budget."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping

from imagegate.catalog.budget import DiskBudget
from imagegate.catalog.live import LiveCatalog
from imagegate.catalog.manager import ModelManager
from imagegate.catalog.pull import Puller, PullSettings
from imagegate.config import Settings
from imagegate.engines.base import Engine
from imagegate.engines.registry import engine_table
from imagegate.executors.local import LocalExecutor
from imagegate.net.guard import UrlPolicy, guarded_client

PULL_TIMEOUT_S = 60.0


def start_model_manager(
    settings: Settings,
    live: LiveCatalog,
    engines: MutableMapping[str, Engine],
    executor: LocalExecutor,
    worker: str,
    *,
    computes: bool = True,
) -> tuple[ModelManager, Puller | None]:
    """``computes``: whether this process runs jobs (an API replica does not: it neither starts
    engines nor downloads; the workers' pullers do)."""

    async def ensure_engine(name: str) -> None:
        """An entry added at run time may need an engine the file catalog did not (e.g. the first
        local model on a server of hosted ones): built, bound and started like the others."""
        if name in engines:
            return
        if computes and name in ("diffusers", "upscaler"):
            await asyncio.to_thread(__import__, "diffusers")
        engine = engine_table()[name].build(settings, executor)
        engine.bind(live.catalog, engines)
        if computes:
            await engine.start()
        engines[name] = engine

    def loaded() -> set[str]:
        return {model_id for engine in list(engines.values()) for model_id in engine.loaded_models()}

    live.bind(ensure_engine=ensure_engine, loaded=loaded)
    live.start()
    models_dir = settings.resolved_models_dir
    max_bytes = int(settings.models_max_gb * 1e9) if settings.models_max_gb else None
    budget = DiskBudget(live.store, models_dir, max_bytes=max_bytes, in_use=loaded)
    url_policy = UrlPolicy.from_entries(settings.url_allowlist)
    puller = None
    if settings.model_pulls and computes:
        puller = Puller(
            live.store,
            live,
            guarded_client(url_policy, timeout=PULL_TIMEOUT_S),
            PullSettings(
                models_dir=models_dir,
                owner=worker,
                # A stalled connection is given up after PULL_TIMEOUT_S: the lease outlasts it.
                lease_s=max(settings.lease_s, 2 * PULL_TIMEOUT_S),
                poll_s=settings.catalog_refresh_s,
                hub_endpoint=settings.hub_endpoint,
                hub_token=settings.hub_token.get_secret_value() if settings.hub_token else None,
                download_tokens={host: t.get_secret_value() for host, t in settings.download_tokens.items()},
                allow_pickle=settings.allow_pickle,
            ),
            budget,
        )
        puller.start()
    manager = ModelManager(
        live.store,
        live,
        models_dir=models_dir,
        url_policy=url_policy,
        allow_pickle=settings.allow_pickle,
        on_pull=puller.wake if puller is not None else lambda: None,
        budget=budget,
    )
    return manager, puller
