"""Fixtures of the model manager's tests: the files a pull can meet (a diffusers repo, a single-file
checkpoint, a LoRA, a pickle, things that are no checkpoint), a loopback hub serving them, and one
server that may download from that hub and from loopback URLs."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from tests.support.catalog import TINY_DEFAULTS
from tests.support.model_hub import FakeHub
from tests.support.postgres import fresh_database
from tests.support.server import ServerProcess

TINY = {"width": 64, "height": 64, "num_inference_steps": 2}
HUB_TOKEN = "hf_test_token_for_the_loopback_hub"
URL_TOKEN = "token-for-loopback-downloads"


@pytest.fixture(scope="session")
def pull_files(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.support.edit_models import build_sd_controlnet, build_sd_lora

    root = tmp_path_factory.mktemp("pull-files")
    lora = build_sd_lora(tiny_models["sd1"], root / "lora", seed=3)
    controlnet = build_sd_controlnet(tiny_models["sd1"], root / "controlnet", seed=4)
    no_denoiser = root / "text-only.safetensors"
    save_file({"text_model.embeddings.weight": torch.zeros(4, 4)}, str(no_denoiser))
    unknown_family = root / "unknown-family.safetensors"
    save_file({"model.diffusion_model.input_blocks.0.0.weight": torch.zeros(4, 4)}, str(unknown_family))
    pickle = root / "model.ckpt"
    pickle.write_bytes(b"\x80\x04not really a pickle")
    return {
        "folder": tiny_models["sd1"],
        "single_file": tiny_models["sd1_single_file"],
        "lora": lora,
        "controlnet": controlnet,
        "no_denoiser": no_denoiser,
        "unknown_family": unknown_family,
        "pickle": pickle,
    }


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def hub(pull_files: dict[str, Path]) -> Iterator[FakeHub]:
    with FakeHub() as fake:
        fake.add_folder("tiny/sd1", pull_files["folder"])
        fake.repos["tiny/private"] = {"model_index.json": b"{}"}
        fake.private.add("tiny/private")
        fake.repos["tiny/not-a-pipeline"] = {"README.md": b"# nothing here"}
        for name in ("single_file", "lora", "no_denoiser", "pickle"):
            path = pull_files[name]
            fake.files[name + path.suffix] = path.read_bytes()
        # CivitAI-style download links: no file name in the URL, the server names the file.
        fake.files["api/download/models/42"] = pull_files["single_file"].read_bytes()
        fake.file_headers["api/download/models/42"] = {
            "Content-Disposition": 'attachment; filename="civit-sd1.safetensors"'
        }
        fake.files["api/download/models/43"] = pull_files["pickle"].read_bytes()
        fake.file_headers["api/download/models/43"] = {"Content-Disposition": 'attachment; filename="old-model.ckpt"'}
        fake.files["private.safetensors"] = b"x"
        fake.private.add("private.safetensors")
        # Served only with the token the server is configured with (IMAGEGATE_HUB_TOKEN / _DOWNLOAD_TOKENS).
        fake.add_folder("tiny/gated", pull_files["folder"])
        fake.tokens["tiny/gated"] = HUB_TOKEN
        fake.files["gated/lora.safetensors"] = pull_files["lora"].read_bytes()
        fake.tokens["gated/lora.safetensors"] = URL_TOKEN
        yield fake


def write_small_catalog(path: Path, folder: Path) -> Path:
    """One file entry (read-only at run time) for the tests to clash with."""
    path.write_text(f'[[models]]\nid = "file-sd1"\nsource = "{folder}"\n{TINY_DEFAULTS}\n')
    return path


def manager_env(hub: FakeHub, **extra: str) -> dict[str, str]:
    return {
        "IMAGEGATE_HUB_ENDPOINT": hub.url,
        "HF_HUB_OFFLINE": "0",  # the hub here is the loopback one
        "IMAGEGATE_URL_ALLOWLIST": '["127.0.0.1"]',  # loopback file URLs: allowed by this setting only
        "IMAGEGATE_CATALOG_REFRESH_S": "0.5",
        "IMAGEGATE_HUB_TOKEN": HUB_TOKEN,
        "IMAGEGATE_DOWNLOAD_TOKENS": json.dumps({"127.0.0.1": URL_TOKEN}),
        "IMAGEGATE_DEFAULT_MODEL": "file-sd1",
        **extra,
    }


@pytest.fixture(scope="session")
def manager_server(
    pull_files: dict[str, Path], hub: FakeHub, postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One server for the model manager's tests, on PostgreSQL so that a second process can join it;
    tests leave it as they found it (what they add, they remove)."""
    root = tmp_path_factory.mktemp("manager")
    catalog = write_small_catalog(root / "catalog.toml", pull_files["folder"])
    database = asyncio.run(fresh_database(postgres_url))
    proc = ServerProcess(root / "srv", catalog, env=manager_env(hub, IMAGEGATE_DATABASE_URL=database)).start()
    yield proc
    proc.stop()
