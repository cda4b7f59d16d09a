"""Upscaler benchmark: time and peak memory of a tiled ×4 upscale through the engine's own code path,
and how close tiled and whole-image results are (PSNR).

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.upscale --model realesr-animevideov3-x4 --threads 2
    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.upscale --model realesrgan-x4plus --threads 2
    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.upscale --psnr-only --model realesrgan-x4plus

Run one model per process: peak RSS (``ru_maxrss``) is the whole process's high-water mark.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil
import torch
from tests.support.images import psnr, scene

from imagegate.domain.models import ModelSpec
from imagegate.engines.base import RunContext
from imagegate.engines.upscale.engine import UpscalerEngine
from imagegate.engines.upscale.tiling import upscale_tiled
from imagegate.engines.upscale.upscaler import TileSettings
from imagegate.executors.local import LocalExecutor
from imagegate.storage.blobs import LocalBlobStore
from imagegate.storage.encode import encode_image


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    return psutil.Process().memory_info().rss / (1 << 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="realesr-animevideov3-x4", help="bundled ncnn name or a weights path")
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--scale", type=float, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tile", type=int, default=TileSettings.tile)
    parser.add_argument("--psnr-only", action="store_true", help="only compare tiled and untiled on 256 px")
    parser.add_argument("--encode", action="store_true", help="also encode the result as PNG (as the server does)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    source = args.model if os.path.exists(args.model) else f"ncnn:{args.model}"
    spec = ModelSpec(
        id="bench", engine="upscaler", source=source, tasks=["upscale"], call_kwargs={"tile_size": args.tile}
    )
    blobs = LocalBlobStore(Path(tempfile.gettempdir()) / "imagegate-bench-blobs")
    engine = UpscalerEngine(executor=LocalExecutor(), blobs=blobs)
    load = time.perf_counter()
    network = engine.network(spec)
    print(
        f"model {args.model}: {network.architecture} {network.config}, {network.parameters / 1e6:.2f} M params, "
        f"loaded in {time.perf_counter() - load:.2f} s; torch threads {torch.get_num_threads()}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    tiles = TileSettings.from_kwargs(dict(spec.call_kwargs))
    small = np.asarray(scene(256, 256, seed=1))
    started = time.perf_counter()
    whole = upscale_tiled(network.module, small, scale=int(network.scale), tile=0)
    whole_s = time.perf_counter() - started
    started = time.perf_counter()
    tiled = upscale_tiled(
        network.module, small, scale=int(network.scale), tile=64, pad=tiles.pad, overlap=tiles.overlap
    )
    tiled_s = time.perf_counter() - started
    print(
        f"256 px ×{network.scale:g}: untiled {whole_s:.2f} s, tiled (64 px tiles, pad {tiles.pad}, overlap "
        f"{tiles.overlap}) {tiled_s:.2f} s, PSNR tiled vs untiled {psnr(whole, tiled):.2f} dB"
    )
    if args.psnr_only:
        return
    image = scene(args.width, args.height, seed=2)
    started = time.perf_counter()
    last = [-1]

    def report(done: int, total: int, _preview: object) -> None:
        tenth = done * 10 // total
        if tenth != last[0]:
            last[0] = tenth
            print(f"  {done * 100 // total:3d} % after {time.perf_counter() - started:.0f} s", flush=True)

    ctx = RunContext(job_id="bench", on_progress=report)
    before = rss_mib()
    started = time.perf_counter()
    result, info = engine.upscale(spec, image, args.scale, ctx)
    upscale_s = time.perf_counter() - started
    print(
        f"{args.width}×{args.height} ×{args.scale:g} -> {result.width}×{result.height}: {upscale_s:.1f} s "
        f"({info['tiles']} tiles of {tiles.tile} px), RSS before {before:.0f} MiB, peak RSS {peak_rss_mib():.0f} MiB"
    )
    if args.encode:
        started = time.perf_counter()
        data = encode_image(result, fmt="png")
        print(
            f"PNG encode: {time.perf_counter() - started:.1f} s, {len(data) / 1e6:.1f} MB; "
            f"peak RSS {peak_rss_mib():.0f} MiB"
        )


if __name__ == "__main__":
    main()
