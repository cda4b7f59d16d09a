"""deploy/kuberay.yaml, checked as far as a machine without Kubernetes allows: it parses, its Serve
application's import_path builds imagegate's compute deployment from the settings it sets, and the
worker pods run a real `imagegate worker` command."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from imagegate.cli.main import app

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / "deploy" / "kuberay.yaml"


def _documents() -> dict[str, dict[str, Any]]:
    return {doc["kind"]: doc for doc in yaml.safe_load_all(MANIFEST.read_text())}


# Ray Serve's own models still use pydantic's v1-style Field extras (its import warns, not ours).
@pytest.mark.filterwarnings("ignore:Using extra keyword arguments on `Field`:DeprecationWarning")
def test_the_ray_service_builds_imagegate_s_serve_application(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ray")
    from ray.serve import Application

    service = _documents()["RayService"]
    serve_config = yaml.safe_load(service["spec"]["serveConfigV2"])
    (application,) = serve_config["applications"]
    assert application["name"] == "imagegate"  # the name dispatchers attach to
    module, _, name = application["import_path"].partition(":")
    builder = getattr(importlib.import_module(module), name)
    env = application["runtime_env"]["env_vars"]
    assert env["IMAGEGATE_RAY_NUM_GPUS"] == "1"
    for key, value in env.items():  # what the builder sees in the head's environment
        if key.startswith("IMAGEGATE_") and key != "IMAGEGATE_CATALOG":
            monkeypatch.setenv(key, value)
    monkeypatch.setenv("IMAGEGATE_CONFIG", str(REPO / "no-such-imagegate.toml"))
    built = builder({"catalog": [str(REPO / "models" / "*.toml")]})  # the bundled models stand in for /models
    assert isinstance(built, Application)


def test_the_worker_pods_run_a_real_imagegate_command() -> None:
    deployment = _documents()["Deployment"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    command = container["command"]
    assert command[:2] == ["imagegate", "worker"]
    env = {item["name"]: item.get("value") for item in container["env"]}
    assert env["IMAGEGATE_EXECUTOR"] == "ray" and env["IMAGEGATE_RAY_ADDRESS"].endswith("-head-svc:6379")
    group: Any = typer.main.get_command(app)
    with group.make_context("imagegate", [command[1], "--help"], resilient_parsing=True) as ctx:
        sub = group.get_command(ctx, command[1])
        assert sub is not None
        sub.make_context(command[1], list(command[2:]))  # raises on an unknown option or value
