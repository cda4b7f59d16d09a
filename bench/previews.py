"""Cost of one live preview (latents → RGB → JPEG) per family, at each family's native size.

    .venv/bin/python -m bench.previews [--threads 1] [--runs 50]

Prints the median and p95 milliseconds per preview. A preview is made every few steps and only
while someone follows the job; compare with a denoising step of the same model on the same device.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from imagegate.domain.models import Family
from imagegate.engines.diffusers.families import FAMILIES


class _Pipe:
    vae_scale_factor = 8


def latents_for(family: Family, width: int, height: int) -> torch.Tensor:
    channels = 16 if family in (Family.sd3, Family.flux) else 4
    latents = torch.randn(1, channels, height // 8, width // 8)
    if family is Family.flux:  # as FluxPipeline holds them: 2×2 patches packed into tokens
        b, c, h, w = latents.shape
        latents = (
            latents.view(b, c, h // 2, 2, w // 2, 2).permute(0, 2, 4, 1, 3, 5).reshape(b, (h // 2) * (w // 2), c * 4)
        )
    return latents


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch threads: {args.threads}, runs: {args.runs}")
    print(f"{'family':6} {'image':>9} {'latent':>16} {'median ms':>10} {'p95 ms':>8} {'jpeg bytes':>10}")
    for family, adapter in FAMILIES.items():
        size = adapter.native_size
        latents = latents_for(family, size, size)
        adapter.preview(_Pipe(), latents, size, size)  # warm-up
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            preview = adapter.preview(_Pipe(), latents, size, size)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        shape = "x".join(str(d) for d in latents.shape[1:])
        print(
            f"{family.value:6} {size:>4}x{size:<4} {shape:>16} {statistics.median(times):>10.2f} {p95:>8.2f}"
            f" {len(preview.data):>10}"
        )


if __name__ == "__main__":
    main()
