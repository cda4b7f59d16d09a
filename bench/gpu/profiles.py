"""How big and how long: the sizes, counts and caps of a full run on a GPU and of ``--smoke``.

Full run, planned for one H100 (fp16; SD 1.5 512² × 30 steps ≈ 0.5–0.7 s per image at batch 1, SDXL
1024² × 30 steps ≈ 2–3 s): every timed block aims at a few seconds of device time by the speed the
warm-up measured, and each phase has a cap, so the whole run stays inside ``budget_s`` (410 s) plus
the install of the carried wheels: 8 minutes in all. The plan (expected on an H100, cap):

    install carried wheels (bench/gpu.sh)          10–20 s
    imports, CUDA start                            ~10 s
    build + save SD 1.5 (1.07 B params, 2.1 GB)    ~6 s        cap 120
    build + save SDXL (3.47 B params, 6.9 GB)      ~15 s       cap 120
    raw warm-ups (server starting meanwhile)       ~10 s       cap 60 each
    server ready + two model loads                 ~15 s       cap 180
    SD 1.5 raw batch 1 / server saturated          ~8 + 8 s    cap 34 each (≈16 images, 16 jobs)
    SDXL raw batch 1 / server saturated            ~11 + 11 s  cap 46 each (≈5 images, 5 jobs)
    raw batches 2/4/8: SD 1.5, SDXL                ~10, ~32 s  cap 35, 60
    server max_batch_size 8 (if the server has it) ~12, ~25 s  cap ≈75, ≈90
    torch.compile UNet, raw, SD 1.5                ~55–85 s    cap 120 (child process)
    compile = true, server, SD 1.5 (if it has it)  ~60–100 s   cap 150
    torch.compile UNet, raw, SDXL                  ~90–130 s   cap 150, or what the budget leaves
    compile = true, server, SDXL                   skipped unless budget is left (≥ 60 s)

Without the server's batching and compile fields that is about 330 s; with them the SDXL compiles
get what is left of the 410 s. A compile phase starts only with at least 60 s of budget left.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from bench.gpu import raw

FAMILY = {"sd15": "sd1", "sdxl": "sdxl"}


@dataclass
class Profile:
    """Sizes, counts and caps of one run. Counts follow from the speed measured in the warm-up:
    each timed block aims at ``target_s`` and stays within its cap."""

    device: str
    dtype: str
    workloads: dict[str, raw.Workload]
    budget_s: float
    threads: int
    compile_backend: str
    min_count: int = 3
    max_count: int = 20
    target_s: dict[str, float] = field(default_factory=lambda: {"sd15": 8.0, "sdxl": 12.0})
    batched_target_s: dict[str, float] = field(default_factory=lambda: {"sd15": 4.0, "sdxl": 6.0})
    batched_cap_s: dict[str, float] = field(default_factory=lambda: {"sd15": 35.0, "sdxl": 60.0})
    server_batch_jobs: dict[str, int] = field(default_factory=lambda: {"sd15": 16, "sdxl": 8})
    compile_count: dict[str, int] = field(default_factory=lambda: {"sd15": 3, "sdxl": 2})
    compile_cap_s: dict[str, float] = field(default_factory=lambda: {"sd15": 120.0, "sdxl": 150.0})
    compile_min_s: float = 60.0  # a compile phase with less budget left than this is skipped
    compile_models: tuple[str, ...] = ("sd15", "sdxl")
    server_compile: bool = True
    warmup_steps: int = 2
    server_start_s: float = 120.0
    saturation_slack_s: float = 10.0  # added to 3 × target_s for the cap of each batch-1 block
    reserve_s: float = 15.0


def gpu_profile(args: argparse.Namespace) -> Profile:
    return Profile(
        device=args.device or "cuda",
        dtype="float16",
        workloads={"sd15": raw.Workload(512, 512, 30), "sdxl": raw.Workload(1024, 1024, 30)},
        budget_s=args.budget_s or 410.0,
        threads=args.threads or 4,
        compile_backend=args.compile_backend or "inductor",
    )


def smoke_profile(args: argparse.Namespace) -> Profile:
    tiny = {"sd15": 0.5, "sdxl": 0.5}
    return Profile(
        device=args.device or "cpu",
        dtype="float32",
        workloads={"sd15": raw.Workload(64, 64, 3), "sdxl": raw.Workload(64, 64, 3)},
        budget_s=args.budget_s or 200.0,
        threads=args.threads or 1,
        # Inductor would spend most of a minute generating C++ on a small CPU; the eager backend runs
        # the same torch.compile path (Dynamo capture, guards) without code generation.
        compile_backend=args.compile_backend or "eager",
        min_count=2,
        max_count=3,
        target_s=tiny,
        batched_target_s=tiny,
        batched_cap_s={"sd15": 20.0, "sdxl": 20.0},
        server_batch_jobs={"sd15": 4, "sdxl": 4},
        compile_count={"sd15": 2, "sdxl": 2},
        compile_cap_s={"sd15": 120.0, "sdxl": 120.0},
        compile_min_s=0.0,
        compile_models=("sd15",),  # the same code for both; one child process keeps the test short
        # A server's compile=true uses inductor, minutes of C++ code generation on a small CPU.
        server_compile=False,
        warmup_steps=1,
        server_start_s=90.0,
        saturation_slack_s=40.0,  # a small shared CPU can be slow for a while: caps are for runaways
        reserve_s=5.0,
    )
