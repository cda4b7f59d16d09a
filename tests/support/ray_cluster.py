"""A real Ray head (``ray start --head --block``) on loopback ports of its own, for the Ray Serve
executor's tests and benchmark. Every port Ray would otherwise take by default (10001, 8265, 52365,
a fixed worker range) is chosen free here, so it runs beside other Ray clusters on the machine."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from tests.support.server import free_port

RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


class RayHead:
    def __init__(self, *, num_cpus: float = 2):
        self.num_cpus = num_cpus
        self.env = {**os.environ, **RAY_ENV}
        self.proc: subprocess.Popen[bytes] | None = None
        self._prepare()

    def _prepare(self) -> None:
        """A fresh temp folder and fresh ports."""
        # Short: Ray puts unix sockets under it (107-byte limit).
        self.temp_dir = Path(tempfile.mkdtemp(prefix="igray-", dir="/tmp"))
        self.log_path = self.temp_dir / "head.log"
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        ports = {
            "--port": self.port,
            "--node-manager-port": free_port(),
            "--object-manager-port": free_port(),
            "--ray-client-server-port": free_port(),
            "--dashboard-agent-listen-port": free_port(),
            "--dashboard-agent-grpc-port": free_port(),
            "--runtime-env-agent-port": free_port(),
            "--metrics-export-port": free_port(),
        }
        self.command = [
            str(Path(sys.executable).with_name("ray")),
            "start",
            "--head",
            "--block",
            "--node-ip-address=127.0.0.1",
            *(f"{flag}={port}" for flag, port in ports.items()),
            "--min-worker-port=0",  # any free port
            "--max-worker-port=0",
            f"--num-cpus={self.num_cpus}",
            f"--temp-dir={self.temp_dir}",
            "--include-dashboard=false",
            "--disable-usage-stats",
        ]

    def start(self, timeout: float = 240, *, tries: int = 2) -> RayHead:
        """Start the head. On a busy machine its raylet can miss the GCS's registration deadline;
        then it starts again, on fresh ports."""
        for attempt in range(1, tries + 1):
            with self.log_path.open("ab") as log:
                self.proc = subprocess.Popen(
                    self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                if "Ray runtime started" in self.log_path.read_text(errors="replace"):
                    return self
                time.sleep(0.3)
            tail = self.log_tail()
            self.stop()
            if attempt == tries:
                raise RuntimeError(f"ray start failed {tries} times; the last time:\n{tail}")
            self._prepare()
        raise AssertionError("unreachable")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self) -> None:
        """Stop the head and every process it started (GCS, raylet, and the workers the raylet
        started, which run in sessions of their own), found as its descendants."""
        if self.proc is None:
            return
        try:
            family = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        _, alive = psutil.wait_procs(family, timeout=10)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        shutil.rmtree(self.temp_dir, ignore_errors=True)
