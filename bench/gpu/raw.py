"""The bare diffusers pipeline in this process: images per second at batch 1 and batched, and the
device memory each phase peaked at.

Calls are made the way the server makes them, so the two compare like with like: one CPU generator
per image, ``output_type="pil"`` (the VAE decodes and the images become PIL images; the server also
encodes a PNG of each, off its compute thread), the same prompt, size, steps and guidance.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass
from typing import Any

PROMPT = "a photo of a red fox in snow"
GUIDANCE = 7.0


@dataclass
class Workload:
    width: int
    height: int
    steps: int
    guidance_scale: float = GUIDANCE

    def kwargs(self, batch: int, seed: int, *, steps: int | None = None) -> dict[str, Any]:
        import torch

        return {
            "prompt": [PROMPT] * batch,
            "width": self.width,
            "height": self.height,
            "num_inference_steps": steps or self.steps,
            "guidance_scale": self.guidance_scale,
            "generator": [torch.Generator("cpu").manual_seed(seed + i) for i in range(batch)],
            "output_type": "pil",
        }


class Memory:
    """Peak memory of a phase: ``torch.cuda.max_memory_allocated`` on a GPU; on a CPU the
    process's resident high-water mark (which never goes down, so it is an upper bound)."""

    def __init__(self, device: str):
        self.cuda = device.startswith("cuda")

    def reset(self) -> None:
        if self.cuda:
            import torch

            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()

    def peak_bytes(self) -> int:
        if self.cuda:
            import torch

            torch.cuda.synchronize()
            return int(torch.cuda.max_memory_allocated())
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024

    @property
    def source(self) -> str:
        return "torch.cuda.max_memory_allocated" if self.cuda else "process RSS high-water mark (CPU)"


def synchronize(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()


def timed_call(pipe: Any, workload: Workload, batch: int, seed: int, device: str, *, steps: int | None = None) -> float:
    """Seconds for one pipeline call of ``batch`` images, images included (PIL)."""
    import torch

    synchronize(device)
    started = time.perf_counter()
    with torch.inference_mode():
        output = pipe(**workload.kwargs(batch, seed, steps=steps))
    synchronize(device)
    elapsed = time.perf_counter() - started
    assert len(output.images) == batch
    return elapsed


def run_batch1(pipe: Any, workload: Workload, count: int, device: str, *, seed0: int, cap_s: float) -> list[float]:
    """Seconds per image for up to ``count`` images one after another, stopping at ``cap_s``."""
    times: list[float] = []
    started = time.perf_counter()
    for i in range(count):
        times.append(timed_call(pipe, workload, 1, seed0 + i, device))
        if time.perf_counter() - started > cap_s and len(times) >= 2:
            break
    return times


def run_batched(
    pipe: Any,
    workload: Workload,
    sizes: list[int],
    device: str,
    *,
    seconds_per_image: float,
    target_s: float,
    cap_s: float,
    memory: Memory,
    warmup_steps: int,
) -> dict[str, dict[str, Any]]:
    """For each batch size: a short warm-up call at that size (allocator growth, kernel choices),
    then as many full calls as fit ``target_s`` by the batch-1 speed (at least one). A size whose
    expected time no longer fits in ``cap_s`` is skipped and says so; one that fails (out of memory)
    says why and the next size is tried."""
    import torch

    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    for batch in sizes:
        expected = seconds_per_image * batch * (1 + warmup_steps / workload.steps)
        left = cap_s - (time.perf_counter() - started)
        if expected > left:
            results[str(batch)] = {"skipped": f"expected {expected:.1f} s, {max(left, 0):.1f} s left of the cap"}
            continue
        calls = max(1, min(4, round(target_s / (seconds_per_image * batch))))
        memory.reset()
        try:
            timed_call(pipe, workload, batch, 7000, device, steps=warmup_steps)
            seconds = []
            for call in range(calls):
                seconds.append(timed_call(pipe, workload, batch, 8000 + call * batch, device))
                if time.perf_counter() - started > cap_s:
                    break
        except torch.cuda.OutOfMemoryError as exc:
            results[str(batch)] = {"failed": f"out of memory: {str(exc).splitlines()[0]}"}
            torch.cuda.empty_cache()
            continue
        images = batch * len(seconds)
        results[str(batch)] = {
            "images": images,
            "images_per_s": images / sum(seconds),
            "seconds_per_call": sum(seconds) / len(seconds),
            "peak_memory_bytes": memory.peak_bytes(),
        }
    return results
