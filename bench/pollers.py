"""Many SDK-like pollers of ``GET /v1/jobs/{id}`` against a real server while jobs run.

A real server on loopback with the embedded defaults (SQLite, local storage, the bundled
``models/catalog.toml``), some finished jobs, then ``--pollers`` keep-alive connections, each
reading a job in a loop with a think time between reads (jittered ±50 %, like the SDK's polling,
whose backoff tops out at 2 s). Half the pollers (``--own``) are SDK clients that submit a job
and poll it until it ends, then submit the next — so jobs queue, run and end all the time and reads
meet the write path (admissions, claims, progress, job ends) as in production; the others read a
finished job over and over.

Reported: errors (any answer but 200, connection failures, timeouts), the request rate, latency
seen by the client (send → whole answer) and by the server (its access log: the time inside the
app, from the first middleware to the last byte handed to uvicorn), both as p50/p90/p99/max, and
the server-side p99 against the target (≤ 100 ms, with 0 errors).

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.pollers --pollers 500 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from tests.support.server import ServerProcess

from bench.loadgen import exchange, request_bytes

REPO = Path(__file__).resolve().parents[1]
ROUTE = "/v1/jobs/{job_id}"
TARGET_P99_MS = 100.0
# Jobs of the bundled model at its defaults (64 px, 10 steps): a poller's own job, and the finished ones.
OWN_JOB = {"prompt": "a small red circle on a blue background"}
FINISHED_JOB = {"prompt": "a big green square on a white background"}
TERMINAL = ("succeeded", "failed", "canceled")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def spread(values_ms: list[float]) -> dict[str, float | int]:
    return {
        "n": len(values_ms),
        "p50_ms": round(percentile(values_ms, 0.50), 2),
        "p90_ms": round(percentile(values_ms, 0.90), 2),
        "p99_ms": round(percentile(values_ms, 0.99), 2),
        "max_ms": round(max(values_ms), 2) if values_ms else float("nan"),
    }


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.statuses[what] = self.statuses.get(what, 0) + 1


class Pool:
    """The finished jobs that half the pollers read."""

    def __init__(self, finished: list[str]):
        self.finished = finished


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened once when the server has closed it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, raw: bytes, timeout: float) -> tuple[int, bytes]:
        for attempt in (0, 1):
            fresh = self.streams is None
            if self.streams is None:
                self.streams = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), timeout)
            try:
                return await asyncio.wait_for(exchange(*self.streams, raw), timeout)
            except (OSError, asyncio.IncompleteReadError):
                self.close()
                if fresh or attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


def get_job(host: str, auth: dict[str, str], job_id: str) -> bytes:
    return request_bytes("GET", f"/v1/jobs/{job_id}", host, auth, None)


async def poller(
    index: int,
    conn: Connection,
    pool: Pool,
    auth: dict[str, str],
    *,
    own_jobs: bool,
    think: float,
    until: float,
    tally: Tally,
    submits: Tally,
) -> None:
    """Reads one job every think time. An ``own_jobs`` poller is an SDK client that submits a job
    (the bundled model's defaults) and polls it until it ends, then submits the next; the others
    read one finished job over and over."""
    host = f"{conn.host}:{conn.port}"
    job_id = None if own_jobs else random.choice(pool.finished)
    await asyncio.sleep(random.uniform(0, think))  # spread the first reads over one think time
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            if job_id is None:
                # A new seed each time: the same request again would be a cache hit, not a job.
                submit = request_bytes("POST", "/v1/jobs", host, auth, {**OWN_JOB, "seed": random.randrange(2**31)})
                status, body = await conn.request(submit, timeout=30)
                submits.count(str(status))
                submits.latencies_ms.append((time.perf_counter() - started) * 1000)
                if status == 202:
                    job_id = json.loads(body)["id"]
            else:
                status, body = await conn.request(get_job(host, auth, job_id), timeout=30)
                tally.count(str(status))
                tally.latencies_ms.append((time.perf_counter() - started) * 1000)
                if own_jobs and status == 200 and json.loads(body)["status"] in TERMINAL:
                    job_id = None
        except TimeoutError:
            conn.close()
            (tally if job_id else submits).count("timeout")
        except (OSError, asyncio.IncompleteReadError) as exc:
            (tally if job_id else submits).count(type(exc).__name__)
        await asyncio.sleep(max(0.0, min(think * random.uniform(0.5, 1.5), until - time.perf_counter())))
    conn.close()


async def load(
    port: int, auth: dict[str, str], finished: list[str], *, pollers: int, own: float, seconds: float, think: float
) -> tuple[Tally, Tally, float]:
    pool = Pool(finished)
    until = time.perf_counter() + think * 1.5 + seconds  # every poller has started after 1.5 think times
    tally, submits = Tally(), Tally()
    started = time.perf_counter()
    await asyncio.gather(
        *[
            poller(
                i,
                Connection("127.0.0.1", port),
                pool,
                auth,
                own_jobs=i < round(pollers * own),
                think=think,
                until=until,
                tally=tally,
                submits=submits,
            )
            for i in range(pollers)
        ]
    )
    return tally, submits, time.perf_counter() - started


def access_log(path: Path, start: int, end: int) -> list[dict]:
    """Access-log entries of ``GET /v1/jobs/{job_id}`` written between two byte offsets."""
    with path.open("rb") as log:
        log.seek(start)
        chunk = log.read(end - start)
    entries = []
    for line in chunk.splitlines():
        if b'"logger": "imagegate.access"' not in line:
            continue
        entry = json.loads(line)
        if entry.get("route") == ROUTE and entry.get("http_method") == "GET":
            entries.append(entry)
    return entries


def gc_pauses(metrics: str) -> dict[str, object]:
    """The server's garbage-collector pauses over its whole life, from ``/metrics`` (empty where the
    server does not export them)."""
    counts: dict[str, float] = {}
    sums: dict[str, float] = {}
    buckets: dict[str, list[tuple[str, float]]] = {}
    frozen = None
    for line in metrics.splitlines():
        if line.startswith("imagegate_gc_frozen_objects "):
            frozen = int(float(line.split()[1]))
        if not line.startswith("imagegate_gc_pause_seconds"):
            continue
        name, value = line.rsplit(" ", 1)
        generation = name.split('generation="')[1].split('"')[0]
        if name.startswith("imagegate_gc_pause_seconds_count"):
            counts[generation] = float(value)
        elif name.startswith("imagegate_gc_pause_seconds_sum"):
            sums[generation] = float(value)
        elif name.startswith("imagegate_gc_pause_seconds_bucket"):
            buckets.setdefault(generation, []).append((name.split('le="')[1].split('"')[0], float(value)))
    report: dict[str, object] = {"frozen_objects": frozen}
    for generation, count in sorted(counts.items()):
        report[f"gen{generation}"] = {
            "collections": int(count),
            "mean_ms": round(sums[generation] / count * 1000, 2) if count else None,
            # The first bucket holding every pause bounds the slowest one.
            "slowest_at_most_s": next((le for le, n in buckets.get(generation, []) if n >= count), None),
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pollers", type=int, default=500, help="concurrent keep-alive pollers")
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="how long they poll (after a ramp of 1.5 think times)"
    )
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between a poller's reads, s (±50 %%)")
    parser.add_argument("--finished", type=int, default=20, help="finished jobs made before the load")
    parser.add_argument(
        "--own", type=float, default=0.5, help="share of pollers that submit their own job and poll it to its end"
    )
    parser.add_argument("--threads", type=int, default=1, help="IMAGEGATE_TORCH_THREADS of the server")
    parser.add_argument("--keep-log", type=Path, help="copy the server's log here")
    parser.add_argument("--env", action="append", default=[], help="extra NAME=VALUE server settings")
    args = parser.parse_args()
    extra_env = dict(item.split("=", 1) for item in args.env)

    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(
            Path(tmp) / "server",
            REPO / "models" / "catalog.toml",
            env={
                "IMAGEGATE_TORCH_THREADS": str(args.threads),
                "IMAGEGATE_LOG_LEVEL": "info",  # the default: one access-log line per request
                **extra_env,
            },
        ).start()
        try:
            with server.client() as admin:
                created = admin.post("/v1/keys", json={"name": "bench"}).json()
                admin.patch(f"/v1/keys/{created['id']}/policy", json={"plan": "unlimited"}).raise_for_status()
            with server.client(created["key"]) as client:
                finished = []
                for i in range(args.finished):
                    job = client.post("/v1/jobs", json={**FINISHED_JOB, "seed": i}, headers={"Prefer": "wait=60"})
                    assert job.json()["status"] == "succeeded", job.text
                    finished.append(job.json()["id"])
            assert server.proc is not None
            proc = psutil.Process(server.proc.pid)
            auth = {"Authorization": f"Bearer {created['key']}"}
            load_before = os.getloadavg()[0]
            cpu_before = sum(proc.cpu_times()[:2])
            log_start = server.log_path.stat().st_size
            run = load(
                server.port,
                auth,
                finished,
                pollers=args.pollers,
                own=args.own,
                seconds=args.seconds,
                think=args.think,
            )
            tally, submits, elapsed = asyncio.run(run)
            cpu_spent = sum(proc.cpu_times()[:2]) - cpu_before
            threads = proc.num_threads()
            time.sleep(0.5)  # the last access-log lines
            with server.client() as admin:
                gc_report = gc_pauses(admin.get("/metrics").text)
            entries = access_log(server.log_path, log_start, server.log_path.stat().st_size)
            warnings = [
                line
                for line in server.log_tail(400).splitlines()
                if '"level": "warning"' in line or '"level": "error"' in line
            ]
        finally:
            server.stop()
            if args.keep_log:
                shutil.copyfile(server.log_path, args.keep_log)

    errors = sum(n for status, n in tally.statuses.items() if status != "200")
    server_ms = [float(e["duration_ms"]) for e in entries]
    server_side = spread(server_ms)
    report = {
        "pollers": args.pollers,
        "think_s": args.think,
        "seconds": round(elapsed, 1),
        "own_job_pollers": round(args.pollers * args.own),
        "requests": sum(tally.statuses.values()),
        "request_rate_per_s": round(sum(tally.statuses.values()) / elapsed, 1),
        "statuses": tally.statuses,
        "errors": errors,
        "client_side": spread(tally.latencies_ms),
        "server_side": server_side,
        "target": f"0 errors, server-side p99 <= {TARGET_P99_MS:g} ms",
        "server_p99_over_target": round(float(server_side["p99_ms"]) / TARGET_P99_MS, 3),
        "met": errors == 0 and float(server_side["p99_ms"]) <= TARGET_P99_MS,
        # The server's CPU includes the compute thread running the long jobs (about one core).
        "server_cpu_cores_used": round(cpu_spent / elapsed, 2),
        "server_threads": threads,
        "server_gc": gc_report,
        "server_torch_threads": args.threads,
        "submits": {"statuses": submits.statuses, **spread(submits.latencies_ms)},
        "server_warnings": warnings[-5:],
        "cpus": os.cpu_count(),
        "loadavg_1m_before": round(load_before, 2),
        "loadavg_1m_after": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
