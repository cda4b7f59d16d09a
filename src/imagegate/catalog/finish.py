"""What arrived, checked before anyone may load it: a diffusers folder or a safetensors checkpoint
of a family we can tell (or that the entry names), a LoRA, ControlNet or annotator that is one.
Returns the entry's spec pointing at the files; raises PullFailed naming what to fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imagegate.catalog.errors import PullFailed
from imagegate.catalog.sources import family_names, folder_family_hint, looks_like_lora, safetensors_keys
from imagegate.catalog.store import EntryKind
from imagegate.domain.models import ModelSpec
from imagegate.engines.diffusers.loader import detect_family, family_from_keys
from imagegate.errors import ConfigError

# Where the denoiser's weights sit in the original layouts of SD 1/2/XL (UNet), SD3 and FLUX.
_DENOISER_MARKERS = ("model.diffusion_model.", "double_blocks.", "joint_blocks.", "transformer_blocks.")


def weights_in(folder: Path) -> Path:
    """The one file a single-file download put in its folder (or the folder, for a pipeline)."""
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    return files[0] if len(files) == 1 and not folder_family_hint(folder) else folder


def finished_spec(kind: EntryKind, spec: dict[str, Any], source: Path, final_source: Path) -> dict[str, Any]:
    """Check ``source`` (the downloaded files, still in staging) and return the spec whose source is
    ``final_source`` (where they will be once moved into place)."""
    if kind is EntryKind.lora:
        _check_lora(source)
        return {**spec, "source": str(final_source)}
    if kind is EntryKind.controlnet:
        _check_controlnet(source)
        return {**spec, "source": str(final_source)}
    if kind is EntryKind.annotator:
        _check_annotator(source, spec.get("kind", ""))
        return {**spec, "source": str(final_source)}
    return {**spec, "source": str(final_source), "family": model_family(spec, source).value}


def model_family(spec: dict[str, Any], source: Path) -> Any:
    """The family the spec names, else what the files say."""
    if source.is_file():
        try:
            keys = safetensors_keys(source)
        except ValueError as exc:
            raise PullFailed(f"{source.name} is {exc}; a .safetensors checkpoint is expected") from None
        if looks_like_lora(keys):
            raise PullFailed(f"{source.name} is a LoRA, not a model; add it with POST /v1/loras")
        if not any(marker in key for key in keys for marker in _DENOISER_MARKERS):
            raise PullFailed(f"{source.name} is not a diffusion checkpoint (it holds no denoiser weights)")
        if spec.get("family") is None and not spec.get("config"):
            # From the header we already read: no torch to import (an API replica has none).
            family = family_from_keys(keys)
            if family is None:
                raise PullFailed(
                    f"cannot tell the model family of {source.name}; add it again with family set to one of "
                    f"{family_names()}"
                )
            return family
    elif not folder_family_hint(source):
        raise PullFailed(f"{source} is not a diffusers pipeline folder (no model_index.json)")
    probe = ModelSpec.model_validate({**spec, "source": str(source)})
    try:
        return detect_family(probe)
    except ConfigError:
        raise PullFailed(
            f"cannot tell the model family of {source.name}; add it again with family set to one of {family_names()}"
        ) from None


def _check_lora(source: Path) -> None:
    file = source if source.is_file() else next(iter(sorted(source.rglob("*.safetensors"))), None)
    if file is None:
        raise PullFailed(f"{source.name} holds no .safetensors file")
    try:
        keys = safetensors_keys(file)
    except ValueError as exc:
        raise PullFailed(f"{file.name} is {exc}") from None
    if not looks_like_lora(keys):
        raise PullFailed(f"{file.name} is not a LoRA (no lora_up/lora_down or lora_A/lora_B weights)")


def _check_controlnet(source: Path) -> None:
    if source.is_file():
        try:
            safetensors_keys(source)
        except ValueError as exc:
            raise PullFailed(f"{source.name} is {exc}") from None
        return
    config = source / "config.json"
    try:
        name = json.loads(config.read_text()).get("_class_name", "")
    except (OSError, ValueError):
        name = ""
    if "ControlNet" not in name:
        raise PullFailed(f"{source} is not a diffusers ControlNet folder (config.json names no ControlNet)")


# What each annotator kind runs (transformers' architectures, as a config.json names them).
ANNOTATOR_ARCHITECTURES = {
    "depth": ("DepthAnythingForDepthEstimation", "DPTForDepthEstimation"),
    "pose": ("VitPoseForPoseEstimation",),
}


def _check_annotator(source: Path, kind: str) -> None:
    config = source / "config.json"
    try:
        architectures = json.loads(config.read_text()).get("architectures") or []
    except (OSError, ValueError):
        raise PullFailed(f"{source} is not a transformers model folder (no readable config.json)") from None
    wanted = ANNOTATOR_ARCHITECTURES.get(kind, ())
    if not any(name in wanted for name in architectures):
        raise PullFailed(
            f"{source} holds {', '.join(architectures) or 'no named architecture'}; a {kind} annotator must be "
            f"one of {', '.join(wanted)}"
        )
    if not (source / "preprocessor_config.json").is_file():
        raise PullFailed(f"{source} has no preprocessor_config.json (the image processor's settings)")
