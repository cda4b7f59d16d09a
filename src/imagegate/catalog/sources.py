"""Where an entry's weights come from (a hub repo id, a URL, a local path) and whether what arrived
is something we can load: a diffusers folder or a safetensors checkpoint of a known family. Pickle
files (``.ckpt``/``.pt``/``.bin``) can run code when loaded: refused unless the admin allows them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from imagegate.domain.models import Family
from imagegate.errors import InvalidRequest

PICKLE_SUFFIXES = (".ckpt", ".pt", ".pth", ".bin")
WEIGHT_SUFFIXES = (".safetensors", *PICKLE_SUFFIXES)
HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")


class SourceType(StrEnum):
    hub = "hub"
    url = "url"
    path = "path"


@dataclass(frozen=True)
class Origin:
    """A pull's source as stored with its entry (``catalog_entries.origin``)."""

    type: SourceType
    source: str
    revision: str | None = None
    variant: str | None = None
    subfolder: str | None = None
    sha256: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def of(cls, data: dict[str, Any]) -> Origin:
        return cls(**{**data, "type": SourceType(data["type"])})


def hub_page_repo(source: str) -> str | None:
    """``owner/name`` when ``source`` is a repository's page on the hub (https://huggingface.co/owner/name)."""
    parts = urlsplit(source)
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme == "https" and parts.hostname in ("huggingface.co", "hf.co") and len(segments) == 2:
        return "/".join(segments)
    return None


def local_exists(source: str) -> bool:
    """Whether ``source`` names an existing file or folder here; a name the system cannot even look
    up (too long, a NUL byte) names none."""
    try:
        return Path(source).expanduser().exists()
    except (OSError, ValueError):
        return False


def source_type(source: str) -> SourceType:
    """What ``source`` names; a 422 naming the field if it is none of them."""
    if source.startswith(("http://", "https://")):
        return SourceType.url
    if source.startswith(("/", ".", "~")) or local_exists(source):
        return SourceType.path
    if HUB_ID.match(source):
        return SourceType.hub
    raise InvalidRequest.for_field(
        "source",
        f"'{source}' is neither a Hugging Face repo id (owner/name), an http(s) URL nor an existing local path",
    )


def check_suffix(name: str, *, allow_pickle: bool, field: str = "source") -> None:
    """A single file must be safetensors, or pickle when the admin allows it."""
    suffix = Path(name).suffix.lower()
    if suffix in PICKLE_SUFFIXES and not allow_pickle:
        raise InvalidRequest.for_field(
            field,
            f"'{Path(name).name}' is a pickle file ({suffix}), which can run code when loaded; use a .safetensors "
            "file, or let the admin set IMAGEGATE_ALLOW_PICKLE=true",
            code="pickle_refused",
        )
    if suffix not in WEIGHT_SUFFIXES:
        raise InvalidRequest.for_field(
            field, f"'{Path(name).name}' is not a checkpoint file (.safetensors expected)", code="not_a_checkpoint"
        )


def safetensors_keys(path: Path) -> set[str]:
    """The tensor names of a safetensors file, read from its header only; ValueError if it is not one."""
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise ValueError("too short to be a safetensors file")
        size = int.from_bytes(head, "little")
        if not 2 <= size <= 100 << 20:
            raise ValueError("not a safetensors file (bad header length)")
        try:
            header = json.loads(f.read(size))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError("not a safetensors file (unreadable header)") from None
    if not isinstance(header, dict):
        raise ValueError("not a safetensors file")
    return {k for k in header if k != "__metadata__"}


# Tensor-name fragments of LoRA files (kohya's and diffusers'/PEFT's naming).
_LORA_MARKERS = ("lora_down", "lora_up", "lora_A", "lora_B", "lora.down", "lora.up")


def looks_like_lora(keys: set[str]) -> bool:
    return any(marker in key for key in keys for marker in _LORA_MARKERS)


def folder_family_hint(folder: Path) -> bool:
    """Whether a folder is a diffusers pipeline (it has a model_index.json)."""
    return (folder / "model_index.json").is_file()


def family_names() -> str:
    return ", ".join(f.value for f in Family)


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
