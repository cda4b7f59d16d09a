"""Downloading a repository from the Hugging Face hub (or a mirror) with the real
``huggingface_hub`` client: the repository's file list (``model_info``), then each file a diffusers
pipeline needs (``hf_hub_download`` into a folder of ours, which resumes a file an earlier attempt
left incomplete). Runs on a worker thread; the caller watches the folder's size for progress."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from imagegate.catalog.errors import PullCanceled, PullFailed
from imagegate.catalog.sources import PICKLE_SUFFIXES, Origin

# What a diffusers pipeline folder holds besides weights: configs, tokenizer files.
_CONFIG_SUFFIXES = (".json", ".txt", ".model")
_VARIANT = re.compile(r"\.([A-Za-z0-9_-]+)\.(safetensors|bin)$")


@dataclass
class HubPull:
    """One repository download; ``total`` is known once the file list has been read."""

    origin: Origin
    dest: Path
    endpoint: str | None
    token: str | None
    allow_pickle: bool
    # "pipeline" (diffusers, model_index.json), "folder" (one model: config.json and its weights, as a
    # ControlNet or an annotator) or "file": one weights file (a LoRA), ``weight_name`` if several.
    want: str = "pipeline"
    weight_name: str | None = None
    total: int | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        from huggingface_hub import HfApi, hf_hub_download
        from huggingface_hub.errors import HfHubHTTPError

        repo = self.origin.source
        token: Any = self.token  # None: the hub client's own (HF_TOKEN, or `hf auth login`)
        try:
            info = HfApi(endpoint=self.endpoint, token=token).model_info(
                repo, revision=self.origin.revision, files_metadata=True
            )
            files = {s.rfilename: s.size or 0 for s in info.siblings or []}
            chosen = self._choose(files)
            self.total = sum(files[name] for name in chosen)
            for name in chosen:
                if self.cancel.is_set():
                    raise PullCanceled()
                hf_hub_download(repo, name, revision=info.sha, local_dir=self.dest, endpoint=self.endpoint, token=token)
        except HfHubHTTPError as exc:
            raise PullFailed(_explain(exc, repo, self.origin.revision)) from None
        except OSError as exc:
            raise PullFailed(f"writing {repo} failed: {exc}") from None

    def _choose(self, files: dict[str, int]) -> list[str]:
        prefix = f"{self.origin.subfolder.strip('/')}/" if self.origin.subfolder else ""
        inside = [name for name in files if name.startswith(prefix)]
        if self.want == "file":
            weights = [n for n in inside if n.endswith(".safetensors")]
            if self.weight_name is not None:
                weights = [n for n in weights if PurePosixPath(n).name == self.weight_name]
            if len(weights) != 1:
                found = ", ".join(weights) or "none"
                raise PullFailed(
                    f"{self.origin.source} must hold exactly one .safetensors file (found: {found}); "
                    "name the one to use with weight_name"
                )
            return weights
        if self.want == "folder":
            if f"{prefix}config.json" not in files:
                raise PullFailed(f"{self.origin.source}{'/' + prefix.rstrip('/') if prefix else ''} has no config.json")
            top = [n for n in inside if "/" not in n[len(prefix) :]]
            configs = [n for n in top if PurePosixPath(n).suffix in _CONFIG_SUFFIXES]
            weights = [n for n in top if PurePosixPath(n).suffix in (".safetensors", *PICKLE_SUFFIXES)]
            if not weights:
                raise PullFailed(f"{self.origin.source} holds no weights beside its config.json")
            return sorted(configs + _one_set(weights, self.origin.variant, self.allow_pickle))
        if f"{prefix}model_index.json" not in files:
            raise PullFailed(
                f"{self.origin.source}{'/' + prefix.rstrip('/') if prefix else ''} is not a diffusers pipeline "
                "(no model_index.json); give the URL of a single checkpoint file instead, or the right subfolder"
            )
        return _pipeline_files(inside, prefix, self.origin.variant, self.allow_pickle)


def _pipeline_files(names: list[str], prefix: str, variant: str | None, allow_pickle: bool) -> list[str]:
    """Configs of every component, and one set of weights per component folder: the variant asked
    for where it exists, safetensors before pickle (pickle only when allowed). Checkpoints at the
    top of the repository (whole-model single files beside the pipeline) are left out."""
    chosen: list[str] = []
    by_folder: dict[str, list[str]] = {}
    for name in names:
        relative = PurePosixPath(name[len(prefix) :])
        if relative.suffix in _CONFIG_SUFFIXES:
            chosen.append(name)
        elif relative.suffix in (".safetensors", *PICKLE_SUFFIXES) and len(relative.parts) > 1:
            by_folder.setdefault(str(relative.parent), []).append(name)
    for weights in by_folder.values():
        chosen += _one_set(weights, variant, allow_pickle)
    return sorted(chosen)


def _one_set(weights: list[str], variant: str | None, allow_pickle: bool) -> list[str]:
    """One component's weights: the variant asked for where it exists, safetensors before pickle."""
    safe = [n for n in weights if n.endswith(".safetensors")]
    pool = safe or ([n for n in weights if n.endswith(".bin")] if allow_pickle else [])
    if not pool:
        folder = PurePosixPath(weights[0]).parent
        raise PullFailed(
            f"{folder} has only pickle weights ({', '.join(PurePosixPath(w).name for w in weights)}); "
            "the admin may allow them with IMAGEGATE_ALLOW_PICKLE=true"
        )
    marked = [n for n in pool if (m := _VARIANT.search(n)) and m.group(1) == variant] if variant else []
    plain = [n for n in pool if not _VARIANT.search(n)]
    return marked or plain or pool


def _explain(exc: Exception, repo: str, revision: str | None) -> str:
    from huggingface_hub.errors import (
        EntryNotFoundError,
        GatedRepoError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(exc, GatedRepoError):
        return f"{repo} is gated: accept its terms on the hub and set IMAGEGATE_HUB_TOKEN"
    if isinstance(exc, RevisionNotFoundError):
        return f"{repo} has no revision '{revision}'; check the revision"
    if isinstance(exc, RepositoryNotFoundError) or (status == 404 and not isinstance(exc, EntryNotFoundError)):
        return f"no repository '{repo}' on the hub (or it is private: set IMAGEGATE_HUB_TOKEN)"
    if status in (401, 403):
        return f"the hub refused access to {repo} ({status}); set IMAGEGATE_HUB_TOKEN to a token that may read it"
    return f"downloading {repo} failed ({status or type(exc).__name__}): {str(exc).splitlines()[0]}"
