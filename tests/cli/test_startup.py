"""`imagegate serve` listens at once and starts its services meanwhile: an early request waits for
them instead of failing; a start that fails stops the process with exit code 1 and the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

import imagegate
from tests.support.server import ServerProcess, free_port

REPO = Path(__file__).resolve().parents[2]
CATALOGS = sorted((REPO / "models").glob("*.toml"))


def test_a_request_as_soon_as_the_port_opens_waits_for_the_services(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path, CATALOGS).start(until="/healthz")
    try:
        headers = {"Authorization": f"Bearer {server.admin_key}", "Prefer": "wait=60"}
        job = httpx.post(f"{server.url}/v1/jobs", json={"prompt": "a red circle"}, headers=headers, timeout=90)
        assert job.status_code == 200 and job.json()["status"] == "succeeded", job.text
        assert httpx.get(f"{server.url}/readyz").status_code == 200
    finally:
        server.stop()


def test_a_failed_start_exits_1_with_the_reason(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMAGEGATE_")} | {
        "IMAGEGATE_CONFIG": str(tmp_path / "none.toml"),
        "IMAGEGATE_DATA_DIR": str(tmp_path),
        "IMAGEGATE_CATALOG": "[" + ",".join(f'"{c}"' for c in CATALOGS) + "]",
        "IMAGEGATE_PORT": str(free_port()),
        "IMAGEGATE_DATABASE_URL": f"postgresql+asyncpg://nobody:x@127.0.0.1:{free_port()}/nothing",  # no one listens
        "PYTHONPATH": str(Path(imagegate.__file__).resolve().parents[1]),
        "HF_HUB_OFFLINE": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "imagegate", "serve"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "the server could not start" in run.stdout + run.stderr
