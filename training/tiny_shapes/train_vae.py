"""Stage 2: train the AutoencoderKL (64×64×3 ↔ 8×8×4) on the rendered scenes.

Loss = MSE + 0.5·L1 + an edge term (L1 between the images' horizontal and vertical differences,
which keeps square corners square instead of rounding them) + a tiny KL. The posterior is sampled
during training, so the decoder also learns to draw clean shapes from slightly-off latents — which
is what the UNet will hand it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from diffusers import AutoencoderKL

from .common import Log, load_checkpoint, lr_at, save_atomic, step_rngs, to_tensor
from .components import build_vae

STAGE = 2


def vae_loss(recon: torch.Tensor, x: torch.Tensor, kl: torch.Tensor, edge_weight: float) -> dict:
    mse = F.mse_loss(recon, x)
    l1 = F.l1_loss(recon, x)
    edge = F.l1_loss(recon.diff(dim=-1), x.diff(dim=-1)) + F.l1_loss(recon.diff(dim=-2), x.diff(dim=-2))
    total = mse + 0.5 * l1 + edge_weight * edge + 1e-6 * kl.mean()
    return {"loss": total, "mse": mse, "edge": edge}


def train_vae(
    images: np.ndarray,
    run_dir: Path,
    *,
    steps: int,
    batch: int = 16,
    lr: float = 1e-3,
    seed: int = 0,
    edge_weight: float = 1.0,
    ckpt_every: int = 250,
) -> AutoencoderKL:
    """Train (or resume) the VAE for `steps` steps; returns it in eval mode. Writes run_dir/vae.pt."""
    ckpt_path = run_dir / "vae.pt"
    torch.manual_seed(seed)
    vae = build_vae()
    opt = torch.optim.AdamW(vae.parameters(), lr=lr, betas=(0.9, 0.99), weight_decay=0.0)
    start = 0
    if (ckpt := load_checkpoint(ckpt_path)) is not None:
        vae.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        start = ckpt["step"]
    log = Log(run_dir / "vae_log.jsonl")
    log.rate(start * batch)
    vae.train()
    for step in range(start, steps):
        nrng, trng = step_rngs(seed, STAGE, step)
        x = to_tensor(images[nrng.integers(len(images), size=batch)])
        for group in opt.param_groups:
            group["lr"] = lr_at(step, steps, lr, warmup=100)
        posterior = vae.encode(x).latent_dist
        recon = vae.decode(posterior.sample(generator=trng)).sample
        losses = vae_loss(recon, x, posterior.kl(), edge_weight)
        opt.zero_grad(set_to_none=True)
        losses["loss"].backward()
        torch.nn.utils.clip_grad_norm_(vae.parameters(), 1.0)
        opt.step()
        done = step + 1
        if done % 50 == 0 or done == steps:
            log.write(
                stage="vae",
                step=done,
                mse=losses["mse"].item(),
                edge=losses["edge"].item(),
                img_s=round(log.rate(done * batch), 1),
                lr=opt.param_groups[0]["lr"],
            )
        if done % ckpt_every == 0 or done == steps:
            save_atomic({"step": done, "model": vae.state_dict(), "opt": opt.state_dict()}, ckpt_path)
    return vae.eval()


@torch.no_grad()
def encode_all(vae: AutoencoderKL, images: np.ndarray, batch: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    """Posterior means and stds of all images (the UNet samples z = mean + std·ε from them)."""
    means, stds = [], []
    for i in range(0, len(images), batch):
        dist = vae.encode(to_tensor(images[i : i + batch])).latent_dist
        means.append(dist.mean)
        stds.append(dist.std)
    return torch.cat(means), torch.cat(stds)
