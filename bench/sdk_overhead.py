"""What the SDK's flow machinery costs per request, next to bare httpx, against a real server.

    .venv/bin/python -m bench.sdk_overhead [--requests 300]

Starts a server on the tiny test models (built in a temporary folder), then times GET /v1/models
and GET /v1/jobs/{id} with: bare httpx.Client, imagegate Client, and imagegate AsyncClient
(sequential awaits). Prints the median and p95 milliseconds per request.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from tests.support.catalog import write_catalog
from tests.support.server import ServerProcess
from tests.support.tiny_models import build_all

from imagegate.client import AsyncClient, Client


def summary(name: str, times: list[float]) -> str:
    times = sorted(t * 1000 for t in times)
    return f"{name:34} median {statistics.median(times):6.2f} ms   p95 {times[int(len(times) * 0.95) - 1]:6.2f} ms"


def timed(call: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


async def timed_async(make: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        await make()  # type: ignore[misc]
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        catalog = write_catalog(root / "catalog.toml", build_all(root / "models"))
        server = ServerProcess(root / "server", catalog, env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1"}).start()
        try:
            key = server.admin_key
            with Client(base_url=server.url, api_key=key) as client:
                job_id = client.jobs.create(prompt="bench", wait=60).id
            headers = {"Authorization": f"Bearer {key}"}
            print(f"{n} sequential requests per line, one keep-alive connection each")
            with (
                httpx.Client(base_url=server.url, headers=headers) as raw,
                Client(base_url=server.url, api_key=key) as sdk,
            ):
                for path, sdk_call in (
                    ("/v1/models", sdk.models.list),
                    (f"/v1/jobs/{job_id}", lambda: sdk.jobs.retrieve(job_id)),
                ):
                    name = path.split("/")[2]
                    raw_times: list[float] = []
                    sdk_times: list[float] = []
                    for _ in range(n + 20):  # interleaved, so both see the same load; 20 warm-up rounds
                        raw_times += timed(lambda p=path: raw.get(p).json(), 1)
                        sdk_times += timed(sdk_call, 1)
                    print(summary(f"httpx GET {name}", raw_times[20:]))
                    print(summary(f"Client {name}", sdk_times[20:]))

            async def run_async() -> None:
                async with AsyncClient(base_url=server.url, api_key=key) as aclient:
                    await timed_async(aclient.models.list, 20)
                    print(summary("AsyncClient models", await timed_async(aclient.models.list, n)))
                    jobs = await timed_async(lambda: aclient.jobs.retrieve(job_id), n)
                    print(summary("AsyncClient jobs", jobs))

            asyncio.run(run_async())
        finally:
            server.stop()


if __name__ == "__main__":
    main()
