"""A real imagegate server process for end-to-end tests and benchmarks, on a free loopback port."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

import imagegate


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``python -m imagegate serve`` with its own data folder; ``env`` adds IMAGEGATE_* settings."""

    def __init__(
        self,
        data_dir: Path,
        catalog: Path | list[Path],
        *,
        env: dict[str, str] | None = None,
        admin_key: str | None = None,
        args: tuple[str, ...] = ("serve",),
    ):
        self.args = args  # e.g. ("serve", "--role", "api") or ("worker",)
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_key = admin_key or "ig_test_admin_" + secrets.token_urlsafe(16)
        catalogs = catalog if isinstance(catalog, list) else [catalog]
        self.env = {
            **os.environ,
            "IMAGEGATE_DATA_DIR": str(data_dir),
            "IMAGEGATE_CATALOG": "[" + ",".join(f'"{c}"' for c in catalogs) + "]",
            "IMAGEGATE_ADMIN_KEY": self.admin_key,
            "IMAGEGATE_HOST": "127.0.0.1",
            "IMAGEGATE_PORT": str(self.port),
            "IMAGEGATE_TORCH_THREADS": "1",
            "IMAGEGATE_CONFIG": str(data_dir / "no-config.toml"),
            "IMAGEGATE_LOG_LEVEL": "warning",
            "HF_HUB_OFFLINE": "1",
            # The server runs the code under test, wherever this checkout is (not another install).
            "PYTHONPATH": str(Path(imagegate.__file__).resolve().parents[1]),
            **(env or {}),
        }
        self.log_path = data_dir / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0, *, until: str | None = "/readyz") -> ServerProcess:
        """Start the process and return once ``until`` answers 200: ready to serve by default;
        ``/healthz`` returns as soon as the port answers (the services may still be starting).
        ``until=None`` (a worker, which serves no HTTP): return once it is running."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "imagegate", *self.args],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log_tail()}")
            if until is None:
                if "is running jobs" in self.log_path.read_text(errors="replace"):
                    return self
                time.sleep(0.05)
                continue
            try:
                if httpx.get(f"{self.url}{until}", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, timeout: float = 30.0) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def client(self, key: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key or self.admin_key}"}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60, **kwargs)

    def new_key(self, name: str = "test", scopes: list[str] | None = None) -> str:
        with self.client() as admin:
            response = admin.post("/v1/keys", json={"name": name, "scopes": scopes or ["generate"]})
            response.raise_for_status()
            return str(response.json()["key"])
