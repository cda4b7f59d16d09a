"""Start-up: how soon after ``imagegate serve`` starts the port answers (/healthz) and a first
image is done — asked for the moment the port answers, as a script
that starts a server and uses it at once would.

    .venv/bin/python -m bench.startup [--runs 5]

Each run starts a fresh server (new data folder: migrations, the admin key, the bundled catalog)
on 127.0.0.1, with the automatic thread count; the target on the 2-core box is /healthz within 1 s
and the first image within 3 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx
from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[1]


def one_run() -> tuple[float, float]:
    server = ServerProcess(Path(tempfile.mkdtemp(prefix="bench-start-")), sorted((REPO / "models").glob("*.toml")))
    server.env.pop("IMAGEGATE_TORCH_THREADS", None)  # the defaults, as `make run` has them
    started = time.monotonic()
    server.start(timeout=120, until="/healthz")
    try:
        health = time.monotonic() - started
        headers = {"Authorization": f"Bearer {server.admin_key}", "Prefer": "wait=60"}
        job = httpx.post(f"{server.url}/v1/jobs", json={"prompt": "a red circle"}, headers=headers, timeout=120)
        assert job.json()["status"] == "succeeded", job.text
        return health, time.monotonic() - started
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"# {datetime.now().isoformat(timespec='seconds')} {platform.node()} cpus={os.cpu_count()}")
    print(f"# load before: {os.getloadavg()}")
    runs = [one_run() for _ in range(args.runs)]
    for name, index, target in (("port answers (/healthz)", 0, 1.0), ("first image done", 1, 3.0)):
        values = [r[index] for r in runs]
        print(
            f"{name:24} median {statistics.median(values):5.2f} s  min {min(values):5.2f}  max {max(values):5.2f}"
            f"  (target {target:.0f} s: ratio {statistics.median(values) / target:.2f})"
        )
    print(f"# load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
