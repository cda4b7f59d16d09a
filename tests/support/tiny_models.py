"""Tiny random-weight diffusers pipelines for tests, built offline in well under a second each.

Every builder seeds its own components (without touching the global torch RNG), saves with
safetensors and returns the folder, so the server under test loads the result through its normal
``from_pretrained`` / ``from_single_file`` code. Nothing here reaches the network: tokenizers are
built from hand-written vocabularies and all configs are spelled out below.

Call-time notes (the models are random, the images are coloured noise):

* always pass ``height``/``width`` (multiples of 8; 16 for SD3 and FLUX): the defaults are 512 px
  for SD1, 1024 px for SDXL and FLUX (as in the real models) and 256 px for SD3;
* SD3 and FLUX take ``max_sequence_length`` (T5 pads every prompt to it: 256 and 512 by default);
  ``CALL_KWARGS`` passes 64, which halves their time;
* FLUX is schnell-like (``guidance_embeds=False``): ``guidance_scale`` has no effect;
* SD1/SDXL use ``EulerDiscreteScheduler``, whose ``set_timesteps`` calls ``np.array`` on a tensor:
  with torch 2.13 and numpy 2.x that raises a ``DeprecationWarning`` ("__array__ implementation
  doesn't accept a copy keyword"), an error under ``filterwarnings = error``.

Run ``python -m tests.support.tiny_models`` for a self-check with timings.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import diffusers
import torch
import transformers
from diffusers import (
    AutoencoderKL,
    DiffusionPipeline,
    EulerDiscreteScheduler,
    FlowMatchEulerDiscreteScheduler,
    FluxPipeline,
    FluxTransformer2DModel,
    SD3Transformer2DModel,
    StableDiffusion3Pipeline,
    StableDiffusionPipeline,
    StableDiffusionXLPipeline,
    UNet2DConditionModel,
)
from diffusers.loaders.single_file_utils import infer_diffusers_model_type
from safetensors.torch import load_file, save_file
from transformers import (
    CLIPTextConfig,
    CLIPTextModel,
    CLIPTextModelWithProjection,
    CLIPTokenizer,
    T5Config,
    T5EncoderModel,
    T5Tokenizer,
)

# Bump whenever a recipe below changes, so cached builds (see `build_all`) are rebuilt.
BUILD_VERSION = 1
MARKER_FILE = "tiny_build.json"

SD1_CHECKPOINT_NAME = "tiny-sd1.safetensors"
SDXL_CHECKPOINT_NAME = "tiny-sdxl.safetensors"

_WORDS = ("a", "an", "the", "of", "photo", "cat", "dog", "red", "blue", "green", "tree", "house", "sky")


# --------------------------------------------------------------------------------------------- tokenizers


def _byte_chars() -> list[str]:
    """The 256 printable stand-ins GPT-2/CLIP byte-level BPE uses for the bytes 0..255."""
    printable = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    extra = iter(range(256, 512))
    return [chr(b) if b in printable else chr(next(extra)) for b in range(256)]


def _word_merges(words: tuple[str, ...]) -> list[tuple[str, str]]:
    """Left-to-right merges that make each of ``words`` a single ``word</w>`` token."""
    merges: list[tuple[str, str]] = []
    for word in words:
        symbols = [*word[:-1], word[-1] + "</w>"]
        while len(symbols) > 1:
            pair = (symbols[0], symbols[1])
            if pair not in merges:
                merges.append(pair)
            symbols = [pair[0] + pair[1], *symbols[2:]]
    return merges


def clip_tokenizer() -> CLIPTokenizer:
    """A byte-level CLIP BPE tokenizer (any text tokenizes; a few words are single tokens)."""
    chars = _byte_chars()
    merges = _word_merges(_WORDS)
    tokens = [*chars, *(c + "</w>" for c in chars), *dict.fromkeys(a + b for a, b in merges)]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {token: index for index, token in enumerate(dict.fromkeys(tokens))}
    # The hint says list[str], but the tokenizers BPE backend takes (left, right) pairs only.
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=77)  # type: ignore[arg-type]


def t5_tokenizer() -> T5Tokenizer:
    """A Unigram T5 tokenizer without a sentencepiece file (unknown characters map to ``<unk>``)."""
    chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'-:;()"
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    vocab += [("▁" + word, -3.0) for word in _WORDS]
    vocab += [(char, -5.0) for char in chars]
    return T5Tokenizer(vocab=vocab, extra_ids=0, model_max_length=512)


# ------------------------------------------------------------------------------------------- components


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed weight initialisation without disturbing the caller's global RNG state."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def clip_text_encoder(
    tokenizer: CLIPTokenizer,
    *,
    seed: int,
    hidden_size: int = 32,
    num_layers: int = 2,
    projection_dim: int | None = None,
) -> CLIPTextModel | CLIPTextModelWithProjection:
    """A small CLIP text encoder; ``projection_dim`` gives the ``WithProjection`` variant."""
    config = CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=2 * hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=4,
        max_position_embeddings=tokenizer.model_max_length,
        projection_dim=projection_dim or hidden_size,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    with _seeded(seed):
        if projection_dim is None:
            return CLIPTextModel(config)
        return CLIPTextModelWithProjection(config)


def t5_encoder(tokenizer: T5Tokenizer, *, seed: int, d_model: int = 32) -> T5EncoderModel:
    """A 2-layer gated-GELU T5 encoder (the v1.1 flavour FLUX and SD3 use)."""
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=d_model,
        d_kv=8,
        d_ff=2 * d_model,
        num_layers=2,
        num_heads=4,
        relative_attention_num_buckets=8,
        feed_forward_proj="gated-gelu",
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    with _seeded(seed):
        return T5EncoderModel(config)


def sd_unet(*, seed: int, **overrides: Any) -> UNet2DConditionModel:
    """A ~1M-parameter SD-style UNet (two levels, cross-attention on the lower one)."""
    config: dict[str, Any] = {
        "sample_size": 64,
        "in_channels": 4,
        "out_channels": 4,
        "block_out_channels": (32, 64),
        "layers_per_block": 1,
        "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D"),
        "up_block_types": ("CrossAttnUpBlock2D", "UpBlock2D"),
        "cross_attention_dim": 32,
        "attention_head_dim": 8,
        "norm_num_groups": 32,
    }
    with _seeded(seed):
        return UNet2DConditionModel(**(config | overrides))


def vae(*, seed: int, **overrides: Any) -> AutoencoderKL:
    """A four-level KL autoencoder, so ``vae_scale_factor`` is 8 as in the real models."""
    config: dict[str, Any] = {
        "block_out_channels": (32, 32, 32, 32),
        "down_block_types": ("DownEncoderBlock2D",) * 4,
        "up_block_types": ("UpDecoderBlock2D",) * 4,
        "latent_channels": 4,
        "layers_per_block": 1,
        "norm_num_groups": 32,
    }
    with _seeded(seed):
        return AutoencoderKL(**(config | overrides))


def sd3_transformer(*, seed: int) -> SD3Transformer2DModel:
    """A 2-block MMDiT; text width 64 (T5) and pooled width 64 (two CLIP projections of 32)."""
    with _seeded(seed):
        return SD3Transformer2DModel(
            sample_size=32,
            patch_size=2,
            in_channels=4,
            out_channels=4,
            num_layers=2,
            attention_head_dim=8,
            num_attention_heads=4,
            joint_attention_dim=64,
            caption_projection_dim=32,
            pooled_projection_dim=64,
            pos_embed_max_size=64,  # up to 64 patches a side: 1024 px
        )


def flux_transformer(*, seed: int) -> FluxTransformer2DModel:
    """One double and one single stream block; 4 latent channels packed 2x2 give 16 inputs."""
    with _seeded(seed):
        return FluxTransformer2DModel(
            patch_size=1,
            in_channels=16,
            num_layers=1,
            num_single_layers=1,
            attention_head_dim=16,
            num_attention_heads=2,
            joint_attention_dim=32,
            pooled_projection_dim=32,
            guidance_embeds=False,
            axes_dims_rope=(4, 4, 8),
        )


def sd_scheduler() -> EulerDiscreteScheduler:
    """Euler with the SD 1.x / SDXL training betas."""
    return EulerDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        steps_offset=1,
        timestep_spacing="leading",
    )


# -------------------------------------------------------------------------------------------- pipelines


# Pipelines are typed `Any`: under mypy, diffusers' lazy top-level names resolve to its dummy classes.
def _save(pipe: Any, path: str | os.PathLike[str]) -> Path:
    folder = Path(path)
    pipe.save_pretrained(folder, safe_serialization=True)
    return folder


def build_sd1(path: str | os.PathLike[str]) -> Path:
    """Save a tiny ``StableDiffusionPipeline`` (no safety checker) into ``path``."""
    tokenizer = clip_tokenizer()
    pipe = StableDiffusionPipeline(
        vae=vae(seed=1),
        text_encoder=clip_text_encoder(tokenizer, seed=2),
        tokenizer=tokenizer,
        unet=sd_unet(seed=3),
        scheduler=sd_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    return _save(pipe, path)


def build_sdxl(path: str | os.PathLike[str]) -> Path:
    """Save a tiny ``StableDiffusionXLPipeline`` into ``path``.

    The two text encoders get different widths (32 and 64, like 768 and 1280 in the real model):
    diffusers' single-file loader tells them apart by that width. The second one has 10 layers
    because diffusers recognises an SDXL single file by its ``resblocks.9`` key.
    """
    tokenizer, tokenizer_2 = clip_tokenizer(), clip_tokenizer()
    unet = sd_unet(
        seed=13,
        cross_attention_dim=32 + 64,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        projection_class_embeddings_input_dim=6 * 8 + 32,
        use_linear_projection=True,
        attention_head_dim=(2, 4),
        transformer_layers_per_block=(1, 2),
        sample_size=128,
    )
    pipe = StableDiffusionXLPipeline(
        vae=vae(seed=11),
        text_encoder=clip_text_encoder(tokenizer, seed=12),
        text_encoder_2=clip_text_encoder(tokenizer_2, seed=14, hidden_size=64, num_layers=10, projection_dim=32),
        tokenizer=tokenizer,
        tokenizer_2=tokenizer_2,
        unet=unet,
        scheduler=sd_scheduler(),
    )
    return _save(pipe, path)


def build_sd3(path: str | os.PathLike[str]) -> Path:
    """Save a tiny ``StableDiffusion3Pipeline`` (two CLIP-with-projection encoders and T5) into ``path``."""
    tokenizer, tokenizer_2, tokenizer_3 = clip_tokenizer(), clip_tokenizer(), t5_tokenizer()
    sd3_vae = vae(seed=21, use_quant_conv=False, use_post_quant_conv=False, shift_factor=0.0609, scaling_factor=1.5305)
    pipe = StableDiffusion3Pipeline(
        transformer=sd3_transformer(seed=24),
        scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0),
        vae=sd3_vae,
        text_encoder=clip_text_encoder(tokenizer, seed=22, projection_dim=32),
        tokenizer=tokenizer,
        text_encoder_2=clip_text_encoder(tokenizer_2, seed=23, projection_dim=32),
        tokenizer_2=tokenizer_2,
        text_encoder_3=t5_encoder(tokenizer_3, seed=25, d_model=64),
        tokenizer_3=tokenizer_3,
    )
    return _save(pipe, path)


def build_flux(path: str | os.PathLike[str]) -> Path:
    """Save a tiny schnell-like ``FluxPipeline`` (CLIP for the pooled vector, T5 for the sequence)."""
    tokenizer, tokenizer_2 = clip_tokenizer(), t5_tokenizer()
    flux_vae = vae(seed=31, use_quant_conv=False, use_post_quant_conv=False, shift_factor=0.1159, scaling_factor=0.3611)
    pipe = FluxPipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(),
        vae=flux_vae,
        text_encoder=clip_text_encoder(tokenizer, seed=32),
        tokenizer=tokenizer,
        text_encoder_2=t5_encoder(tokenizer_2, seed=33, d_model=32),
        tokenizer_2=tokenizer_2,
        transformer=flux_transformer(seed=34),
    )
    return _save(pipe, path)


# ------------------------------------------------------------- original (LDM / SGM) single-file layout

StateDict = dict[str, torch.Tensor]
# A block's prefix in the original layout, or that prefix plus renames of the leaf modules under it.
_Target = str | tuple[str, Mapping[str, str]]

_UNET_RESNET = {
    "norm1": "in_layers.0",
    "conv1": "in_layers.2",
    "time_emb_proj": "emb_layers.1",
    "norm2": "out_layers.0",
    "conv2": "out_layers.3",
    "conv_shortcut": "skip_connection",
}
_VAE_RESNET = {"conv_shortcut": "nin_shortcut"}
_VAE_ATTENTION = {"group_norm": "norm", "to_q": "q", "to_k": "k", "to_v": "v", "to_out.0": "proj_out"}
_OPEN_CLIP_LAYER = {
    "layer_norm1": "ln_1",
    "layer_norm2": "ln_2",
    "mlp.fc1": "mlp.c_fc",
    "mlp.fc2": "mlp.c_proj",
    "self_attn.out_proj": "attn.out_proj",
}


def _unet_targets(config: Mapping[str, Any]) -> dict[str, _Target]:
    """Where every UNet block lives in the original layout, for any level / layer count."""
    layers = config["layers_per_block"]
    if not isinstance(layers, int):
        raise ValueError("only an int layers_per_block has an original-layout equivalent")
    levels = len(config["block_out_channels"])
    targets: dict[str, _Target] = {
        "time_embedding.linear_1": "time_embed.0",
        "time_embedding.linear_2": "time_embed.2",
        "add_embedding.linear_1": "label_emb.0.0",
        "add_embedding.linear_2": "label_emb.0.2",
        "conv_in": "input_blocks.0.0",
        "conv_norm_out": "out.0",
        "conv_out": "out.2",
        "mid_block.resnets.0": ("middle_block.0", _UNET_RESNET),
        "mid_block.attentions.0": "middle_block.1",
        "mid_block.resnets.1": ("middle_block.2", _UNET_RESNET),
    }
    index = 1
    for level in range(levels):
        for layer in range(layers):
            targets[f"down_blocks.{level}.resnets.{layer}"] = (f"input_blocks.{index}.0", _UNET_RESNET)
            targets[f"down_blocks.{level}.attentions.{layer}"] = f"input_blocks.{index}.1"
            index += 1
        if level < levels - 1:
            targets[f"down_blocks.{level}.downsamplers.0.conv"] = f"input_blocks.{index}.0.op"
            index += 1
    index = 0
    for level, block_type in enumerate(config["up_block_types"]):
        for layer in range(layers + 1):
            targets[f"up_blocks.{level}.resnets.{layer}"] = (f"output_blocks.{index}.0", _UNET_RESNET)
            targets[f"up_blocks.{level}.attentions.{layer}"] = f"output_blocks.{index}.1"
            index += 1
        if level < levels - 1:
            slot = 2 if "CrossAttn" in block_type else 1
            targets[f"up_blocks.{level}.upsamplers.0.conv"] = f"output_blocks.{index - 1}.{slot}.conv"
    return targets


def _vae_targets(config: Mapping[str, Any]) -> dict[str, _Target]:
    """Where every autoencoder block lives in the original layout (decoder levels are numbered upwards)."""
    levels, layers = len(config["block_out_channels"]), config["layers_per_block"]
    targets: dict[str, _Target] = {"quant_conv": "quant_conv", "post_quant_conv": "post_quant_conv"}
    for coder in ("encoder", "decoder"):
        targets[f"{coder}.conv_in"] = f"{coder}.conv_in"
        targets[f"{coder}.conv_norm_out"] = f"{coder}.norm_out"
        targets[f"{coder}.conv_out"] = f"{coder}.conv_out"
        targets[f"{coder}.mid_block.resnets.0"] = (f"{coder}.mid.block_1", _VAE_RESNET)
        targets[f"{coder}.mid_block.attentions.0"] = (f"{coder}.mid.attn_1", _VAE_ATTENTION)
        targets[f"{coder}.mid_block.resnets.1"] = (f"{coder}.mid.block_2", _VAE_RESNET)
    for level in range(levels):
        down, up = f"encoder.down.{level}", f"decoder.up.{levels - 1 - level}"
        for layer in range(layers):
            targets[f"encoder.down_blocks.{level}.resnets.{layer}"] = (f"{down}.block.{layer}", _VAE_RESNET)
        for layer in range(layers + 1):
            targets[f"decoder.up_blocks.{level}.resnets.{layer}"] = (f"{up}.block.{layer}", _VAE_RESNET)
        targets[f"encoder.down_blocks.{level}.downsamplers.0.conv"] = f"{down}.downsample.conv"
        targets[f"decoder.up_blocks.{level}.upsamplers.0.conv"] = f"{up}.upsample.conv"
    return targets


def _retarget(key: str, targets: Mapping[str, _Target]) -> str:
    """Rename ``key`` by its longest block prefix in ``targets`` and the leaf renames of that block."""
    parts = key.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        target = targets.get(".".join(parts[:cut]))
        if target is None:
            continue
        prefix, leaves = (target, {}) if isinstance(target, str) else target
        module, param = ".".join(parts[cut:-1]), parts[-1]
        return ".".join(part for part in (prefix, leaves.get(module, module), param) if part)
    raise KeyError(f"no original-layout home for {key!r}")


def _convert(state: Mapping[str, torch.Tensor], prefix: str, targets: Mapping[str, _Target]) -> StateDict:
    converted: StateDict = {}
    for key, tensor in state.items():
        converted[prefix + _retarget(key, targets)] = tensor
    if len(converted) != len(state):
        raise AssertionError("two tensors mapped to the same original-layout key")
    return converted


def unet_to_ldm(state: Mapping[str, torch.Tensor], config: Mapping[str, Any]) -> StateDict:
    """A diffusers UNet state dict in the original ``model.diffusion_model.*`` layout."""
    return _convert(state, "model.diffusion_model.", _unet_targets(config))


def vae_to_ldm(state: Mapping[str, torch.Tensor], config: Mapping[str, Any]) -> StateDict:
    """A diffusers AutoencoderKL state dict in the original ``first_stage_model.*`` layout."""
    converted = _convert(state, "first_stage_model.", _vae_targets(config))
    for key, tensor in converted.items():
        # The original mid-block attention projections are 1x1 convolutions, not linear layers.
        if ".mid.attn_1." in key and key.endswith(".weight") and tensor.ndim == 2:
            converted[key] = tensor[:, :, None, None]
    return converted


def clip_to_ldm(state: Mapping[str, torch.Tensor], prefix: str) -> StateDict:
    """A transformers CLIP text model under ``prefix`` in the original (transformers 4) key layout."""
    return {
        prefix + (key if key.startswith(("text_model.", "text_projection.")) else "text_model." + key): tensor
        for key, tensor in state.items()
    }


def open_clip_to_ldm(state: Mapping[str, torch.Tensor], prefix: str) -> StateDict:
    """A CLIP text model with projection under ``prefix`` in the OpenCLIP layout (SDXL's second encoder)."""
    state = {key.removeprefix("text_model."): tensor for key, tensor in state.items()}
    converted: StateDict = {
        prefix + "token_embedding.weight": state.pop("embeddings.token_embedding.weight"),
        prefix + "positional_embedding": state.pop("embeddings.position_embedding.weight"),
        prefix + "ln_final.weight": state.pop("final_layer_norm.weight"),
        prefix + "ln_final.bias": state.pop("final_layer_norm.bias"),
        prefix + "text_projection": state.pop("text_projection.weight").T.contiguous(),
    }
    layer_pattern = re.compile(r"encoder\.layers\.(\d+)\.(.+)\.(weight|bias)")
    for key in sorted(state):
        if key.endswith(("k_proj.weight", "k_proj.bias", "v_proj.weight", "v_proj.bias")):
            continue  # packed together with q_proj below
        match = layer_pattern.fullmatch(key)
        if match is None:
            raise KeyError(f"no OpenCLIP home for {key!r}")
        layer, module, param = match.groups()
        target = f"{prefix}transformer.resblocks.{layer}."
        if module == "self_attn.q_proj":
            qkv = [state[f"encoder.layers.{layer}.self_attn.{p}_proj.{param}"] for p in "qkv"]
            converted[f"{target}attn.in_proj_{param}"] = torch.cat(qkv)
        else:
            converted[f"{target}{_OPEN_CLIP_LAYER[module]}.{param}"] = state[key]
    return converted


_Exporter = Callable[[StateDict, dict[str, Any]], StateDict]
_SINGLE_FILE_LAYOUTS: dict[str, dict[str, _Exporter]] = {
    "sd1": {
        "unet": unet_to_ldm,
        "vae": vae_to_ldm,
        "text_encoder": lambda state, _: clip_to_ldm(state, "cond_stage_model.transformer."),
    },
    "sdxl": {
        "unet": unet_to_ldm,
        "vae": vae_to_ldm,
        "text_encoder": lambda state, _: clip_to_ldm(state, "conditioner.embedders.0.transformer."),
        "text_encoder_2": lambda state, _: open_clip_to_ldm(state, "conditioner.embedders.1.model."),
    },
}


def read_component(folder: str | os.PathLike[str], name: str) -> tuple[StateDict, dict[str, Any]]:
    """The weights and config of one saved pipeline component."""
    component = Path(folder) / name
    (weights,) = component.glob("*.safetensors")
    return load_file(weights), json.loads((component / "config.json").read_text())


def ldm_checkpoint(
    folder: str | os.PathLike[str],
    layout: str,
    *,
    transform: Callable[[str, StateDict], StateDict] | None = None,
) -> StateDict:
    """All weights of a saved ``layout`` ("sd1" or "sdxl") pipeline in the original single-file layout.

    ``transform(component, state)`` may replace a component's weights before conversion (the
    self-check uses it to tag every tensor).
    """
    checkpoint: StateDict = {}
    for name, export in _SINGLE_FILE_LAYOUTS[layout].items():
        state, config = read_component(folder, name)
        if transform is not None:
            state = transform(name, state)
        part = export(state, config)
        if checkpoint.keys() & part.keys():
            raise AssertionError(f"{name} overlaps another component in the single file")
        checkpoint |= part
    return checkpoint


def _save_single_file(folder: str | os.PathLike[str], out_file: str | os.PathLike[str], layout: str) -> Path:
    checkpoint = {key: tensor.contiguous() for key, tensor in ldm_checkpoint(folder, layout).items()}
    path = Path(out_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(checkpoint, path, metadata={"format": "pt"})
    return path


def build_sd1_single_file(folder: str | os.PathLike[str], out_file: str | os.PathLike[str]) -> Path:
    """Export the SD1 pipeline in ``folder`` as one original-layout ``.safetensors`` checkpoint.

    Load it with ``StableDiffusionPipeline.from_single_file(out_file, config=str(folder))``.
    """
    return _save_single_file(folder, out_file, "sd1")


def build_sdxl_single_file(folder: str | os.PathLike[str], out_file: str | os.PathLike[str]) -> Path:
    """Export the SDXL pipeline in ``folder`` as one SGM-layout ``.safetensors`` checkpoint.

    Load it with ``StableDiffusionXLPipeline.from_single_file(out_file, config=str(folder))``.
    """
    return _save_single_file(folder, out_file, "sdxl")


# ---------------------------------------------------------------------------------------------- caching

FOLDER_BUILDERS: dict[str, Callable[[Path], Path]] = {
    "sd1": build_sd1,
    "sdxl": build_sdxl,
    "sd3": build_sd3,
    "flux": build_flux,
}
# single-file variant -> (the folder variant it exports, exporter, file name inside its own folder)
SINGLE_FILE_BUILDERS: dict[str, tuple[str, Callable[[Path, Path], Path], str]] = {
    "sd1_single_file": ("sd1", build_sd1_single_file, SD1_CHECKPOINT_NAME),
    "sdxl_single_file": ("sdxl", build_sdxl_single_file, SDXL_CHECKPOINT_NAME),
}
# What each family needs at call time besides prompt / height / width / steps / generator.
CALL_KWARGS: dict[str, dict[str, Any]] = {
    "sd1": {},
    "sdxl": {},
    "sd3": {"max_sequence_length": 64},
    "flux": {"max_sequence_length": 64},
}


def _marker() -> dict[str, Any]:
    return {
        "build_version": BUILD_VERSION,
        "diffusers": diffusers.__version__,
        "transformers": transformers.__version__,
    }


def _is_current(folder: Path, product: str) -> bool:
    try:
        marker = json.loads((folder / MARKER_FILE).read_text())
    except (OSError, ValueError):
        return False
    return bool(marker == _marker() and (folder / product).is_file())


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Serialise builders sharing one root (parallel test workers)."""
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cached(target: Path, build: Callable[[Path], object], product: str) -> Path:
    """Build into a staging folder and move it to ``target`` unless a current build is there already."""
    if _is_current(target, product):
        return target
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        build(staging)
        (staging / MARKER_FILE).write_text(json.dumps(_marker()))
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def build_all(root: str | os.PathLike[str]) -> dict[str, Path]:
    """Build every variant under ``root`` (cached) and return ``{variant: path}``.

    Folder variants map to their pipeline folder; ``*_single_file`` variants map to the checkpoint
    file, whose diffusers config folder is the variant it was exported from (``sd1``, ``sdxl``).
    A variant is rebuilt only when its ``tiny_build.json`` marker is missing or stale.
    """
    root_path = Path(root)
    root_path.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    with _exclusive(root_path / ".build.lock"):
        for name, build in FOLDER_BUILDERS.items():
            paths[name] = _cached(root_path / name, build, "model_index.json")
        for name, (source, export, file_name) in SINGLE_FILE_BUILDERS.items():
            build_file = functools.partial(_export_into, export, paths[source], file_name)
            folder = _cached(root_path / name, build_file, file_name)
            paths[name] = folder / file_name
    return paths


def _export_into(export: Callable[[Path, Path], Path], source: Path, file_name: str, staging: Path) -> Path:
    return export(source, staging / file_name)


# ------------------------------------------------------------------------------------------- self-check

_SINGLE_FILE_PIPELINES: dict[str, Any] = {
    "sd1": StableDiffusionPipeline,
    "sdxl": StableDiffusionXLPipeline,
}


def load_single_file(checkpoint: str | os.PathLike[str], folder: str | os.PathLike[str], layout: str) -> Any:
    """Load an exported checkpoint offline the way a user would, with ``folder`` as the diffusers config."""
    # `config` must be a str: the per-model loaders reject a Path ("Invalid `config` argument").
    return _SINGLE_FILE_PIPELINES[layout].from_single_file(str(checkpoint), config=str(folder), local_files_only=True)


def check_single_file_mapping(folder: str | os.PathLike[str], layout: str) -> None:
    """Prove that diffusers' single-file loader puts every exported tensor back in its own slot.

    Each tensor of the saved pipeline is replaced by a constant unique to it, exported, reloaded with
    ``from_single_file`` and compared: nothing missing, nothing left on the meta device, nothing
    swapped (random weights cannot show that: all norms start as ones), and no tensor left over.
    """
    tagged: dict[str, StateDict] = {}

    def tag(name: str, state: StateDict) -> StateDict:
        first = 1 + sum(len(part) for part in tagged.values())
        tagged[name] = {key: torch.full_like(state[key], float(first + i)) for i, key in enumerate(sorted(state))}
        return tagged[name]

    checkpoint = ldm_checkpoint(folder, layout, transform=tag)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tagged.safetensors"
        save_file({key: tensor.contiguous() for key, tensor in checkpoint.items()}, path)
        pipe = load_single_file(path, folder, layout)
    for name, expected in tagged.items():
        loaded = getattr(pipe, name).state_dict()
        if loaded.keys() != expected.keys():
            raise AssertionError(
                f"{name}: missing {expected.keys() - loaded.keys()}, extra {loaded.keys() - expected.keys()}"
            )
        wrong = [key for key in expected if loaded[key].is_meta or not torch.equal(loaded[key], expected[key])]
        if wrong:
            raise AssertionError(f"{name}: {len(wrong)} tensors did not land, e.g. {wrong[:3]}")
    exported = sum(tensor.numel() for tensor in checkpoint.values())
    consumed = sum(tensor.numel() for state in tagged.values() for tensor in state.values())
    if exported != consumed:
        raise AssertionError(f"the checkpoint holds {exported - consumed} values no component uses")


def generate(pipe: Any, family: str, size: int, *, seed: int = 0, steps: int = 2) -> bytes:
    """Raw RGB bytes of one ``size`` x ``size`` image for a fixed seed."""
    pipe.set_progress_bar_config(disable=True)
    generator = torch.Generator("cpu").manual_seed(seed)
    result = pipe(
        prompt="a photo of a cat",
        height=size,
        width=size,
        num_inference_steps=steps,
        generator=generator,
        **CALL_KWARGS[family],
    )
    image = result.images[0]
    if image.size != (size, size):
        raise AssertionError(f"{family}: got a {image.size} image")
    return bytes(image.tobytes())


def folder_size(path: Path) -> int:
    """Bytes on disk under ``path`` (or of the file ``path``)."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files)


class _Clock:
    """Seconds between successive ``lap()`` calls."""

    def __init__(self) -> None:
        self._last = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed, self._last = now - self._last, now
        return elapsed


def _check_family(family: str, folder: Path, scratch: Path) -> bytes:
    """Build, reload and run one family; return its 64 px reference image."""
    clock = _Clock()
    FOLDER_BUILDERS[family](scratch / family)
    build_s = clock.lap()
    pipe = DiffusionPipeline.from_pretrained(folder)
    load_s = clock.lap()
    first = generate(pipe, family, 64)
    gen64_s = clock.lap()
    generate(pipe, family, 256)
    gen256_s = clock.lap()
    if generate(pipe, family, 64) != first:
        raise AssertionError(f"{family}: the same seed gave different images")
    if len(set(first)) < 16:
        raise AssertionError(f"{family}: a nearly flat image; the random weights are degenerate")
    print(
        f"{family:5} {type(pipe).__name__:26} build {build_s:.2f} s, reload {load_s:.2f} s, "
        f"64px {gen64_s:.2f} s, 256px {gen256_s:.2f} s, {folder_size(folder) / 1e6:.1f} MB"
    )
    return first


def _check_single_file(name: str, paths: Mapping[str, Path], reference: Mapping[str, bytes]) -> None:
    """Prove the export lossless, then load it like a user and compare images with the folder's."""
    layout = SINGLE_FILE_BUILDERS[name][0]
    clock = _Clock()
    check_single_file_mapping(paths[layout], layout)
    check_s = clock.lap()
    pipe = load_single_file(paths[name], paths[layout], layout)
    load_s = clock.lap()
    if generate(pipe, layout, 64) != reference[layout]:
        raise AssertionError(f"{name}: the single file and the folder disagree")
    detected = infer_diffusers_model_type(load_file(paths[name]))
    print(
        f"{name}: detected as {detected!r}, every tensor lands ({check_s:.2f} s), loads in {load_s:.2f} s, "
        f"same image bytes as the folder, {folder_size(paths[name]) / 1e6:.1f} MB"
    )


def _self_check() -> None:
    torch.set_num_threads(1)
    diffusers.utils.logging.disable_progress_bar()
    transformers.utils.logging.disable_progress_bar()
    print(
        f"diffusers {diffusers.__version__}, transformers {transformers.__version__}, torch threads 1, "
        f"HF_HUB_OFFLINE={os.environ.get('HF_HUB_OFFLINE', '0')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        clock = _Clock()
        build_all(root / "cache")
        cold = clock.lap()
        paths = build_all(root / "cache")
        print(f"build_all: cold {cold:.2f} s, cached {clock.lap() * 1000:.1f} ms")
        reference = {family: _check_family(family, paths[family], root / "direct") for family in FOLDER_BUILDERS}
        for name in SINGLE_FILE_BUILDERS:
            _check_single_file(name, paths, reference)
    print("self-check passed")


if __name__ == "__main__":
    _self_check()
