"""Train tiny-shapes from scratch and write models/tiny-shapes. Run: python -m training.tiny_shapes.train

Stages (each resumes from its own files under --run-dir / --data-dir, so rerunning the command after
an interruption continues where it stopped; a finished stage is skipped):

1. render   N procedural scenes → data-dir/images.npy + scenes.json (held-out triples excluded)
2. vae      AutoencoderKL, --vae-steps steps                         → run-dir/vae.pt
3. encode   posterior mean/std of every image + the latent scaling   → run-dir/latents.pt
4. unet     UNet + CLIP text encoder, --unet-steps steps, EMA         → run-dir/unet.pt
5. export   fp16 StableDiffusionPipeline folder + imagegate.json     → --out

Everything is budgeted in steps and seeded, so a rerun with the same flags and thread count gives the
same model. Use --threads 1 when the machine is busy: two torch threads collapse under contention.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from .captions import VOCAB_WORDS
from .components import n_params
from .evaluate import format_table, heldout_prompts, score
from .export import DEFAULTS, build_pipeline, save_pipeline
from .scenes import Scene, render_dataset
from .tokenizer import write_tokenizer
from .train_unet import train_unet
from .train_vae import encode_all, train_vae


def _timed(run_dir: Path, stage: str, fn):
    t0 = time.perf_counter()
    result = fn()
    path = run_dir / "timings.json"
    timings = json.loads(path.read_text()) if path.exists() else {}
    timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - t0, 1)
    path.write_text(json.dumps(timings, indent=2))
    return result


def render_stage(data_dir: Path, n: int, seed: int) -> tuple[np.ndarray, list[Scene]]:
    meta = {"n": n, "seed": seed}
    meta_path = data_dir / "meta.json"
    if meta_path.exists() and json.loads(meta_path.read_text()) == meta:
        scenes = [Scene(*row) for row in json.loads((data_dir / "scenes.json").read_text())]
        return np.load(data_dir / "images.npy"), scenes
    data_dir.mkdir(parents=True, exist_ok=True)
    images, scenes = render_dataset(n, seed)
    np.save(data_dir / "images.npy", images)
    rows = [[s.shape, s.colour, s.background, s.size, s.position, s.side] for s in scenes]
    (data_dir / "scenes.json").write_text(json.dumps(rows))
    meta_path.write_text(json.dumps(meta))
    return images, scenes


def encode_stage(run_dir: Path, vae, images: np.ndarray, vae_steps: int) -> tuple[torch.Tensor, torch.Tensor, float]:
    path = run_dir / "latents.pt"
    if path.exists() and (cached := torch.load(path))["vae_steps"] == vae_steps:
        return cached["means"], cached["stds"], cached["scaling_factor"]
    means, stds = encode_all(vae, images)
    scaling = float(1.0 / means.std())
    torch.save({"means": means, "stds": stds, "scaling_factor": scaling, "vae_steps": vae_steps}, path)
    return means, stds, scaling


def make_eval_hook(run_dir: Path, vae, tokenizer, limit: int):
    specs = heldout_prompts()[:limit]

    def hook(step: int, unet, text_encoder) -> None:
        from .evaluate_cli import generate, grid

        t0 = time.perf_counter()
        pipe = build_pipeline(vae, text_encoder, tokenizer, unet)
        steps, guidance = DEFAULTS["num_inference_steps"], DEFAULTS["guidance_scale"]
        images, _ = generate(pipe, specs, steps=steps, guidance=guidance, batch=40)
        result = score(list(zip(specs, images, strict=True)))
        grid(images).save(run_dir / f"samples_{step:06d}.png")
        result.update(step=step, eval_s=round(time.perf_counter() - t0, 1))
        with (run_dir / "eval_log.jsonl").open("a") as f:
            f.write(json.dumps(result) + "\n")
        print(format_table(result, f"step {step}"), flush=True)

    return hook


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("models/tiny-shapes"))
    ap.add_argument("--run-dir", type=Path, default=Path("training/runs/tiny-shapes"))
    ap.add_argument("--data-dir", type=Path, default=Path("training/data/tiny-shapes"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2, help="torch threads; use 1 on a busy machine")
    ap.add_argument("--n-images", type=int, default=30000)
    ap.add_argument("--vae-steps", type=int, default=3000)
    ap.add_argument("--unet-steps", type=int, default=4000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--eval-every", type=int, default=1000, help="score held-out prompts every N UNet steps; 0=off")
    ap.add_argument("--eval-limit", type=int, default=120)
    ap.add_argument("--stop-after", choices=["render", "vae", "encode", "unet"], help="stop after this stage")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    run_dir = args.run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    images, scenes = _timed(run_dir, "render", lambda: render_stage(args.data_dir, args.n_images, args.seed))
    print(f"render: {len(images)} images", flush=True)
    if args.stop_after == "render":
        return
    tokenizer = write_tokenizer(VOCAB_WORDS, run_dir / "tokenizer")
    vae = _timed(run_dir, "vae", lambda: train_vae(images, run_dir, steps=args.vae_steps, seed=args.seed))
    print(f"vae: {n_params(vae) / 1e6:.2f} M params", flush=True)
    if args.stop_after == "vae":
        return
    means, stds, scaling = _timed(run_dir, "encode", lambda: encode_stage(run_dir, vae, images, args.vae_steps))
    vae.register_to_config(scaling_factor=scaling)
    print(f"encode: latents {tuple(means.shape)}, scaling_factor {scaling:.4f}", flush=True)
    if args.stop_after == "encode":
        return
    hook = make_eval_hook(run_dir, vae, tokenizer, args.eval_limit) if args.eval_every else None
    unet, text_encoder = _timed(
        run_dir,
        "unet",
        lambda: train_unet(
            means,
            stds,
            scenes,
            tokenizer,
            run_dir,
            scaling_factor=scaling,
            steps=args.unet_steps,
            batch=args.batch,
            lr=args.lr,
            seed=args.seed,
            hook_every=args.eval_every,
            on_checkpoint=hook,
        ),
    )
    if args.stop_after == "unet":
        return
    pipe = build_pipeline(vae, text_encoder, tokenizer, unet)
    save_pipeline(pipe, args.out)
    print(
        f"export: {args.out} (unet {n_params(unet) / 1e6:.2f} M, text encoder "
        f"{n_params(text_encoder) / 1e6:.2f} M, vae {n_params(vae) / 1e6:.2f} M params)",
        flush=True,
    )


if __name__ == "__main__":
    main()
