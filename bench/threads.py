"""Compute thread defaults: tiny-shapes job time through a real server with the automatic torch
thread count against hand-set counts, on a quiet machine and on a busy one.

For each setting (``auto`` = IMAGEGATE_TORCH_THREADS unset, then 1, 2, …) a server on the bundled
catalog runs ``--jobs`` jobs one after another (10 steps, 64×64, result cache off) and reports the
client-observed job time p50/p90. "busy" runs the same with ``--burners`` processes spinning on the
CPU meanwhile (what else a shared host or a laptop is doing). Prints each setting's p50 and the
ratio of auto to the best hand-set one (target ≤ 1.3).

    .venv/bin/python -m bench.threads [--jobs 20] [--rounds 2] [--settings auto,1,2] [--burners 1]

Traffic goes only to servers this script starts on 127.0.0.1; counts and durations are bounded.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[1]


def _spin(stop_at: float) -> None:
    while time.monotonic() < stop_at:
        pass


@contextmanager
def burners(count: int, seconds: float) -> Iterator[None]:
    """``count`` processes each keeping one CPU busy for at most ``seconds``."""
    procs = [multiprocessing.Process(target=_spin, args=(time.monotonic() + seconds,)) for _ in range(count)]
    for proc in procs:
        proc.start()
    try:
        yield
    finally:
        for proc in procs:
            proc.terminate()
            proc.join()


def job_times(setting: str, jobs: int, busy: int) -> list[float]:
    env = {"IMAGEGATE_CACHE_ENABLED": "false"}
    server = ServerProcess(Path(tempfile.mkdtemp(prefix="bench-threads-")), sorted((REPO / "models").glob("*.toml")))
    server.env.update(env)
    if setting == "auto":
        server.env.pop("IMAGEGATE_TORCH_THREADS", None)  # ServerProcess sets 1 for tests; auto is unset
    else:
        server.env["IMAGEGATE_TORCH_THREADS"] = setting
    server.start()
    try:
        with server.client() as client:
            for i in range(3):  # warm-up: model loaded, first-call costs paid
                client.post("/v1/jobs", json={"prompt": f"warm {i}"}, headers={"Prefer": "wait=60"})
            times = []
            with burners(busy, seconds=600):
                for i in range(jobs):
                    started = time.perf_counter()
                    job = client.post(
                        "/v1/jobs", json={"prompt": f"a red circle {i}", "seed": i}, headers={"Prefer": "wait=60"}
                    ).json()
                    assert job["status"] == "succeeded", job
                    times.append(time.perf_counter() - started)
            return times
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=20, help="Jobs per setting and round.")
    parser.add_argument("--rounds", type=int, default=2, help="Rounds; the settings' order turns each round.")
    parser.add_argument("--settings", default="auto,1,2", help="Comma-separated: auto or a thread count.")
    parser.add_argument("--burners", type=int, default=1, help="Busy processes in the busy round.")
    args = parser.parse_args()
    settings = args.settings.split(",")
    print(f"# {datetime.now().isoformat(timespec='seconds')} {platform.node()} cpus={os.cpu_count()}")
    print(f"# load before: {os.getloadavg()}")
    for label, busy in (("quiet", 0), (f"busy ({args.burners} burner)", args.burners)):
        times: dict[str, list[float]] = {s: [] for s in settings}
        for round_ in range(args.rounds):
            # A different setting goes first each round, so a drift in the machine's load falls on all.
            for setting in settings[round_ % len(settings) :] + settings[: round_ % len(settings)]:
                times[setting] += job_times(setting, args.jobs, busy)
        p50s = {s: statistics.median(t) for s, t in times.items()}
        for setting, values in times.items():
            p90 = sorted(values)[int(0.9 * (len(values) - 1))]
            print(f"{label:18} threads={setting:5} job p50 {p50s[setting] * 1000:7.0f} ms  p90 {p90 * 1000:7.0f} ms")
        hand = {s: v for s, v in p50s.items() if s != "auto"}
        if "auto" in p50s and hand:
            best = min(hand, key=lambda s: hand[s])
            print(f"{label:18} auto / best hand-set ({best}): {p50s['auto'] / hand[best]:.2f} (target ≤ 1.3)")
    print(f"# load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
