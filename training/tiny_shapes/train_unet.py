"""Stage 4: train the UNet and the text encoder together on cached VAE latents.

Every step draws fresh captions for its images (`captions.train_caption`), so the model sees many
phrasings of each scene; 10 % of captions are empty so classifier-free guidance works. The loss is
the v-prediction MSE weighted by clamp(SNR, 1, 5)/(SNR + 1): min-SNR-5 at low noise, but the
near-pure-noise steps — where the colours are decided — keep full weight. EMA weights are kept and
are what gets exported.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F
from diffusers import UNet2DConditionModel
from transformers import CLIPTextModel, CLIPTokenizer

from .captions import train_caption
from .common import Log, load_checkpoint, lr_at, save_atomic, step_rngs
from .components import build_text_encoder, build_unet, train_scheduler
from .scenes import Scene

STAGE = 4
MIN_SNR_GAMMA = 5.0
CFG_DROPOUT = 0.1


class Ema:
    """Exponential moving average of parameters, with the usual warm-up of the decay."""

    def __init__(self, *models: torch.nn.Module, decay: float = 0.999):
        self.decay = decay
        self.shadow = [copy.deepcopy(m).eval().requires_grad_(False) for m in models]

    @torch.no_grad()
    def update(self, step: int, *models: torch.nn.Module) -> None:
        d = min(self.decay, (1 + step) / (10 + step))
        for shadow, model in zip(self.shadow, models, strict=True):
            for s, p in zip(shadow.parameters(), model.parameters(), strict=True):
                s.lerp_(p, 1 - d)


def encode_prompts(tokenizer: CLIPTokenizer, text_encoder: CLIPTextModel, prompts: list[str]) -> torch.Tensor:
    """Exactly what StableDiffusionPipeline does: pad to max length, no attention mask, last hidden state."""
    ids = tokenizer(
        prompts,
        padding="max_length",
        max_length=tokenizer.model_max_length,
        truncation=True,
        return_tensors="pt",
    ).input_ids
    return text_encoder(ids)[0]


def train_unet(
    means: torch.Tensor,
    stds: torch.Tensor,
    scenes: list[Scene],
    tokenizer: CLIPTokenizer,
    run_dir: Path,
    *,
    scaling_factor: float,
    steps: int,
    batch: int = 64,
    lr: float = 1e-3,
    seed: int = 0,
    ckpt_every: int = 500,
    hook_every: int = 0,
    on_checkpoint: Callable[[int, UNet2DConditionModel, CLIPTextModel], None] | None = None,
) -> tuple[UNet2DConditionModel, CLIPTextModel]:
    """Train (or resume) for `steps` steps; returns the EMA (UNet, text encoder). Writes run_dir/unet.pt."""
    ckpt_path = run_dir / "unet.pt"
    torch.manual_seed(seed + STAGE)
    unet, text_encoder = build_unet(), build_text_encoder(tokenizer)
    ema = Ema(unet, text_encoder)
    params = [*unet.parameters(), *text_encoder.parameters()]
    opt = torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.99), weight_decay=0.01)
    start = 0
    if (ckpt := load_checkpoint(ckpt_path)) is not None:
        unet.load_state_dict(ckpt["unet"])
        text_encoder.load_state_dict(ckpt["text_encoder"])
        for shadow, state in zip(ema.shadow, ckpt["ema"], strict=True):
            shadow.load_state_dict(state)
        opt.load_state_dict(ckpt["opt"])
        start = ckpt["step"]
    sched = train_scheduler()
    alphas = sched.alphas_cumprod
    snr_all = alphas / (1 - alphas).clamp(min=1e-12)
    log = Log(run_dir / "unet_log.jsonl")
    log.rate(start * batch)
    unet.train()
    text_encoder.train()
    loss_acc, n_acc = 0.0, 0
    for step in range(start, steps):
        nrng, trng = step_rngs(seed, STAGE, step)
        idx = nrng.integers(len(scenes), size=batch)
        prompts = ["" if nrng.random() < CFG_DROPOUT else train_caption(scenes[i], nrng) for i in idx]
        idx_t = torch.from_numpy(idx)
        z = means[idx_t] + stds[idx_t] * torch.randn(means[idx_t].shape, generator=trng)
        z = z * scaling_factor
        noise = torch.randn(z.shape, generator=trng)
        t = torch.randint(0, sched.config.num_train_timesteps, (batch,), generator=trng)
        noisy = sched.add_noise(z, noise, t)
        target = sched.get_velocity(z, noise, t)
        for group in opt.param_groups:
            group["lr"] = lr_at(step, steps, lr, warmup=200)
        pred = unet(noisy, t, encode_prompts(tokenizer, text_encoder, prompts)).sample
        snr = snr_all[t]
        weight = snr.clamp(1.0, MIN_SNR_GAMMA) / (snr + 1)
        loss = (weight * F.mse_loss(pred, target, reduction="none").mean(dim=(1, 2, 3))).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        ema.update(step, unet, text_encoder)
        loss_acc, n_acc = loss_acc + loss.item(), n_acc + 1
        done = step + 1
        if done % 50 == 0 or done == steps:
            log.write(
                stage="unet",
                step=done,
                loss=loss_acc / n_acc,
                samples_s=round(log.rate(done * batch), 1),
                lr=opt.param_groups[0]["lr"],
            )
            loss_acc, n_acc = 0.0, 0
        if done % ckpt_every == 0 or done == steps:
            save_atomic(
                {
                    "step": done,
                    "unet": unet.state_dict(),
                    "text_encoder": text_encoder.state_dict(),
                    "ema": [s.state_dict() for s in ema.shadow],
                    "opt": opt.state_dict(),
                },
                ckpt_path,
            )
        if on_checkpoint is not None and hook_every and (done % hook_every == 0 or done == steps):
            on_checkpoint(done, *ema.shadow)
            log.rate(done * batch)  # keep evaluation time out of the throughput figure
    return ema.shadow[0], ema.shadow[1]
