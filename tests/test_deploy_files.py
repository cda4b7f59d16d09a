"""The deployment files in deploy/, checked as far as this machine allows (no container registry, no
Kubernetes): they parse, every IMAGEGATE_* setting they name exists, and every `imagegate` command
they start parses with the real CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from imagegate.cli.main import app
from imagegate.config import Settings

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"


def _compose() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text()))


def test_every_setting_named_in_deploy_files_exists() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    named = set()
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            named |= {m.removeprefix("IMAGEGATE_") for m in re.findall(r"IMAGEGATE_[A-Z0-9_]+", path.read_text())}
    assert named, "no settings found"
    assert named <= fields, sorted(named - fields)


def _commands() -> Iterator[tuple[str, list[str]]]:
    for name, service in _compose()["services"].items():
        command = service.get("command")
        if isinstance(command, list) and command[0] == "imagegate":
            yield name, command


@pytest.mark.parametrize(("service", "command"), list(_commands()))
def test_compose_starts_real_imagegate_commands(service: str, command: list[str]) -> None:
    group: Any = typer.main.get_command(app)
    with group.make_context("imagegate", [command[1], "--help"], resilient_parsing=True) as ctx:
        sub = group.get_command(ctx, command[1])
        assert sub is not None, f"{service}: no command {command[1]!r}"
        sub.make_context(command[1], list(command[2:]))  # raises on an unknown option or value


def test_compose_has_the_cluster_topology() -> None:
    services = _compose()["services"]
    assert {"postgres", "redis", "seaweedfs", "ray-head", "worker"} <= set(services)
    api = [s for s in services.values() if s.get("command", [])[:4] == ["imagegate", "serve", "--role", "api"]]
    assert len(api) == 2
    worker_env = services["worker"]["environment"]
    assert worker_env["IMAGEGATE_EXECUTOR"] == "ray" and worker_env["IMAGEGATE_STORAGE_URL"].startswith("s3://")
    # One secret for every process: image URLs signed by one replica are checked by another.
    for name in ("api-1", "api-2", "worker"):
        assert "IMAGEGATE_SECRET_KEY" in services[name]["environment"]
