"""One real imagegate server whose catalog points every hosted provider at a loopback fake."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.fakes import (
    FakeBFL,
    FakeFal,
    FakeImagen,
    FakeModelsLab,
    FakeOpenAI,
    FakeOpenAICompatible,
    FakeProvider,
    FakeReplicate,
    FakeStability,
)
from tests.support.provider_catalog import write_provider_catalog
from tests.support.server import ServerProcess

PROVIDER_ENV = ("openai", "bfl", "stability", "imagen", "replicate", "fal", "modelslab")


@dataclass
class Hosted:
    server: ServerProcess
    fakes: dict[str, FakeProvider]
    secrets: dict[str, str]  # env var name → value the server was given
    upstream: ServerProcess  # a second real imagegate, behind the openai_compatible models
    responses: list[str] = field(default_factory=list)  # every body the clients of these tests received

    def client(self, key: str | None = None) -> httpx.Client:
        def keep(response: httpx.Response) -> None:
            response.read()
            self.responses.append(response.text)
            self.responses.extend(response.headers.values())

        return httpx.Client(
            base_url=self.server.url,
            headers={"Authorization": f"Bearer {key or self.server.admin_key}"},
            timeout=60,
            event_hooks={"response": [keep]},
        )

    def job(self, client: httpx.Client, body: dict[str, Any], wait: int = 30) -> dict[str, Any]:
        response = client.post("/v1/jobs", json=body, headers={"Prefer": f"wait={wait}"})
        assert response.status_code in (200, 202), response.text
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def hosted(
    tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, server: ServerProcess
) -> Iterator[Hosted]:
    """``server`` (the shared tiny-model server) doubles as a second, real imagegate upstream."""
    keys = {name: f"sk-{name}-" + secrets.token_hex(12) for name in PROVIDER_ENV}
    fakes: dict[str, FakeProvider] = {
        "openai": FakeOpenAI(keys["openai"]),
        "flaky": FakeOpenAI(keys["openai"]),
        "slow": FakeOpenAI(keys["openai"]),
        "bfl": FakeBFL(keys["bfl"], pending_polls=1),
        "stability": FakeStability(keys["stability"]),
        "imagen": FakeImagen(keys["imagen"]),
        "replicate": FakeReplicate(keys["replicate"], polls_to_finish=1),
        "fal": FakeFal(keys["fal"], polls_to_finish=2),
        "modelslab": FakeModelsLab(keys["modelslab"]),
        "compatible": FakeOpenAICompatible(None, extra_fields={"seed"}),
    }
    for fake in fakes.values():
        fake.start()
    fakes["slow"].hold_s = 5
    env_names = {name: f"IG_E2E_{name.upper()}_KEY" for name in PROVIDER_ENV}
    env = {env_names[name]: keys[name] for name in PROVIDER_ENV}
    env["IG_E2E_BAD_KEY"] = "sk-bad-" + secrets.token_hex(12)
    env_names["bad"] = "IG_E2E_BAD_KEY"
    env["IG_E2E_UPSTREAM_KEY"] = server.new_key("downstream imagegate")
    env_names["upstream"] = "IG_E2E_UPSTREAM_KEY"
    root = tmp_path_factory.mktemp("hosted")
    catalog = write_provider_catalog(
        root / "providers.toml", fakes, env_names, tiny_models["sd1"], upstream_url=server.url
    )
    gateway = ServerProcess(
        root / "server",
        catalog,
        env={
            **env,
            "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
            "IMAGEGATE_PRELOAD": "false",
            "IMAGEGATE_LOG_LEVEL": "info",
        },
    )
    gateway.start()
    try:
        yield Hosted(gateway, fakes, env, upstream=server)
    finally:
        gateway.stop()
        for fake in fakes.values():
            fake.stop()
    broken = {name: fake.violations for name, fake in fakes.items() if fake.violations}
    assert not broken, f"fakes saw requests that break their providers' wire formats: {broken}"
