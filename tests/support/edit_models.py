"""Tiny weights for the image-editing tests, built offline from the tiny pipelines in seconds:
LoRA adapters, ControlNets, a 9-channel inpainting SD 1.x model and random ESRGAN-family upscalers
in the file layouts users bring (.pth in BasicSR and original-ESRGAN layouts, .safetensors).

Random ControlNets start with zero "zero convolutions" (they would change nothing); those are
re-drawn here so that the control image visibly steers the tiny models.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch
from diffusers import (
    ControlNetModel,
    FluxControlNetModel,
    FluxPipeline,
    FluxTransformer2DModel,
    SD3ControlNetModel,
    SD3Transformer2DModel,
    StableDiffusionInpaintPipeline,
    StableDiffusionPipeline,
    StableDiffusionXLPipeline,
    UNet2DConditionModel,
)
from peft import LoraConfig
from peft.utils import get_peft_model_state_dict
from safetensors.torch import save_file
from transformers import CLIPTextModel

from imagegate.engines.upscale.arch import RRDBNet, SRVGGNetCompact
from tests.support.tiny_models import clip_text_encoder, clip_tokenizer, sd_scheduler, sd_unet, vae

ATTENTION = ["to_q", "to_k", "to_v", "to_out.0"]


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def _lora_layers(model: Any, seed: int, targets: list[str]) -> dict[str, torch.Tensor]:
    """Random (not identity) LoRA weights of rank 4 for ``model``'s ``targets``."""
    from diffusers.utils import convert_state_dict_to_diffusers

    with _seeded(seed):
        model.add_adapter(LoraConfig(r=4, lora_alpha=4, target_modules=targets, init_lora_weights=False))
    return convert_state_dict_to_diffusers(get_peft_model_state_dict(model))


def _text_encoder_lora(folder: Path, seed: int) -> dict[str, torch.Tensor]:
    from diffusers.utils import convert_state_dict_to_diffusers
    from peft import inject_adapter_in_model

    encoder = CLIPTextModel.from_pretrained(folder / "text_encoder")
    config = LoraConfig(r=4, lora_alpha=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    with _seeded(seed):
        inject_adapter_in_model(config, encoder)
    return convert_state_dict_to_diffusers(get_peft_model_state_dict(encoder))


def build_sd_lora(base: Path, out: Path, *, seed: int, xl: bool = False, text_encoder: bool = False) -> Path:
    """A LoRA file for the tiny SD 1.x (or SDXL) UNet, optionally with text-encoder layers too."""
    unet = UNet2DConditionModel.from_pretrained(base / "unet")
    layers = _lora_layers(unet, seed, ATTENTION)
    out.mkdir(parents=True, exist_ok=True)
    pipeline: Any = StableDiffusionXLPipeline if xl else StableDiffusionPipeline
    extra = {"text_encoder_lora_layers": _text_encoder_lora(base, seed + 1)} if text_encoder and not xl else {}
    pipeline.save_lora_weights(out, unet_lora_layers=layers, safe_serialization=True, **extra)
    return out / "pytorch_lora_weights.safetensors"


def build_flux_lora(base: Path, out: Path, *, seed: int) -> Path:
    transformer = FluxTransformer2DModel.from_pretrained(base / "transformer")
    layers = _lora_layers(transformer, seed, ["to_q", "to_k", "to_v"])
    out.mkdir(parents=True, exist_ok=True)
    FluxPipeline.save_lora_weights(out, transformer_lora_layers=layers, safe_serialization=True)
    return out / "pytorch_lora_weights.safetensors"


def _wake_zero_convs(model: torch.nn.Module, seed: int, prefixes: tuple[str, ...]) -> None:
    with _seeded(seed), torch.no_grad():
        for name, param in model.named_parameters():
            if name.startswith(prefixes):
                param.normal_(0.0, 0.2)


def build_sd_controlnet(base: Path, out: Path, *, seed: int) -> Path:
    unet = UNet2DConditionModel.from_pretrained(base / "unet")
    net = ControlNetModel.from_unet(unet, conditioning_embedding_out_channels=(8, 16, 32, 32))
    _wake_zero_convs(net, seed, ("controlnet_down_blocks", "controlnet_mid_block", "controlnet_cond_embedding"))
    net.save_pretrained(out, safe_serialization=True)
    return out


def build_flux_controlnet(base: Path, out: Path, *, seed: int) -> Path:
    transformer = FluxTransformer2DModel.from_pretrained(base / "transformer")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # diffusers' own deprecated FluxPosEmbed import
        net = FluxControlNetModel.from_transformer(
            transformer, num_layers=1, num_single_layers=1, attention_head_dim=16, num_attention_heads=2
        )
    _wake_zero_convs(net, seed, ("controlnet_blocks", "controlnet_single_blocks", "controlnet_x_embedder"))
    net.save_pretrained(out, safe_serialization=True)
    return out


def build_sd3_controlnet(base: Path, out: Path, *, seed: int) -> Path:
    transformer = SD3Transformer2DModel.from_pretrained(base / "transformer")
    net = SD3ControlNetModel.from_transformer(transformer, num_layers=1, num_extra_conditioning_channels=0)
    _wake_zero_convs(net, seed, ("controlnet_blocks", "pos_embed_input"))
    net.save_pretrained(out, safe_serialization=True)
    return out


def build_sd1_inpaint(out: Path) -> Path:
    """A tiny SD 1.x inpainting model: the UNet takes 9 channels (latents, mask, masked image latents)."""
    tokenizer = clip_tokenizer()
    pipe = StableDiffusionInpaintPipeline(
        vae=vae(seed=41),
        text_encoder=clip_text_encoder(tokenizer, seed=42),
        tokenizer=tokenizer,
        unet=sd_unet(seed=43, in_channels=9),
        scheduler=sd_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(out, safe_serialization=True)
    return out


def build_sd3_16ch(out: Path) -> Path:
    """A tiny SD3 with the real models' 16 latent channels, which diffusers' SD3 inpainting requires."""
    from diffusers import FlowMatchEulerDiscreteScheduler, StableDiffusion3Pipeline

    from tests.support.tiny_models import t5_encoder, t5_tokenizer

    tokenizer, tokenizer_2, tokenizer_3 = clip_tokenizer(), clip_tokenizer(), t5_tokenizer()
    with _seeded(51):
        transformer = SD3Transformer2DModel(
            sample_size=32,
            patch_size=2,
            in_channels=16,
            out_channels=16,
            num_layers=2,
            attention_head_dim=8,
            num_attention_heads=4,
            joint_attention_dim=64,
            caption_projection_dim=32,
            pooled_projection_dim=64,
            pos_embed_max_size=64,
        )
    pipe = StableDiffusion3Pipeline(
        transformer=transformer,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0),
        vae=vae(
            seed=52,
            latent_channels=16,
            use_quant_conv=False,
            use_post_quant_conv=False,
            shift_factor=0.0609,
            scaling_factor=1.5305,
        ),
        text_encoder=clip_text_encoder(tokenizer, seed=53, projection_dim=32),
        tokenizer=tokenizer,
        text_encoder_2=clip_text_encoder(tokenizer_2, seed=54, projection_dim=32),
        tokenizer_2=tokenizer_2,
        text_encoder_3=t5_encoder(tokenizer_3, seed=55, d_model=64),
        tokenizer_3=tokenizer_3,
    )
    pipe.save_pretrained(out, safe_serialization=True)
    return out


def build_user_upscalers(out: Path) -> dict[str, Path]:
    """Random ESRGAN-family weights in the layouts published upscalers come in."""
    out.mkdir(parents=True, exist_ok=True)
    with _seeded(7):
        rrdb = RRDBNet(num_feat=8, num_block=1, num_grow_ch=4, num_upsample=2)
        compact = SRVGGNetCompact(num_feat=8, num_conv=2, upscale=2)
        old = RRDBNet(num_feat=8, num_block=2, num_grow_ch=4, num_upsample=2)
    paths = {
        "rrdb_pth": out / "4x-tiny-rrdb.pth",
        "old_esrgan_pth": out / "4x-tiny-old-esrgan.pth",
        "compact_safetensors": out / "2x-tiny-compact.safetensors",
    }
    torch.save({"params_ema": rrdb.state_dict()}, paths["rrdb_pth"])
    torch.save(to_old_esrgan_layout(old.state_dict()), paths["old_esrgan_pth"])
    save_file({k: v.contiguous() for k, v in compact.state_dict().items()}, paths["compact_safetensors"])
    return paths


def to_old_esrgan_layout(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """BasicSR RRDBNet names in the original ESRGAN repository's layout (model.0, model.1.sub.N…)."""
    out: dict[str, torch.Tensor] = {}
    blocks = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("body."))
    for key, value in state.items():
        if key.startswith("body."):
            _, block, rdb, conv, kind = key.split(".")
            out[f"model.1.sub.{block}.RDB{rdb[-1]}.conv{conv[-1]}.0.{kind}"] = value
    renames = {"conv_first": "model.0", "conv_body": f"model.1.sub.{blocks}", "conv_up1": "model.3"}
    renames |= {"conv_up2": "model.6", "conv_hr": "model.8", "conv_last": "model.10"}
    for name, target in renames.items():
        for kind in ("weight", "bias"):
            out[f"{target}.{kind}"] = state[f"{name}.{kind}"]
    return out


def build_edit_models(root: Path, tiny: dict[str, Path]) -> dict[str, Path]:
    """Everything the editing tests name in their catalog, under ``root``."""
    paths: dict[str, Path] = {
        "lora_sd1_a": build_sd_lora(tiny["sd1"], root / "lora-sd1-a", seed=101),
        "lora_sd1_b": build_sd_lora(tiny["sd1"], root / "lora-sd1-b", seed=202, text_encoder=True),
        "lora_sdxl": build_sd_lora(tiny["sdxl"], root / "lora-sdxl", seed=303, xl=True),
        "lora_flux": build_flux_lora(tiny["flux"], root / "lora-flux", seed=404),
        "cn_sd1": build_sd_controlnet(tiny["sd1"], root / "cn-sd1", seed=11),
        "cn_sd1_b": build_sd_controlnet(tiny["sd1"], root / "cn-sd1-b", seed=12),
        "cn_sdxl": build_sd_controlnet(tiny["sdxl"], root / "cn-sdxl", seed=13),
        "cn_flux": build_flux_controlnet(tiny["flux"], root / "cn-flux", seed=14),
        "cn_sd3": build_sd3_controlnet(tiny["sd3"], root / "cn-sd3", seed=15),
        "sd1_inpaint": build_sd1_inpaint(root / "sd1-inpaint"),
        "sd3_16ch": build_sd3_16ch(root / "sd3-16ch"),
    }
    paths |= build_user_upscalers(root / "upscalers")
    return paths
