"""The composition root: everything a running server (or a worker) holds, built once from the
settings by ``Services.start`` and stopped in order by ``Services.stop``. Nothing here exists at
import time, and nothing below this module sees the whole: each part gets the few collaborators it
uses through its constructor.

Who builds it: the HTTP app's lifespan (``api.app``) and any other entry point that runs jobs.
What a client dialect adds (its own webhook bodies) is handed in as an argument, not registered.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from imagegate.admission import Admission, KeyRules
from imagegate.admission.allowance import AllowanceStore
from imagegate.admission.cache import ResultCache
from imagegate.admission.clock import Clock, clock_for
from imagegate.admission.keys import KeyStore, Scope
from imagegate.admission.policies import PolicyStore
from imagegate.admission.ratelimit import RateLimiter
from imagegate.bookkeeping import Bookkeeper, BudgetAlerts, Sweeper
from imagegate.catalog import LiveCatalog, ModelManager, Puller
from imagegate.catalog.wiring import start_model_manager
from imagegate.config import Catalog, Settings, load_catalog
from imagegate.db import Database
from imagegate.domain.policy import SafetyDecision
from imagegate.engines.base import Engine
from imagegate.engines.loads import ModelLoads
from imagegate.engines.registry import engine_table, prepare_catalog, supported_tasks
from imagegate.engines.restore import FaceRestorer
from imagegate.errors import ConfigError
from imagegate.executors.cpus import available_cpus, torch_threads
from imagegate.executors.local import LocalExecutor
from imagegate.images.inputs import ImageInputs
from imagegate.jobs.events import JobEvents
from imagegate.jobs.follow import JobFollower
from imagegate.jobs.relay import EventBridge, NoRelay, PostgresRelay, Relay
from imagegate.jobs.runner import JobRunner
from imagegate.jobs.scheduler import Scheduler
from imagegate.jobs.store import JobStore
from imagegate.net.guard import UrlPolicy
from imagegate.observability.metrics import Metrics
from imagegate.safety import ImageSafety, NsfwClassifier
from imagegate.storage.blobs import BlobStore, open_blob_store
from imagegate.storage.signing import UrlSigner
from imagegate.webhooks.bodies import DialectBody, WebhookBodies
from imagegate.webhooks.delivery import DeliveryWorker
from imagegate.webhooks.outbox import Outbox

log = logging.getLogger("imagegate")

T = TypeVar("T")
Role = Literal["all", "api", "worker"]
ROLES: tuple[Role, ...] = ("all", "api", "worker")


@dataclass
class Services:
    settings: Settings
    catalog: Catalog
    db: Database
    keys: KeyStore
    jobs: JobStore
    events: JobEvents
    follower: JobFollower
    engines: dict[str, Engine]
    face_restorer: FaceRestorer | None  # only when the catalog lists [[face_restorers]]
    executor: LocalExecutor
    loads: ModelLoads
    runner: JobRunner
    scheduler: Scheduler
    blobs: BlobStore
    signer: UrlSigner  # image URLs handed to clients
    image_inputs: ImageInputs  # every surface's way in for image inputs (base64, uploads, URLs)
    admission: Admission
    rules: KeyRules
    policies: PolicyStore
    allowance: AllowanceStore
    outbox: Outbox
    delivery: DeliveryWorker
    url_policy: UrlPolicy  # where webhooks may be sent
    bookkeeper: Bookkeeper
    sweeper: Sweeper
    metrics: Metrics
    clock: Clock
    zone: ZoneInfo  # the calendar of quotas, budgets and usage days
    relay: Relay  # live events, cancels and wake-ups between processes
    bridge: EventBridge
    models: ModelManager  # run-time catalog entries (POST /v1/models) and their downloads
    live_catalog: LiveCatalog
    puller: Puller | None
    role: Role = "all"  # api: no compute here; worker: no HTTP; all: both (the embedded default)
    preload: asyncio.Task[None] | None = None

    @classmethod
    async def start(
        cls,
        settings: Settings,
        *,
        metrics: Metrics | None = None,
        dialect_bodies: Sequence[DialectBody] = (),
        role: Role = "all",
    ) -> Services:
        """Create and start everything, jobs last (no job runs before its bookkeeping and safety
        check exist). ``dialect_bodies`` are the client dialects' own webhook bodies. With ``role``
        "api" this process claims no jobs (workers elsewhere run them); "worker" and "all" claim."""
        metrics = metrics or Metrics()
        signer = UrlSigner(settings.signing_secret(), ttl_s=settings.url_ttl_s)
        catalog = prepare_catalog(load_catalog(settings, supported_tasks=supported_tasks()))
        # The database first: if it cannot be reached, say so before seconds of imports.
        db = Database(settings.resolved_database_url)
        await _reach("IMAGEGATE_DATABASE_URL", db.address(), db.migrate())
        live_catalog = await LiveCatalog.open(catalog, db, refresh_s=settings.catalog_refresh_s)
        blobs = open_blob_store(settings)
        await blobs.check()  # an unreachable S3 or a missing bucket stops the start, naming the setting
        relay = await _start_relay(db, role)
        computes = role != "api"  # an API replica admits and serves; it never loads a model
        if computes and any(spec.engine in LOCAL_ENGINES for spec in catalog):
            # torch and diffusers take seconds of CPU to import: on a worker thread, so the event
            # loop (the server already listens) keeps answering meanwhile.
            await asyncio.to_thread(_import_local_engines)
        keys = KeyStore(db)
        await _bootstrap_admin_key(settings, keys)
        cpus = available_cpus()
        threads = torch_threads(settings.torch_threads, cpus)
        log.info(
            "compute: %d torch thread(s) on %d CPU(s) available%s",
            threads,
            cpus,
            "" if settings.torch_threads else " (automatic; IMAGEGATE_TORCH_THREADS sets it)",
            extra={"torch_threads": threads, "cpus": cpus},
        )
        executor = LocalExecutor(torch_threads=threads, switch_interval_ms=settings.gil_switch_interval_ms)
        engines, compute_slots = await _start_engines(settings, catalog, executor, start=computes)
        face_restorer = None
        if computes and catalog.face_restorers:  # restores the faces of the jobs this process runs
            face_restorer = FaceRestorer(executor=executor, device=settings.device)
            await face_restorer.start()
        events = JobEvents()
        policies = PolicyStore(db)
        allowance = AllowanceStore(db)
        cache = ResultCache(db, ttl_s=settings.cache_ttl_s)
        outbox = Outbox(db)
        url_policy = UrlPolicy.from_entries(settings.webhook_allowlist)
        delivery = DeliveryWorker(
            outbox=outbox,
            secrets=policies,
            url_policy=url_policy,
            timeout_s=settings.webhook_timeout_s,
            retry_window_s=settings.webhook_retry_window_s,
            backoff_base_s=settings.webhook_backoff_base_s,
            backoff_max_s=settings.webhook_backoff_max_s,
            concurrency=settings.webhook_concurrency,
            on_outcome=lambda event, outcome: metrics.webhook_deliveries.labels(event, outcome).inc(),
            poll_interval_s=min(1.0, settings.webhook_backoff_base_s),
        )
        bodies = WebhookBodies(
            base_url=public_base_url(settings),
            signer=UrlSigner(settings.signing_secret(), ttl_s=settings.webhook_url_ttl_s),
            dialects=dialect_bodies,
        )
        alerts = BudgetAlerts(
            db=db, allowance=allowance, policies=policies, outbox=outbox, metrics=metrics, on_queued=delivery.wake
        )
        bookkeeper = Bookkeeper(
            db=db,
            allowance=allowance,
            cache=cache,
            outbox=outbox,
            bodies=bodies,
            alerts=alerts,
            metrics=metrics,
            on_queued=delivery.wake,
        )
        store = JobStore(db, lifecycle=bookkeeper, max_attempts=settings.max_job_attempts)
        worker = settings.resolved_worker_id
        runner = JobRunner(
            store=store,
            catalog=catalog,
            engines=engines,
            face_restorer=face_restorer,
            blobs=blobs,
            events=events,
            lifecycle=bookkeeper,
            worker=worker,
            image_check=await _image_safety(settings, executor, metrics) if computes else None,
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
            compute_prefetch=compute_slots - 1,
        )
        bridge = EventBridge(
            relay, events, runs_here=scheduler.active.__contains__, wake=scheduler.wake, cancel=scheduler.cancel
        )
        follower = JobFollower(
            store=store,
            events=events,
            worker=worker,
            runs_here=scheduler.active.__contains__,
            poll_interval_s=settings.poll_interval_s,
            watch=bridge.watch,
        )
        image_inputs = ImageInputs.from_settings(settings, blobs)
        models, puller = start_model_manager(settings, live_catalog, engines, executor, worker, computes=computes)
        rules = KeyRules(settings, policies)
        clock = clock_for(settings.test_clock_file)
        limiter = RateLimiter(settings.rate_limit_storage)
        if not settings.rate_limit_storage.startswith("memory://"):
            await _reach("IMAGEGATE_RATE_LIMIT_STORAGE", limiter.address(), _answers(limiter))

        def queued() -> None:
            scheduler.wake()
            bridge.queued()

        admission = Admission(
            settings=settings,
            catalog=catalog,
            engines=engines,
            image_inputs=image_inputs,
            store=store,
            events=events,
            rules=rules,
            limiter=limiter,
            allowance=allowance,
            cache=cache,
            outbox=outbox,
            url_policy=url_policy,
            blobs=blobs,
            metrics=metrics,
            clock=clock,
            on_queued=queued,
        )
        services = cls(
            settings=settings,
            catalog=catalog,
            db=db,
            keys=keys,
            jobs=store,
            events=events,
            follower=follower,
            engines=engines,
            face_restorer=face_restorer,
            executor=executor,
            loads=ModelLoads(engines),
            runner=runner,
            scheduler=scheduler,
            blobs=blobs,
            signer=signer,
            image_inputs=image_inputs,
            admission=admission,
            rules=rules,
            policies=policies,
            allowance=allowance,
            outbox=outbox,
            delivery=delivery,
            url_policy=url_policy,
            bookkeeper=bookkeeper,
            sweeper=Sweeper(store, allowance, interval_s=settings.sweep_interval_s),
            metrics=metrics,
            clock=clock,
            zone=ZoneInfo(settings.quota_timezone),
            relay=relay,
            bridge=bridge,
            models=models,
            live_catalog=live_catalog,
            puller=puller,
            role=role,
        )
        events.forward = bridge.forward
        await _reach("IMAGEGATE_DATABASE_URL", db.address(), relay.start(bridge.receive))
        delivery.start()
        services.sweeper.start()
        if role == "api":
            return services  # workers claim and run the jobs; this process admits and serves them
        await scheduler.start()
        if settings.preload and catalog.default_id:
            services.preload = asyncio.create_task(services._preload(catalog.default_id))
        return services

    async def _preload(self, model_id: str) -> None:
        """Load the default model before the first request needs it (failures surface on that request)."""
        spec = self.catalog.get(model_id)
        if spec is None:
            return
        try:
            await self.loads.start(spec)
            if model_id in self.engines[spec.engine].loaded_models():  # hosted models load nothing
                log.info("model %s loaded", model_id)
        except Exception as exc:
            log.warning("preloading model %s failed: %s", model_id, exc)

    async def refresh_gauges(self) -> None:
        """The metrics that are read, not counted: queue depth, running jobs, pending webhooks."""
        self.metrics.queue_depth.set(await self.jobs.queue_depth())
        self.metrics.jobs_running.set(len(self.scheduler.active))
        counts = await self.outbox.counts()
        self.metrics.webhooks_pending.set(counts.get("pending", 0) + counts.get("delivering", 0))
        m = self.metrics
        for stats in (s for engine in self.engines.values() for s in engine.device_stats()):
            labels = (stats.device, str(stats.index))
            m.device_jobs.labels(*labels).set(stats.jobs)
            m.device_model_bytes.labels(*labels).set(stats.model_bytes)
            m.device_budget_bytes.labels(*labels).set(stats.budget_bytes)
            for kind, value in stats.memory_bytes.items():
                m.device_memory.labels(*labels, kind).set(value)

    async def stop(self) -> None:
        if self.preload is not None:
            self.preload.cancel()
        await self.live_catalog.stop()
        await self.models.close()
        if self.puller is not None:
            await self.puller.stop()
        await self.scheduler.stop(grace_s=self.settings.shutdown_grace_s)
        self.bridge.queued()  # jobs handed back at the stop: the other workers claim them now
        await self.relay.close()
        await self.sweeper.stop()
        await self.delivery.stop()
        await self.jobs.close()
        await self.follower.close()
        await self.loads.close()
        for engine in self.engines.values():
            await engine.close()
        if self.face_restorer is not None:
            await self.face_restorer.close()
        self.runner.shutdown()
        self.executor.shutdown()
        await self.image_inputs.close()
        await self.db.dispose()


def public_base_url(settings: Settings) -> str:
    """Where this server is reached from outside, for links that leave a request (webhooks)."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    host = settings.host if settings.host not in ("0.0.0.0", "::") else "127.0.0.1"
    return f"http://{host}:{settings.port}"


async def _reach(setting: str, address: str, attempt: Awaitable[T]) -> T:
    """Run the first call to a service; if it cannot be reached, refuse to start with a message that
    names the setting and the address (the lower layer's exception says only what went wrong)."""
    try:
        return await asyncio.wait_for(attempt, REACH_TIMEOUT_S)
    except ConfigError:
        raise
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach {address} ({setting}): {_reason(exc)}") from exc
    except Exception as exc:
        if not _is_connection_error(exc):
            raise
        raise ConfigError(f"cannot reach {address} ({setting}): {_reason(exc)}") from exc


REACH_TIMEOUT_S = 30.0


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {REACH_TIMEOUT_S:.0f} s"
    cause = exc.__cause__ or exc.__context__
    text = str(exc).strip() or type(exc).__name__
    if cause is not None and isinstance(cause, OSError) and str(cause) not in text:
        text = f"{text} ({cause})"
    return text.splitlines()[0][:300]


def _is_connection_error(exc: BaseException) -> bool:
    """SQLAlchemy's and the drivers' ways of saying the server is not there (or refused us)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (OSError, OperationalError, InterfaceError, ConnectionError)):
            return True
        name = type(seen).__name__
        if name in {"InvalidPasswordError", "InvalidCatalogNameError", "CannotConnectNowError", "ConnectionError"}:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def _answers(limiter: RateLimiter) -> None:
    if not await limiter.check():
        raise ConnectionError("it does not answer")


async def _start_relay(db: Database, role: Role) -> Relay:
    dsn = db.notify_dsn()
    if dsn is None:
        if role != "all":
            log.warning("role %s on SQLite: other processes share this database file only on this machine", role)
        return NoRelay()
    return PostgresRelay(dsn)


LOCAL_ENGINES = frozenset({"diffusers", "upscaler"})


def _import_local_engines() -> None:
    import diffusers  # noqa: F401  (torch with it)


async def _start_engines(
    settings: Settings, catalog: Catalog, executor: LocalExecutor, *, start: bool = True
) -> tuple[dict[str, Engine], int]:
    """Build every engine the catalog names, bind each to the catalog and the others, then start
    them (``start=False``: for admission's checks only, as in an API replica, which runs nothing);
    and the compute jobs to hold at once (per device a call running and one waiting, or what Ray takes)."""
    table = engine_table()
    engines = {name: table[name].build(settings, executor) for name in sorted({spec.engine for spec in catalog})}
    slots = 2
    if start and settings.executor == "ray" and "diffusers" in engines:
        from imagegate.engines.diffusers import DiffusersEngine
        from imagegate.engines.ray import RayCompute, RayEngine

        local = engines["diffusers"]
        assert isinstance(local, DiffusersEngine)
        compute = RayCompute(settings, catalog)
        await compute.connect()
        engines["diffusers"], slots = RayEngine(local, compute), compute.capacity
    for engine in engines.values():
        engine.bind(catalog, engines)
    if start:
        for engine in engines.values():
            await engine.start()
    if start and settings.executor == "local" and "diffusers" in engines:
        from imagegate.engines.diffusers import DiffusersEngine

        diffusers_engine = engines["diffusers"]
        assert isinstance(diffusers_engine, DiffusersEngine)
        slots = diffusers_engine.capacity  # per device: one call running and one waiting (whole batches, batching)
    return engines, slots


async def _image_safety(settings: Settings, executor: LocalExecutor, metrics: Metrics) -> ImageSafety | None:
    if not settings.safety_enabled:
        return None
    # More threads for the check only while no pipeline runs (a lone job waits for its check).
    classifier = NsfwClassifier(threads=1, idle_threads=min(4, available_cpus()), device_busy=lambda: executor.busy)
    await asyncio.to_thread(classifier.load)
    return ImageSafety(
        classifier,
        # A job without terms (not admitted here) is checked by the server's policy, never less.
        SafetyDecision.of(settings.safety, enabled=True),
        lambda model, action: metrics.nsfw_flagged.labels(model, action).inc(),
    )


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
