"""Stage 5: assemble a standard StableDiffusionPipeline folder (fp16 safetensors) from trained parts."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import torch
from diffusers import AutoencoderKL, StableDiffusionPipeline, UNet2DConditionModel
from transformers import CLIPTextModel, CLIPTokenizer

from .components import sample_scheduler

# Chosen by the evaluation (see models/tiny-shapes/README.md); the server's catalog reads imagegate.json.
DEFAULTS = {
    "num_inference_steps": 10,
    "guidance_scale": 2.0,
    "scheduler": "DDIMScheduler",
    "width": 64,
    "height": 64,
}


def build_pipeline(
    vae: AutoencoderKL, text_encoder: CLIPTextModel, tokenizer: CLIPTokenizer, unet: UNet2DConditionModel
) -> StableDiffusionPipeline:
    pipe = StableDiffusionPipeline(
        vae=copy.deepcopy(vae).eval(),
        text_encoder=copy.deepcopy(text_encoder).eval(),
        tokenizer=tokenizer,
        unet=copy.deepcopy(unet).eval(),
        scheduler=sample_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def save_pipeline(pipe: StableDiffusionPipeline, out_dir: Path, defaults: dict | None = None) -> None:
    """Write the folder plus imagegate.json: UNet and VAE in fp16 (diffusers loads them as float32 by
    default), the text encoder in fp32 (transformers 5 would load fp16 weights as fp16, and the
    pipeline would then feed fp16 embeddings to the fp32 UNet)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    half = StableDiffusionPipeline(**pipe.components, requires_safety_checker=False)
    for name in ("vae", "unet"):
        setattr(half, name, copy.deepcopy(getattr(pipe, name)).to(torch.float16))
    half.register_modules(vae=half.vae, unet=half.unet, tokenizer=_clean_tokenizer(pipe.tokenizer))
    half.save_pretrained(out_dir, safe_serialization=True)
    (out_dir / "imagegate.json").write_text(json.dumps(defaults or DEFAULTS, indent=2) + "\n")


def _clean_tokenizer(tokenizer: CLIPTokenizer) -> CLIPTokenizer:
    """A copy without the state that using or loading it left behind, so the saved files depend only
    on the vocabulary: training pads every batch to max length, which the fast tokenizer keeps as
    backend padding/truncation, and HF_HUB_OFFLINE=1 at load time records local_files_only=True."""
    tok = copy.deepcopy(tokenizer)
    tok.backend_tokenizer.no_padding()
    tok.backend_tokenizer.no_truncation()
    tok.init_kwargs["local_files_only"] = False
    return tok
