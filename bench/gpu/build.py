"""Real-architecture SD 1.5 and SDXL pipelines with random weights, built from the configs in
``bench/gpu/configs`` (the released models' component configs) directly on the target device, then
saved as diffusers folders so that the server loads them through its own loader.

Weights are initialised by each module's own constructor under ``torch.device(device)``: on a GPU
the 2.6 B parameters of SDXL's UNet are drawn by GPU kernels in well under a second instead of
minutes on the CPU. They are drawn in float32 and cast to the run's dtype. Random weights give
noise images (in float16 possibly NaN/inf: nothing here checks, the images are not the point);
the arithmetic per step is the real models'.

``tiny=True`` (``--smoke``) shrinks widths and depths so the same code runs on a CPU in seconds.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

CONFIGS = Path(__file__).resolve().parent / "configs"

# Smoke sizes: the same block types and conditioning paths, narrow and shallow.
_TINY_TEXT = {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4}
_TINY_VAE = {"block_out_channels": [32, 32, 32, 32], "layers_per_block": 1}
TINY: dict[str, dict[str, dict[str, Any]]] = {
    "sd15": {
        "unet": {
            "block_out_channels": [32, 32, 64, 64],
            "layers_per_block": 1,
            "cross_attention_dim": 32,
            "attention_head_dim": 4,
        },
        "vae": _TINY_VAE,
        "text_encoder": _TINY_TEXT | {"projection_dim": 32},
    },
    "sdxl": {
        "unet": {
            "block_out_channels": [32, 64, 64],
            "layers_per_block": 1,
            "attention_head_dim": [2, 4, 4],
            "transformer_layers_per_block": [1, 1, 2],
            "cross_attention_dim": 64,  # the two encoders' hidden states side by side: 32 + 32
            "addition_time_embed_dim": 8,
            "projection_class_embeddings_input_dim": 32 + 6 * 8,  # pooled text + six size/crop ids
        },
        "vae": _TINY_VAE,
        "text_encoder": _TINY_TEXT | {"projection_dim": 32},
        "text_encoder_2": _TINY_TEXT | {"projection_dim": 32},
    },
}

# Words of the benchmark prompt that become single tokens; everything else falls back to bytes.
_MERGE_WORDS = ("a", "photo", "of", "red", "fox", "in", "snow")


def _byte_alphabet() -> list[str]:
    """The printable stand-in for each byte 0..255 that byte-level BPE (GPT-2, CLIP) uses."""
    keep = [*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    spare = iter(range(0x100, 0x200))
    return [chr(b) if b in keep else chr(next(spare)) for b in range(256)]


def write_tokenizer(folder: Path) -> Path:
    """A CLIP byte-level BPE vocabulary (no hub): every byte is a token, with and without the
    end-of-word mark, plus merges that make the prompt's words single tokens. Pads to 77."""
    folder.mkdir(parents=True, exist_ok=True)
    alphabet = _byte_alphabet()
    merges: list[tuple[str, str]] = []
    for word in _MERGE_WORDS:
        pieces = [*word[:-1], word[-1] + "</w>"]
        while len(pieces) > 1:
            pair = (pieces[0], pieces[1])
            if pair not in merges:
                merges.append(pair)
            pieces = [pair[0] + pair[1], *pieces[2:]]
    tokens = [*alphabet, *(c + "</w>" for c in alphabet), *(a + b for a, b in merges)]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {token: i for i, token in enumerate(dict.fromkeys(tokens))}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    (folder / "merges.txt").write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    return folder


def load_tokenizer(folder: Path) -> Any:
    from transformers import CLIPTokenizer

    return CLIPTokenizer.from_pretrained(str(folder), model_max_length=77, pad_token="<|endoftext|>")


def component_config(model: str, component: str, *, tiny: bool) -> dict[str, Any]:
    folder = CONFIGS / model / component
    name = "scheduler_config.json" if component == "scheduler" else "config.json"
    config = json.loads((folder / name).read_text())
    return config | (TINY[model].get(component, {}) if tiny else {})


def parameter_count(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())


def _module(library: str, class_name: str, config: dict[str, Any], tokenizer: Any, tiny: bool) -> Any:
    """One torch module with fresh random weights on the current default device."""
    if library == "transformers":
        import transformers

        config = config | {
            "bos_token_id": tokenizer.bos_token_id,
            "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id,
            **({"vocab_size": len(tokenizer)} if tiny else {}),
        }
        config_cls = transformers.CLIPTextConfig
        settings = {k: v for k, v in config.items() if k not in ("architectures", "model_type")}
        return getattr(transformers, class_name)(config_cls(**settings))
    import diffusers

    return getattr(diffusers, class_name).from_config(config)


def build_pipeline(model: str, *, device: str, dtype: Any, tiny: bool, work: Path, seed: int = 0) -> tuple[Any, dict]:
    """The pipeline named by ``configs/<model>/model_index.json``, every module with random weights,
    on ``device`` in ``dtype``. Returns (pipeline, facts: parameters per component, build seconds)."""
    import diffusers
    import torch

    index = json.loads((CONFIGS / model / "model_index.json").read_text())
    tokenizer = load_tokenizer(write_tokenizer(work / f"{model}-tokenizer"))
    components: dict[str, Any] = {}
    facts: dict[str, Any] = {"parameters": {}}
    started = time.perf_counter()
    for offset, (name, spec) in enumerate(sorted(index.items())):
        if name.startswith("_") or not isinstance(spec, list):
            if not name.startswith("_"):
                components[name] = spec  # pipeline flags (requires_safety_checker, …)
            continue
        library, class_name = spec
        if library is None:
            components[name] = None
        elif class_name == "CLIPTokenizer":
            components[name] = tokenizer
        elif name == "scheduler":
            components[name] = getattr(diffusers, class_name).from_config(component_config(model, name, tiny=tiny))
        else:
            torch.manual_seed(seed + offset)  # per component: one component's change leaves the others alone
            with torch.device(device):
                module = _module(library, class_name, component_config(model, name, tiny=tiny), tokenizer, tiny)
            components[name] = module.to(dtype=dtype).eval().requires_grad_(False)
            facts["parameters"][name] = parameter_count(module)
    pipe = getattr(diffusers, index["_class_name"])(**components)
    pipe.set_progress_bar_config(disable=True)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    facts["build_s"] = round(time.perf_counter() - started, 3)
    return pipe, facts


def save_pipeline(pipe: Any, folder: Path) -> dict[str, Any]:
    """Save as a diffusers folder (safetensors); returns its size and the seconds it took."""
    started = time.perf_counter()
    pipe.save_pretrained(folder, safe_serialization=True)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"save_s": round(time.perf_counter() - started, 3), "bytes_on_disk": size}
