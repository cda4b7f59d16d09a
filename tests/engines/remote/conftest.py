"""Engine-level provider tests: each adapter, started as the server starts it, talks to a real
loopback fake of its provider. A fake that saw a request breaking the documented format fails
the test at teardown."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from imagegate.admission.validation import apply_defaults, check_limits, check_task
from imagegate.domain.jobs import EngineResult
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import parse_request
from imagegate.engines.base import RunContext
from imagegate.engines.remote.base import RemoteEngine
from tests.support.fakes import FakeProvider, png


def secret() -> str:
    return "sk-test-" + secrets.token_hex(16)


@pytest.fixture
def key_env(monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A fresh credential in a fresh environment variable (how operators give keys)."""
    name = "IG_TEST_KEY_" + secrets.token_hex(4).upper()
    value = secret()
    monkeypatch.setenv(name, value)
    return name, value


def checked(fake: FakeProvider) -> Iterator[FakeProvider]:
    fake.reset()
    yield fake
    assert fake.violations == [], f"{fake.name} fake saw malformed requests: {fake.violations}"


def spec_for(engine: type[RemoteEngine], fake: FakeProvider, env: str, source: str, **extra: Any) -> ModelSpec:
    provider = {"api_key_env": env, "base_url": fake.url + extra.pop("base_path", ""), "poll_interval_s": 0.02}
    provider.update(extra.pop("provider", {}))
    raw = {"id": f"{engine.name}-test", "engine": engine.name, "source": source, "provider": provider, **extra}
    return engine.prepare(ModelSpec.model_validate(raw))


class Runner:
    """Starts an engine once and runs requests through admission checks and generate()."""

    def __init__(self, engine: RemoteEngine):
        self.engine = engine

    def admit(self, spec: ModelSpec, data: dict[str, Any]) -> Any:
        request = parse_request(data)
        check_task(spec, request)
        request = apply_defaults(spec, request)
        check_limits(spec, request)
        self.engine.validate(spec, request)
        return request

    async def run(self, spec: ModelSpec, data: dict[str, Any], ctx: RunContext | None = None) -> EngineResult:
        request = self.admit(spec, data)
        return await self.engine.generate(spec, request, ctx or RunContext("job_test", timeout_s=30))


def b64_png(width: int = 32, height: int = 32, color: tuple[int, int, int] = (10, 10, 10)) -> str:
    return base64.b64encode(png(width, height, color)).decode()
