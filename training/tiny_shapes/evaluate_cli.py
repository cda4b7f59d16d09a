"""Command line of `training.tiny_shapes.evaluate`: generate the held-out prompts with diffusers and score."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from PIL import Image

from .evaluate import PromptSpec, format_table, heldout_prompts, score


def load_pipeline(folder: str, scheduler: str | None = None, overrides: dict | None = None):
    """Plain `StableDiffusionPipeline.from_pretrained`; optionally another scheduler class / config."""
    import diffusers

    pipe = diffusers.StableDiffusionPipeline.from_pretrained(folder)
    pipe.set_progress_bar_config(disable=True)
    if scheduler or overrides:
        cls = getattr(diffusers, scheduler) if scheduler else type(pipe.scheduler)
        pipe.scheduler = cls.from_config(pipe.scheduler.config, **(overrides or {}))
    return pipe


def generate(
    pipe, specs: list[PromptSpec], *, steps: int, guidance: float, batch: int = 1, size: int = 64
) -> tuple[list[Image.Image], list[float]]:
    """Images for `specs` (each from its own seeded generator) and the pipeline seconds per call."""
    import torch

    images, seconds = [], []
    for i in range(0, len(specs), batch):
        chunk = specs[i : i + batch]
        t0 = time.perf_counter()
        out = pipe(
            [s.prompt for s in chunk],
            num_inference_steps=steps,
            guidance_scale=guidance,
            height=size,
            width=size,
            generator=[torch.Generator().manual_seed(s.seed) for s in chunk],
        )
        seconds.append(time.perf_counter() - t0)
        images.extend(out.images)
    return images, seconds


def grid(images: list[Image.Image], cols: int = 20) -> Image.Image:
    w, h = images[0].size
    rows = (len(images) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * w, rows * h), "gray")
    for i, im in enumerate(images):
        sheet.paste(im, ((i % cols) * w, (i // cols) * h))
    return sheet


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Score a tiny-shapes pipeline folder on the held-out prompts.")
    ap.add_argument("folder", nargs="?", default="models/tiny-shapes")
    ap.add_argument("--steps", type=int, help="default: the folder's imagegate.json")
    ap.add_argument("--guidance", type=float, help="default: the folder's imagegate.json")
    ap.add_argument("--scheduler", help="a diffusers scheduler class name; default: imagegate.json's")
    ap.add_argument("--scheduler-config", type=json.loads, help="JSON overrides, e.g. '{\"clip_sample\": false}'")
    ap.add_argument("--seed-offset", type=int, default=0, help="add to every prompt's seed (a second sample)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is safest on a busy 2-core box)")
    ap.add_argument("--batch", type=int, default=1, help="prompts per pipeline call (1 = as the server does)")
    ap.add_argument("--limit", type=int, help="score only the first N prompts")
    ap.add_argument("--grid", help="also save all samples as one PNG here")
    ap.add_argument("--json", action="store_true", help="print the result as JSON too")
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    defaults_path = Path(args.folder) / "imagegate.json"
    defaults = json.loads(defaults_path.read_text()) if defaults_path.exists() else {}
    steps = args.steps or defaults.get("num_inference_steps", 20)
    guidance = args.guidance if args.guidance is not None else defaults.get("guidance_scale", 5.0)
    scheduler = args.scheduler or defaults.get("scheduler")
    pipe = load_pipeline(args.folder, scheduler, args.scheduler_config)
    specs = [replace(s, seed=s.seed + args.seed_offset) for s in heldout_prompts()[: args.limit]]
    images, seconds = generate(pipe, specs, steps=steps, guidance=guidance, batch=args.batch)
    result = score(list(zip(specs, images, strict=True)))
    per_image = statistics.median(seconds) / args.batch
    label = f"{type(pipe.scheduler).__name__} {steps} steps, gs {guidance}"
    print(format_table(result, label))
    print(
        f"median pipeline time per call: {statistics.median(seconds):.3f} s (batch {args.batch}, "
        f"{args.threads} thread(s)) → {per_image:.3f} s/image"
    )
    if args.json:
        print(
            json.dumps(
                {
                    **result,
                    "steps": steps,
                    "guidance": guidance,
                    "scheduler": scheduler,
                    "s_per_image": per_image,
                    "threads": args.threads,
                }
            )
        )
    if args.grid:
        grid(images).save(args.grid)
