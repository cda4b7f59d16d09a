"""Small helpers shared by the training stages: seeding, learning-rate shape, logging, checkpoints."""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch


def step_rngs(seed: int, stage: int, step: int) -> tuple[np.random.Generator, torch.Generator]:
    """Fresh RNGs for one training step, derived from (seed, stage, step) alone.

    Every random choice of a step comes from these, so a run resumed from a checkpoint draws exactly
    what an uninterrupted run would have drawn.
    """
    nrng = np.random.default_rng([seed, stage, step])
    trng = torch.Generator().manual_seed(int(nrng.integers(1 << 62)))
    return nrng, trng


def lr_at(step: int, total: int, peak: float, warmup: int, floor: float = 0.1) -> float:
    """Linear warm-up, then cosine decay to `floor` × peak at `total` steps."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))


class Log:
    """JSON lines to a file and a short line to stdout; tracks samples/s between prints."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.t0 = time.perf_counter()
        self._last = (self.t0, 0)

    def write(self, **fields) -> None:
        fields["wall_s"] = round(time.perf_counter() - self.t0, 1)
        with self.path.open("a") as f:
            f.write(json.dumps(fields) + "\n")
        print(
            " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in fields.items()),
            flush=True,
        )

    def rate(self, samples_done: int) -> float:
        now = time.perf_counter()
        t, n = self._last
        self._last = (now, samples_done)
        return (samples_done - n) / max(now - t, 1e-9)


def save_atomic(obj: dict, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: Path) -> dict | None:
    return torch.load(path, weights_only=False) if path.exists() else None


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 (n, h, w, 3) → float (n, 3, h, w) in [-1, 1]."""
    return torch.from_numpy(images).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)
