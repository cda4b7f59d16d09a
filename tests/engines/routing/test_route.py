"""The route engine's decisions over many jobs: attempt cap, circuit breaker, retry budget, weights.

The targets are a scripted in-process engine (the decisions, not the providers, are under test here;
the providers' side is covered end to end in tests/e2e/test_routing_e2e.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

import pytest

from imagegate.config import Catalog
from imagegate.domain.jobs import EngineResult, GeneratedImage
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task, Txt2ImgRequest
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.engines.registry import prepare_catalog
from imagegate.engines.routing import RouteEngine
from imagegate.errors import ProviderError, RouteExhausted


class Scripted:
    """Fails while ``down`` holds the model id; counts calls."""

    name = "scripted"
    kind: EngineKind = "remote"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img})

    def __init__(self) -> None:
        self.down: set[str] = set()
        self.calls: Counter[str] = Counter()

    def validate(self, spec: ModelSpec, request: AnyRequest) -> None:
        pass

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        self.calls[spec.id] += 1
        if spec.id in self.down:
            raise ProviderError(f"{spec.id} is down", provider="scripted", upstream_status=503)
        return EngineResult(images=[GeneratedImage(image=None, seed=1)], cost=1.0)

    def loaded_models(self) -> list[str]:
        return []

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        return {}

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass


def setup(route: dict[str, Any], targets: tuple[str, ...] = ("a", "b", "c")) -> tuple[RouteEngine, Scripted, ModelSpec]:
    specs = [ModelSpec(id=t, engine="scripted", source=t) for t in targets]
    specs.append(ModelSpec.model_validate({"id": "r", "engine": "route", "route": route}))
    catalog = prepare_catalog(Catalog(models={s.id: s for s in specs}, default_id=None))
    scripted, engine = Scripted(), RouteEngine()
    engines: dict[str, Engine] = {"scripted": scripted, "route": engine}
    engine.bind(catalog, engines)
    spec = catalog.models["r"]
    return engine, scripted, spec


REQUEST = Txt2ImgRequest(prompt="x", width=64, height=64)


async def test_attempts_are_capped_per_job() -> None:
    targets = [{"model": t} for t in "abc"]
    engine, scripted, spec = setup({"targets": targets, "max_attempts": 2, "cooldown_s": 0})
    scripted.down = {"a", "b"}
    with pytest.raises(RouteExhausted) as failed:
        await engine.generate(spec, REQUEST, RunContext("j"))
    outcomes = [(a["target"], a["outcome"], a.get("reason")) for a in failed.value.attempts]  # type: ignore[attr-defined]
    assert outcomes == [("a", "failed", None), ("b", "failed", None), ("c", "skipped", "max_attempts")]
    assert scripted.calls["c"] == 0


async def test_circuit_opens_after_repeated_failures_and_a_probe_closes_it() -> None:
    route = {"targets": [{"model": "a"}, {"model": "b"}], "cooldown_s": 0, "failure_threshold": 2, "open_s": 60}
    engine, scripted, spec = setup(route, ("a", "b"))
    clock = [0.0]
    engine.health.clock = lambda: clock[0]
    scripted.down = {"a"}
    for _ in range(2):
        result = await engine.generate(spec, REQUEST, RunContext("j"))
        assert result.info["served_by"] == "b"
    result = await engine.generate(spec, REQUEST, RunContext("j"))
    assert result.info["attempts"][0]["reason"] == "circuit_open" and scripted.calls["a"] == 2
    clock[0] = 61
    scripted.down = set()
    result = await engine.generate(spec, REQUEST, RunContext("j"))
    assert result.info["served_by"] == "a"  # the half-open probe succeeded: closed again
    assert engine.health.snapshot("a")["state"] == "available"


async def test_retry_budget_stops_fallback_storms() -> None:
    route = {"targets": [{"model": "a"}, {"model": "b"}], "cooldown_s": 0, "failure_threshold": 100,
             "retry_ratio": 0.0, "retry_min": 2}  # fmt: skip
    engine, scripted, spec = setup(route, ("a", "b"))
    scripted.down = {"a"}
    served = [(await engine.generate(spec, REQUEST, RunContext("j"))).info["served_by"] for _ in range(2)]
    assert served == ["b", "b"]
    with pytest.raises(RouteExhausted) as failed:
        await engine.generate(spec, REQUEST, RunContext("j"))
    assert failed.value.attempts[-1]["reason"] == "retry_budget"  # type: ignore[attr-defined]
    assert scripted.calls["b"] == 2


async def test_weighted_first_attempts_follow_the_weights() -> None:
    route = {"targets": [{"model": "a", "weight": 3}, {"model": "b", "weight": 1}], "strategy": "weighted"}
    engine, scripted, spec = setup(route, ("a", "b"))
    engine._random.seed(7)
    for _ in range(400):
        await engine.generate(spec, REQUEST, RunContext("j"))
    share = scripted.calls["a"] / 400
    assert 0.68 < share < 0.82, share


async def test_route_kind_follows_its_targets() -> None:
    engine, _scripted, spec = setup({"targets": [{"model": "a"}]}, ("a",))
    assert engine.kind_for(spec) == "remote"
