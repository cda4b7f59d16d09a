"""A throwaway PostgreSQL cluster on a free loopback port (trust auth, no fsync), for tests that
must show the SQL is portable. Debian's postgresql package provides the binaries; as root the
server runs as the ``postgres`` user (PostgreSQL refuses to run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.server import free_port


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or (
        [shutil.which(name)] if shutil.which(name) else []
    )
    return found[-1] if found else None


class PostgresServer:
    def __init__(self) -> None:
        initdb, postgres = _bin("initdb"), _bin("postgres")
        if initdb is None or postgres is None:
            if os.environ.get("CI"):
                pytest.fail("PostgreSQL is not installed; .ci/run installs it (apt-get install postgresql)")
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
        self.dir = Path(tempfile.mkdtemp(prefix="imagegate-pg-"))
        prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            prefix = ["runuser", "-u", "postgres", "--"]
        data = self.dir / "data"
        subprocess.run(
            [*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync"],
            check=True,
            capture_output=True,
        )
        self.port = free_port()
        settings = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=60"]
        self.proc = subprocess.Popen(
            [*prefix, postgres, "-D", str(data), "-p", str(self.port), "-k", str(self.dir), *settings],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"
        ready = _bin("pg_isready")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if (
                ready
                and subprocess.run([ready, "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True).returncode
                == 0
            ):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("PostgreSQL did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)
        shutil.rmtree(self.dir, ignore_errors=True)
