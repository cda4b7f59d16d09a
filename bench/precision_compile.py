"""Precision and compiled pipelines on a CPU: per-image time of the tiny SD 1.x model in float32,
bfloat16 and float16, and load time and per-image time with ``compile = true`` against without
(loads through ``load_pipeline``, so the compile and warm-up are in the load time as in the server).

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.precision_compile --threads 1 --size 128 --steps 4

The GPU figures (fp16/bf16 and compile speed-up on real architectures) are bench/gpu.py's.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from diffusers import StableDiffusionPipeline
from tests.support.tiny_models import build_all

from imagegate.domain.models import Defaults, Family, ModelSpec
from imagegate.engines.diffusers.compile import CompileOptions
from imagegate.engines.diffusers.families import FAMILIES
from imagegate.engines.diffusers.loader import load_pipeline


def per_image(pipe: Any, size: int, steps: int, rounds: int) -> tuple[float, np.ndarray]:
    times, image = [], np.zeros(0)
    for _ in range(rounds + 1):  # the first call is a warm-up (allocator, lazy inits)
        started = time.perf_counter()
        with torch.inference_mode():
            out = pipe(
                prompt="a red circle",
                width=size,
                height=size,
                num_inference_steps=steps,
                guidance_scale=5.0,
                generator=torch.Generator("cpu").manual_seed(0),
                output_type="np",
            )
        times.append(time.perf_counter() - started)
        image = np.asarray(out.images, dtype=np.float32)
    return statistics.median(times[1:]), image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backend", default="inductor")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    tiny = build_all(Path(tempfile.mkdtemp(prefix="imagegate-precision-bench-")) / "tiny")
    adapter = FAMILIES[Family.sd1]
    defaults = Defaults(width=args.size, height=args.size, num_inference_steps=args.steps, guidance_scale=5.0)
    print(f"tiny SD 1.x, {args.size} px, {args.steps} steps, guidance 5, torch threads {args.threads}")

    reference = None
    for dtype in ("float32", "bfloat16", "float16"):
        # Straight from diffusers: imagegate refuses float16 on a CPU, this is the measurement why.
        pipe = StableDiffusionPipeline.from_pretrained(
            tiny["sd1"], dtype=getattr(torch, dtype), **adapter.load_kwargs
        ).to("cpu")
        pipe.set_progress_bar_config(disable=True)
        seconds, image = per_image(pipe, args.size, args.steps, args.rounds)
        reference = image if reference is None else reference
        print(f"{dtype:9s} {seconds * 1000:8.1f} ms/image   max |Δ| vs float32 {np.abs(image - reference).max():.4f}")

    options = CompileOptions(backend=args.backend)
    for compiled in (False, True):
        spec = ModelSpec(id="m", source=str(tiny["sd1"]), defaults=defaults, compile=compiled)
        started = time.perf_counter()
        pipe = load_pipeline(spec, adapter, device="cpu", compiler=options)
        load_s = time.perf_counter() - started
        seconds, image = per_image(pipe, args.size, args.steps, args.rounds)
        label = f"compiled ({args.backend})" if compiled else "plain"
        delta = np.abs(image - reference).max() if reference is not None else 0.0
        print(f"{label:20s} load {load_s:7.2f} s   {seconds * 1000:8.1f} ms/image   max |Δ| vs plain {delta:.6f}")


if __name__ == "__main__":
    main()
