"""Everything a running server holds, created in the app's lifespan and handed to routes through
typed dependencies. Nothing here exists at import time."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from imagegate.admission.image_inputs import ImageInputs
from imagegate.admission.keys import KeyStore, Scope
from imagegate.config import Catalog, Settings, load_catalog
from imagegate.db import Database
from imagegate.engines.base import Engine
from imagegate.engines.registry import engine_table, prepare_catalog, supported_tasks
from imagegate.executors.local import LocalExecutor
from imagegate.gateway import install_gateway, stop_gateway
from imagegate.jobs.events import JobEvents
from imagegate.jobs.runner import JobRunner
from imagegate.jobs.scheduler import Scheduler
from imagegate.jobs.store import JobStore
from imagegate.storage.blobs import LocalBlobStore
from imagegate.storage.signing import UrlSigner

log = logging.getLogger("imagegate")


@dataclass
class Services:
    settings: Settings
    catalog: Catalog
    db: Database
    keys: KeyStore
    jobs: JobStore
    events: JobEvents
    engines: dict[str, Engine]
    executor: LocalExecutor
    runner: JobRunner
    scheduler: Scheduler
    blobs: LocalBlobStore
    signer: UrlSigner
    image_inputs: ImageInputs  # every dialect's way in for image inputs (base64, uploads, URLs)
    extras: dict[str, Any] = field(default_factory=dict)  # services added by optional features

    @classmethod
    async def start(cls, settings: Settings, *, hooks: Sequence[Callable[[Services], None]] = ()) -> Services:
        """Create and start everything. ``hooks`` run once the gateway exists and before any job runs
        (client dialects register their own webhook bodies there)."""
        signer = UrlSigner(settings.signing_secret(), ttl_s=settings.url_ttl_s)
        catalog = prepare_catalog(load_catalog(settings, supported_tasks=supported_tasks()))
        db = Database(settings.resolved_database_url)
        await db.migrate()
        keys = KeyStore(db)
        await _bootstrap_admin_key(settings, keys)
        executor = LocalExecutor(
            torch_threads=settings.torch_threads, switch_interval_ms=settings.gil_switch_interval_ms
        )
        table = engine_table()
        engines: dict[str, Engine] = {}
        for name in sorted({spec.engine for spec in catalog}):
            engines[name] = table[name].build(settings, executor)
            bind = getattr(engines[name], "bind_catalog", None)
            if bind is not None:  # engines that resolve LoRA / ControlNet ids, or check their entries
                bind(catalog)
            await engines[name].start()
        for engine in engines.values():
            bind = getattr(engine, "bind", None)  # engines that run other engines (routes)
            if bind is not None:
                bind(catalog, engines)
        blobs = LocalBlobStore(settings.resolved_blob_dir)
        events = JobEvents()
        store = JobStore(db, max_attempts=settings.max_job_attempts)
        worker = settings.resolved_worker_id
        runner = JobRunner(
            store=store,
            catalog=catalog,
            engines=engines,
            blobs=blobs,
            events=events,
            worker=worker,
            post_thread_nice=settings.post_thread_nice,
        )
        scheduler = Scheduler(
            store=store,
            catalog=catalog,
            engines=engines,
            runner=runner,
            events=events,
            worker=worker,
            lease_s=settings.lease_s,
            poll_interval_s=settings.poll_interval_s,
            job_timeout_s=settings.job_timeout_s,
            remote_concurrency=settings.remote_concurrency,
            preview_every=settings.preview_every_steps,
        )
        services = cls(
            settings=settings,
            catalog=catalog,
            db=db,
            keys=keys,
            jobs=store,
            events=events,
            engines=engines,
            executor=executor,
            runner=runner,
            scheduler=scheduler,
            blobs=blobs,
            signer=signer,
            image_inputs=ImageInputs.from_settings(settings, blobs),
        )
        await install_gateway(services)  # before the scheduler: no job may run without the safety check
        for hook in hooks:
            hook(services)
        await scheduler.start()
        if settings.preload and catalog.default_id:
            services.extras["preload"] = asyncio.create_task(services.preload(catalog.default_id))
        return services

    async def preload(self, model_id: str) -> None:
        """Load a model before the first request needs it (failures surface on that request)."""
        spec = self.catalog.get(model_id)
        engine = self.engines[spec.engine] if spec else None
        preload = getattr(engine, "preload", None)
        if spec is None or preload is None:
            return
        try:
            await self.executor.run(preload, spec)
            log.info("model %s loaded", model_id)
        except Exception as exc:
            log.warning("preloading model %s failed: %s", model_id, exc)

    async def stop(self) -> None:
        task = self.extras.get("preload")
        if isinstance(task, asyncio.Task):
            task.cancel()
        await self.scheduler.stop(grace_s=self.settings.shutdown_grace_s)
        await stop_gateway(self)
        for engine in self.engines.values():
            await engine.close()
        self.runner.shutdown()
        self.executor.shutdown()
        await self.image_inputs.close()
        await self.db.dispose()


async def _bootstrap_admin_key(settings: Settings, keys: KeyStore) -> None:
    if settings.admin_key is not None:
        await keys.ensure(settings.admin_key.get_secret_value(), name="admin (from settings)", scopes=[Scope.admin])
        return
    if await keys.any_admin():
        return
    _, plaintext = await keys.create("admin (first start)", [Scope.admin])
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    # Shown exactly once: only its hash is stored.
    rule = "=" * 76
    banner = "\n".join(
        [
            "",
            rule,
            "  imagegate created an admin API key. It is shown only this once:",
            "",
            f"      {plaintext}",
            "",
            "  Keep it (lost it? set IMAGEGATE_ADMIN_KEY to a value of your choice and restart).",
            "  Your first image:",
            "",
            f"      export IMAGEGATE_API_KEY={plaintext}",
            f'      .venv/bin/imagegate generate "a red circle on a blue background" -o first.png --url {base}',
            "",
            f"  API docs: {base}/docs",
            rule,
            "",
        ]
    )
    print(banner, file=sys.stderr, flush=True)
