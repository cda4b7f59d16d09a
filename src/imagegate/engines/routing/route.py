"""Routes: a catalog id (``engine = "route"``) served by one of several targets, local or hosted.

For each job the route orders its targets (as listed, or by weighted random draw), skips those
cooling down or with an open circuit, and tries the rest until one succeeds: a failure that another
target may not have (429, 5xx, timeouts, a provider down, a local model failing) moves on to the
next target; the user's own mistakes and moderation verdicts end the job at once. Attempts per job
are capped (``max_attempts``) and fallbacks across jobs limited by the retry budget. The job keeps
every attempt (``info.attempts``) and the target that served it (``info.served_by``), and is billed
at that target's price only.

A route fills no parameter defaults of its own beyond width and height: each target gets the
request with its own catalog defaults, and a target that cannot take the request as asked (a
parameter it lacks, a size over its limits) is skipped, with the reason recorded.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from imagegate.config import Catalog, Settings
from imagegate.domain.jobs import EngineResult
from imagegate.domain.models import ModelSpec, RouteConfig
from imagegate.domain.requests import AnyRequest, DiffusionParams, Task
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.engines.routing.health import RetryBudget, TargetHealth
from imagegate.errors import (
    ConfigError,
    ImagegateError,
    InvalidRequest,
    JobInterrupted,
    ProviderTimeout,
    RouteExhausted,
    TaskNotSupported,
    falls_back,
)

ALL_PARAMS = (
    "prompt",
    "width",
    "height",
    "num_images",
    "negative_prompt",
    "seed",
    "num_inference_steps",
    "guidance_scale",
    "scheduler",
)


@dataclass
class AttemptContext(RunContext):
    """A route attempt's context: stops when the job stops, and on its own per-attempt deadline
    (reason ``attempt_timeout``, which the route treats as a timeout of that target)."""

    parent: RunContext | None = None

    def check(self) -> None:
        if self.parent is not None:
            self.parent.check()
        if self._stop_reason is not None:
            raise JobInterrupted(self._stop_reason)
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise JobInterrupted("attempt_timeout", f"the target took longer than {self.timeout_s:g} s")


def target_request(target: ModelSpec, request: AnyRequest) -> AnyRequest:
    """The route's request as the target runs it: its id, and its defaults for what it takes."""
    updates: dict[str, Any] = {"model": target.id}
    if isinstance(request, DiffusionParams):
        d = target.defaults
        defaults = {
            "num_inference_steps": d.num_inference_steps,
            "guidance_scale": d.guidance_scale,
            "scheduler": d.scheduler,
            "negative_prompt": d.negative_prompt,
        }
        for name, value in defaults.items():
            if getattr(request, name) is None and value and target.accepts(name):
                updates[name] = value
    return request.model_copy(update=updates)


class RouteEngine(Engine):
    name = "route"
    kind: ClassVar[EngineKind] = "remote"
    tasks: ClassVar[frozenset[Task]] = frozenset(Task)

    def __init__(self, settings: Settings | None = None):
        self.settings = settings
        self.catalog: Catalog | None = None
        self.engines: Mapping[str, Engine] = {}
        self.health = TargetHealth()
        self._budgets: dict[str, RetryBudget] = {}
        self._random = random.Random()

    def bind(self, catalog: Catalog, engines: Mapping[str, Engine]) -> None:
        """Targets are run by their own engines."""
        self.catalog, self.engines = catalog, engines

    def targets(self, spec: ModelSpec) -> list[ModelSpec]:
        assert spec.route is not None and self.catalog is not None
        return [t for t in (self.catalog.get(x.model) for x in spec.route.targets) if t is not None]

    def kind_for(self, spec: ModelSpec) -> EngineKind:
        """A route of local models only shares the compute slot; any hosted target makes it I/O."""
        kinds = {self.engines[t.engine].kind for t in self.targets(spec)}
        return "compute" if kinds == {"compute"} else "remote"

    # -- admission -------------------------------------------------------------------------

    def check_target(self, target: ModelSpec, request: AnyRequest) -> None:
        if request.task not in target.tasks:
            raise TaskNotSupported.for_field("task", f"target '{target.id}' cannot do {request.task.value}")
        if isinstance(request, DiffusionParams):
            lim = target.limits
            assert request.width is not None and request.height is not None
            if request.width > lim.max_width or request.height > lim.max_height:
                raise InvalidRequest.for_field(
                    "width", f"{request.width}×{request.height} is over target '{target.id}' limits"
                )
            if lim.max_pixels and request.width * request.height > lim.max_pixels:
                raise InvalidRequest.for_field("width", f"over target '{target.id}' pixel limit")
            if request.num_images > lim.max_num_images:
                raise InvalidRequest.for_field("num_images", f"at most {lim.max_num_images} for target '{target.id}'")
            steps = request.num_inference_steps
            if steps is not None and steps > lim.max_steps:
                raise InvalidRequest.for_field(
                    "num_inference_steps", f"at most {lim.max_steps} for target '{target.id}'"
                )
        self.engines[target.engine].validate(target, request)

    def validate(self, spec: ModelSpec, request: AnyRequest) -> None:
        """The request must suit at least one target (the others are skipped when it runs)."""
        first: ImagegateError | None = None
        for target in self.targets(spec):
            try:
                self.check_target(target, target_request(target, request))
                return
            except ImagegateError as exc:
                first = first or exc
        assert first is not None
        raise first

    # -- generation ------------------------------------------------------------------------

    def order(self, route: RouteConfig, targets: list[ModelSpec]) -> list[ModelSpec]:
        if route.strategy == "ordered":
            return targets
        weights = {t.model: t.weight for t in route.targets}
        pool, out = list(targets), []
        while pool:
            pick = self._random.choices(pool, weights=[weights[t.id] for t in pool])[0]
            out.append(pick)
            pool.remove(pick)
        return out

    def budget(self, spec: ModelSpec) -> RetryBudget:
        assert spec.route is not None
        if spec.id not in self._budgets:
            self._budgets[spec.id] = RetryBudget(spec.route, clock=self.health.clock)
        return self._budgets[spec.id]

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        assert spec.route is not None
        route = spec.route
        ctx.start_clock()
        attempts: list[dict[str, Any]] = []
        budget = self.budget(spec)
        tried = 0
        failures: list[ImagegateError] = []
        soonest: float | None = None
        for target in self.order(route, self.targets(spec)):
            ctx.check()
            record: dict[str, Any] = {"target": target.id, "engine": target.engine}
            if tried >= route.max_attempts:
                attempts.append({**record, "outcome": "skipped", "reason": "max_attempts"})
                continue
            try:
                run_request = target_request(target, request)
                self.check_target(target, run_request)
            except ImagegateError as exc:
                attempts.append({**record, "outcome": "skipped", "reason": "unsuitable", "message": exc.message})
                failures.append(exc)
                continue
            admission = self.health.admit(target.id)
            if not admission.allowed:
                attempts.append({**record, "outcome": "skipped", "reason": admission.reason})
                if admission.until is not None:
                    soonest = admission.until if soonest is None else min(soonest, admission.until)
                continue
            if tried > 0 and not budget.allows_retry():
                self.health.release(target.id)
                attempts.append({**record, "outcome": "skipped", "reason": "retry_budget"})
                break
            budget.record(retry=tried > 0)
            tried += 1
            started = time.monotonic()
            child = AttemptContext(
                ctx.job_id,
                timeout_s=route.attempt_timeout_s,
                on_progress=ctx.on_progress,
                wants_preview=ctx.wants_preview,
                preview_every=ctx.preview_every,
                parent=ctx,
            )
            try:
                result = await self.engines[target.engine].generate(target, run_request, child)
            except JobInterrupted as exc:
                if exc.reason != "attempt_timeout":
                    self.health.release(target.id)
                    raise
                error: ImagegateError = ProviderTimeout(
                    f"target '{target.id}' did not finish within {route.attempt_timeout_s:g} s", provider=target.engine
                )
            except ImagegateError as exc:
                error = exc
            else:
                self.health.success(target.id)
                attempts.append({**record, "outcome": "succeeded", "duration_s": round(time.monotonic() - started, 4)})
                return self.served(target, run_request, result, attempts)
            attempts.append(
                {
                    **record,
                    "outcome": "failed",
                    "code": error.code,
                    "status": error.status,
                    "message": error.message,
                    "duration_s": round(time.monotonic() - started, 4),
                    **({"retry_after": retry_after} if (retry_after := getattr(error, "retry_after", None)) else {}),
                    **({"upstream_status": up} if (up := getattr(error, "upstream_status", None)) else {}),
                }
            )
            if not falls_back(error):
                self.health.release(target.id)
                error.attempts = attempts
                raise error
            self.health.failure(
                target.id,
                route,
                retry_after=getattr(error, "retry_after", None),
                error=f"{error.code}: {error.message}",
            )
            failures.append(error)
        raise self.exhausted(spec, attempts, failures, soonest)

    def served(
        self, target: ModelSpec, request: AnyRequest, result: EngineResult, attempts: list[dict[str, Any]]
    ) -> EngineResult:
        info = dict(result.info)
        info["served_by"] = target.id
        info["attempts"] = attempts
        if len([a for a in attempts if a["outcome"] != "skipped"]) > 1:
            warnings = list(info.get("warnings", []))
            warnings.append(f"served by fallback target '{target.id}' after {len(attempts) - 1} other target(s)")
            info["warnings"] = warnings
        if isinstance(request, DiffusionParams):
            info["target_params"] = {
                k: v for k, v in request.model_dump(mode="json").items() if v is not None and k not in ("prompt",)
            }
        cost, currency = result.cost, result.currency
        if cost is None:
            width, height = getattr(request, "width", 0) or 0, getattr(request, "height", 0) or 0
            steps = getattr(request, "num_inference_steps", 0) or 0
            cost = target.price.estimate(width=width, height=height, steps=steps, num_images=len(result.images))
            currency = target.price.currency
        return EngineResult(
            images=result.images, info=info, compute_s=result.compute_s, cost=round(cost, 8), currency=currency
        )

    def exhausted(
        self, spec: ModelSpec, attempts: list[dict[str, Any]], failures: list[ImagegateError], soonest: float | None
    ) -> ImagegateError:
        # Every target unsuitable for this request: that is the user's request, say why.
        if failures and all(a.get("reason") == "unsuitable" for a in attempts):
            error = failures[0]
        else:
            parts = [
                f"{a['target']}: {a.get('code') or a.get('reason')}"
                + (f" ({a['message']})" if a.get("message") else "")
                for a in attempts
            ]
            retry_after = None
            now = self.health.clock()
            waits = [self.health.state(a["target"]).cooldown_until - now for a in attempts]
            if soonest is not None:
                waits.append(soonest - now)
            positive = [w for w in waits if w > 0]
            if positive:
                retry_after = round(min(positive), 3)
            error = RouteExhausted(
                f"no target of route '{spec.id}' could serve the request: " + "; ".join(parts), retry_after=retry_after
            )
        error.attempts = attempts
        return error

    # -- catalog ---------------------------------------------------------------------------

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        assert spec.route is not None
        route = spec.route
        targets: list[dict[str, Any]] = []
        params: set[str] = set()
        tasks: set[str] = set()
        for item in route.targets:
            target = self.catalog.get(item.model) if self.catalog else None
            if target is None:
                continue
            engine = self.engines.get(target.engine)
            described = engine.describe(target) if engine else {}
            caps = described.get("capabilities") or {}
            params.update(
                caps.get("params")
                or (
                    ALL_PARAMS if target.params is None else ["prompt", "width", "height", "num_images", *target.params]
                )
            )
            tasks.update(t.value for t in target.tasks)
            targets.append(
                {
                    "model": target.id,
                    "engine": target.engine,
                    "weight": item.weight,
                    "price": target.price.model_dump(),
                    "health": self.health.snapshot(target.id),
                }
            )
        return {
            "family": None,
            "loaded": False,
            "kind": "route",
            "route": {
                "strategy": route.strategy,
                "targets": targets,
                "max_attempts": route.max_attempts,
                "attempt_timeout_s": route.attempt_timeout_s,
                "cooldown_s": route.cooldown_s,
                "failure_threshold": route.failure_threshold,
                "open_s": route.open_s,
                "retry_budget": {"ratio": route.retry_ratio, "min": route.retry_min, "window_s": route.retry_window_s},
                "billing": "the serving target's price",
            },
            "capabilities": {
                "tasks": sorted(t.value for t in spec.tasks if t.value in tasks),
                "params": [p for p in ALL_PARAMS if p in params],
            },
        }


def prepare_routes(models: dict[str, ModelSpec]) -> dict[str, ModelSpec]:
    """Check every route against the catalog and fill in what a route derives from its targets."""
    out = dict(models)
    for spec in models.values():
        where = f"model '{spec.id}'"
        if (spec.engine == "route") != (spec.route is not None):
            if spec.route is None:
                raise ConfigError(f"{where}: route: required for engine 'route' (its targets)")
            raise ConfigError(f"{where}: route: only routes (engine = 'route') have targets")
        if spec.route is None:
            continue
        seen: set[str] = set()
        targets = []
        for i, item in enumerate(spec.route.targets):
            target = models.get(item.model)
            if target is None:
                raise ConfigError(f"{where}: route.targets.{i}.model: no model '{item.model}' in the catalog")
            if target.route is not None:
                raise ConfigError(f"{where}: route.targets.{i}.model: '{item.model}' is a route; routes do not nest")
            if item.model in seen:
                raise ConfigError(f"{where}: route.targets.{i}.model: '{item.model}' is listed twice")
            seen.add(item.model)
            targets.append(target)
        can = {t for target in targets for t in target.tasks}
        missing = [t.value for t in spec.tasks if t not in can]
        if missing:
            raise ConfigError(f"{where}: tasks: no target can do {', '.join(missing)}")
        updates: dict[str, Any] = {"params": []}
        if "defaults" not in spec.model_fields_set:
            first = targets[0].defaults
            updates["defaults"] = spec.defaults.model_copy(update={"width": first.width, "height": first.height})
        out[spec.id] = spec.model_copy(update=updates)
    return out
