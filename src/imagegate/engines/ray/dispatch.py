"""The dispatcher's side of ``executor = "ray"``: the connection to the Ray cluster, the Serve
deployment (deployed by the first server that finds none, attached to by the others), and
``RayEngine``, which runs the diffusers engine's jobs there.

``RayEngine`` stands in the engine table where the diffusers engine stood, so the scheduler and the
runner do not change: the runner still calls ``generate`` and gets images back, and encodes, checks,
stores and ends the job here. Everything that needs no compute (validation, the model's family,
``GET /v1/models`` facts) is still answered by a local diffusers engine that never loads a model.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
from collections.abc import Mapping
from typing import Any, ClassVar

from imagegate.config import Catalog, Settings, load_catalog, load_settings
from imagegate.domain.jobs import EngineResult
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.engines.diffusers import DiffusersEngine
from imagegate.engines.ray.replica import ComputeReplica, ReplicaOptions, RunOptions
from imagegate.errors import ConfigError, EngineError, ImagegateError, JobInterrupted

log = logging.getLogger("imagegate.engines.ray")
APP = "imagegate"  # the Serve application; its one deployment is "ComputeReplica"
NAMESPACE = "imagegate"
CANCEL_POLL_S = 0.2  # how often a job waiting on Ray (queued, loading) looks for its cancel


class RayCompute:
    """The cluster connection and the deployment's handle, made by ``connect``."""

    def __init__(self, settings: Settings, catalog: Catalog):
        self.settings = settings
        self.catalog = catalog
        self.handle: Any = None

    @property
    def capacity(self) -> int:
        """Jobs this dispatcher holds at once (the scheduler claims no more, so the rest stay queued
        for others): per replica, the autoscaling target and one waiting, at most what Serve lets a
        replica take. Claiming below Serve's cap keeps a replica that holds a job's model from
        looking full, which would send the job to another replica, to load the model there."""
        s = self.settings
        return s.ray_max_replicas * min(s.ray_max_ongoing_requests, math.ceil(s.ray_target_ongoing_requests) + 1)

    async def connect(self) -> None:
        """Join the cluster at ``ray_address`` and deploy (or attach to) the compute deployment;
        ``ConfigError`` naming the setting if either fails."""
        await asyncio.to_thread(self._connect)

    def _connect(self) -> None:
        try:
            import ray
            from ray import serve
        except ImportError:
            raise ConfigError(
                'executor = "ray" needs Ray Serve: pip install "imagegate[ray]" (or "ray[serve]")'
            ) from None
        address = self.settings.ray_address
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        try:
            _probe(address)  # ray.init retries an address where nothing listens for minutes
            if not ray.is_initialized():
                ray.init(address=address, namespace=NAMESPACE, log_to_driver=False, configure_logging=False)
        except Exception as exc:  # ConnectionError, or ray's own when nothing listens there
            raise ConfigError(
                f"cannot reach the Ray cluster at {address} (IMAGEGATE_RAY_ADDRESS, ray_address): "
                f"{exc or type(exc).__name__}"
            ) from None
        try:
            self.handle = self._attach(serve) or self._deploy(serve)
        except Exception as exc:
            raise ConfigError(f"executor=ray: could not deploy on the Ray cluster at {address!r}: {exc}") from None

    def _attach(self, serve: Any) -> Any:
        """The deployment another server made, if it runs: deploying again would restart its
        replicas under that server's running jobs."""
        from ray.serve.schema import ApplicationStatus

        status = serve.status().applications.get(APP)
        if status is None or status.status != ApplicationStatus.RUNNING:
            return None
        log.info("attached to the running Ray Serve application %r (its settings are the deployer's)", APP)
        return serve.get_app_handle(APP)

    def _deploy(self, serve: Any) -> Any:
        s = self.settings
        serve.start(proxy_location="Disabled")  # jobs come through handles, not Serve's HTTP proxy
        log.info("deploying the Ray Serve application %r (%d-%d replicas)", APP, s.ray_min_replicas, s.ray_max_replicas)
        return serve.run(application(s, self.catalog), name=APP, route_prefix=None)


def application(settings: Settings, catalog: Catalog) -> Any:
    """The compute deployment, bound to what its replicas build their engine from: the same
    settings, less this server's own secrets, with paths made absolute (a replica runs in a folder
    of Ray's), and the catalog."""
    from ray import serve

    s = settings
    options = ReplicaOptions(
        settings=s.model_copy(
            update={
                "devices": [],  # a replica runs on the one device Ray gives it
                "admin_key": None,
                "secret_key": None,
                "metrics_token": None,
                "data_dir": s.data_dir.resolve(),
                "blob_dir": s.resolved_blob_dir.resolve(),
                "hf_cache_dir": s.hf_cache_dir.resolve() if s.hf_cache_dir else None,
            }
        ),
        catalog=catalog,
        models_per_replica=s.ray_models_per_replica,
        torch_threads=s.ray_torch_threads,
    )
    deployment = serve.deployment(
        ray_actor_options={"num_gpus": s.ray_num_gpus, "num_cpus": s.ray_num_cpus},
        autoscaling_config={
            "min_replicas": s.ray_min_replicas,
            "max_replicas": s.ray_max_replicas,
            "target_ongoing_requests": s.ray_target_ongoing_requests,
        },
        max_ongoing_requests=s.ray_max_ongoing_requests,
    )(ComputeReplica)
    return deployment.bind(options)


def app_builder(args: dict[str, Any]) -> Any:
    """The application for ``serve run``, a Serve config file or KubeRay's ``RayService``
    (``import_path: imagegate.engines.ray.dispatch:app_builder``): settings from the replica's
    environment and ``imagegate.toml``, overridden by the config's ``args`` (lowercase setting
    names). Dispatchers then find it running and attach to it."""
    from imagegate.engines.registry import prepare_catalog, supported_tasks

    settings = load_settings(**args)
    return application(settings, prepare_catalog(load_catalog(settings, supported_tasks=supported_tasks())))


def _probe(address: str, timeout_s: float = 5.0) -> None:
    """Fail fast if nothing listens at ``host:port`` (``auto`` is looked up by Ray itself)."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return
    with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=timeout_s):
        pass


class RayEngine(Engine):
    """The diffusers engine's jobs, run on Ray Serve replicas that multiplex models by id."""

    name: ClassVar[str] = "diffusers"
    kind: ClassVar[EngineKind] = "compute"
    tasks: ClassVar[frozenset[Task]] = DiffusersEngine.tasks
    supports_loras = True

    def __init__(self, local: DiffusersEngine, compute: RayCompute):
        self.local = local  # answers everything but compute; loads nothing
        self.compute = compute
        self._resident: dict[str, list[str]] = {}  # replica -> models it held at its last job

    def bind(self, catalog: Catalog, engines: Mapping[str, Engine]) -> None:
        self.local.bind(catalog, engines)

    async def start(self) -> None:
        await self.local.start()

    async def close(self) -> None:
        await self.local.close()

    def size_multiple(self, spec: ModelSpec) -> int:
        return self.local.size_multiple(spec)

    def validate(self, spec: ModelSpec, request: AnyRequest) -> None:
        self.local.validate(spec, request)

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        return self.local.describe(spec) | {"loaded": spec.id in self.loaded_models()}

    def loaded_models(self) -> list[str]:
        """Models some replica held when it last answered (the scheduler prefers their jobs)."""
        return sorted({model for models in self._resident.values() for model in models})

    async def load(self, spec: ModelSpec) -> None:
        handle = self.compute.handle.options(multiplexed_model_id=spec.id, method_name="load")
        try:
            await handle.remote(spec)
        except ImagegateError:
            raise
        except Exception as exc:
            raise EngineError(f"model '{spec.id}' could not be loaded on Ray: {exc}", code="model_load_failed") from exc

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        from ray.exceptions import ActorUnavailableError, RayActorError
        from ray.serve.exceptions import RequestCancelledError

        ctx.check()  # canceled while it waited for a slot
        handle = self.compute.handle.options(multiplexed_model_id=spec.id, stream=True, method_name="run")
        response = handle.remote(spec, request, RunOptions(ctx.job_id, ctx.timeout_s, ctx.preview_every))
        watch = asyncio.create_task(_cancel_when_stopped(ctx, response))
        try:
            async for item in response:
                if "error" in item:
                    raise item["error"]
                if "result" in item:
                    self._resident[item["replica"]] = item["models"]
                    result: EngineResult = item["result"]
                    return result
                wanted = ctx.wants_preview is not None and ctx.wants_preview()
                ctx.step(item["step"], item["total"], item["preview"] if wanted else None)
        except JobInterrupted:
            response.cancel()
            raise
        except RequestCancelledError:
            raise JobInterrupted(ctx.stop_reason or "canceled") from None
        except (RayActorError, ActorUnavailableError) as exc:
            # The replica died under the job: the runner hands it back to the queue to run again.
            log.warning("job %s: its Ray replica stopped (%s); handing the job back", ctx.job_id, type(exc).__name__)
            response.cancel()  # one only unreachable for a while must not go on with it
            raise JobInterrupted("lost", "the Ray replica running this job stopped") from None
        except ImagegateError:
            raise
        except Exception as exc:
            raise EngineError(f"model '{spec.id}' failed on Ray: {exc}") from exc
        finally:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        raise JobInterrupted("lost", "the Ray replica ended the job's stream without a result")

    async def upscale_result(
        self, spec: ModelSpec, result: EngineResult, scale: float, ctx: RunContext
    ) -> EngineResult:
        return await self.local.upscale_result(spec, result, scale, ctx)


async def _cancel_when_stopped(ctx: RunContext, response: Any) -> None:
    """Cancel the Ray call once the job must stop, also while no progress arrives (queued in Serve's
    router, or its model loading): the replica's pipeline then stops at its next step."""
    while ctx.stop_reason is None:
        await asyncio.sleep(CANCEL_POLL_S)
    response.cancel()
