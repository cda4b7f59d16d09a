"""LoRA switching benchmark: jobs alternate between LoRAs on one loaded model; the base pipeline
must be loaded once (``PipelineCache.loads``) and each LoRA once, and switching must cost far less
than loading the model. Tiny random models (built offline), 64 px, 2 steps.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.lora_switch --threads 1
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

import torch
from tests.support.edit_models import build_sd_lora
from tests.support.tiny_models import build_all

from imagegate.config import Catalog
from imagegate.domain.adapters import LoraSpec
from imagegate.domain.models import Family, ModelSpec
from imagegate.domain.requests import LoraRef, Txt2ImgRequest
from imagegate.engines.base import RunContext
from imagegate.engines.diffusers import DiffusersEngine
from imagegate.executors.local import LocalExecutor
from imagegate.storage.blobs import LocalBlobStore

SEQUENCE: list[list[tuple[str, float]]] = [
    [],
    [("a", 1.0)],
    [("b", 1.0)],
    [("a", 1.0), ("b", 0.5)],
    [],
    [("a", 0.0)],
    [("b", 1.0)],
    [("a", 1.0)],
]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    root = Path(tempfile.mkdtemp(prefix="imagegate-lora-bench-"))
    tiny = build_all(root / "tiny")
    loras = {
        "a": build_sd_lora(tiny["sd1"], root / "lora-a", seed=1),
        "b": build_sd_lora(tiny["sd1"], root / "lora-b", seed=2, text_encoder=True),
    }
    spec = ModelSpec(id="tiny-sd1", source=str(tiny["sd1"]), family=Family.sd1)
    catalog = Catalog(
        models={spec.id: spec},
        default_id=spec.id,
        loras={k: LoraSpec(id=k, source=str(v), families=[Family.sd1]) for k, v in loras.items()},
    )
    executor = LocalExecutor(torch_threads=args.threads)
    engine = DiffusersEngine(executor=executor, blobs=LocalBlobStore(root / "blobs"))
    engine.bind_catalog(catalog)
    await engine.start()
    started = time.perf_counter()
    await executor.run(engine.preload, spec)
    load_s = time.perf_counter() - started
    print(
        f"base model load {load_s:.3f} s; torch threads {args.threads}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    timings: dict[str, list[float]] = {"no LoRA": [], "LoRAs switched": []}
    for round_index in range(args.rounds):
        for step, loras_used in enumerate(SEQUENCE):
            request = Txt2ImgRequest(
                prompt="a red cat",
                width=64,
                height=64,
                num_inference_steps=2,
                guidance_scale=5.0,
                seed=step,
                loras=[LoraRef(id=i, weight=w) for i, w in loras_used],
            )
            began = time.perf_counter()
            result = await engine.generate(spec, request, RunContext(job_id=f"bench-{round_index}-{step}"))
            spent = time.perf_counter() - began
            key = "no LoRA" if not loras_used else "LoRAs switched"
            timings[key].append(spent)
            if round_index == 0:
                loaded_now = result.info.get("loras_loaded", [])
                lora_s = result.info.get("lora_load_s", 0.0)
                print(f"  job {step}: loras={loras_used} {spent:.3f} s (LoRA work {lora_s:.3f} s, loaded {loaded_now})")
    for key, values in timings.items():
        if values:
            print(f"{key:>22}: median {statistics.median(values):.3f} s over {len(values)} jobs")
    print(f"base pipeline loads: {engine.cache.loads} (1 expected); LoRA loads: {engine.loras.loads} (2 expected)")
    await engine.close()
    executor.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
