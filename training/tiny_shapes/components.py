"""The model configs: standard diffusers/transformers classes, sized for 64×64 on a 2-core CPU.

The VAE downsamples ×8 (64 px ↔ 8×8×4 latents), so the UNet works on 64 latent pixels — about 4×
cheaper per step than the prototype's 16×16. GroupNorm uses few groups everywhere: with one channel
per group a flat-coloured image normalises to zero and its colour is lost.

The noise schedule is SD1's scaled-linear schedule rescaled to zero terminal SNR, with
v-prediction and "trailing" timesteps. On 8×8 latents the un-rescaled schedule leaves enough signal
at t=999 that the random mean of the initial noise decides the colours; at zero SNR the model must
take them from the prompt.
"""

from __future__ import annotations

import torch
from diffusers import AutoencoderKL, DDIMScheduler, DDPMScheduler, UNet2DConditionModel
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

LATENT_CHANNELS = 4
TEXT_HIDDEN = 128

SCHEDULE = dict(
    num_train_timesteps=1000,
    steps_offset=1,  # unused with "trailing" spacing; StableDiffusionPipeline warns unless it is 1
    beta_start=0.00085,
    beta_end=0.012,
    beta_schedule="scaled_linear",
    prediction_type="v_prediction",
    rescale_betas_zero_snr=True,
    timestep_spacing="trailing",
)


def build_vae() -> AutoencoderKL:
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        latent_channels=LATENT_CHANNELS,
        sample_size=64,
        block_out_channels=(16, 32, 64, 64),
        layers_per_block=1,
        norm_num_groups=4,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        mid_block_add_attention=False,
    )
    # Residual branches start as identity and the posterior starts narrow (std ≈ 0.05): the
    # prototype's VAE learned several times faster this way.
    for module in vae.modules():
        if module.__class__.__name__ == "ResnetBlock2D":
            torch.nn.init.zeros_(module.conv2.weight)
            torch.nn.init.zeros_(module.conv2.bias)
    with torch.no_grad():
        vae.quant_conv.bias[LATENT_CHANNELS:] = -6.0
    return vae


def build_text_encoder(tokenizer: CLIPTokenizer) -> CLIPTextModel:
    config = CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=TEXT_HIDDEN,
        intermediate_size=4 * TEXT_HIDDEN,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=tokenizer.model_max_length,
        hidden_act="gelu",
        projection_dim=TEXT_HIDDEN,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return CLIPTextModel(config)


def build_unet() -> UNet2DConditionModel:
    return UNet2DConditionModel(
        sample_size=8,
        in_channels=LATENT_CHANNELS,
        out_channels=LATENT_CHANNELS,
        block_out_channels=(48, 96),
        layers_per_block=1,
        norm_num_groups=8,
        down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=TEXT_HIDDEN,
        attention_head_dim=4,
    )


def train_scheduler() -> DDPMScheduler:
    return DDPMScheduler(**SCHEDULE)


def sample_scheduler() -> DDIMScheduler:
    """The scheduler saved in the pipeline folder: DDIM on the training schedule.

    It scored the same as DPM++ 2M, Euler and UniPC at 10 steps (see the model card) and, unlike
    them, raises no numpy DeprecationWarning in `set_timesteps` with numpy 2 + torch 2.13.
    `clip_sample=False` is essential (latents are not in [-1, 1]) and, being in the saved config,
    it also carries over when a server swaps in DDPM/DDIM via `from_config`.
    """
    return DDIMScheduler(**SCHEDULE, clip_sample=False)


def n_params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
