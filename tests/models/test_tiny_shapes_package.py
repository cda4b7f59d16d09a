"""The shipped `models/tiny-shapes` folder: size, tokenizer, catalog entry, and loading through the
engine's ordinary code path (no special case for the bundled model)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from training.tiny_shapes.captions import VOCAB_WORDS

from imagegate.config import Catalog, load_catalog, load_settings
from imagegate.engines.registry import prepare_catalog, supported_tasks

REPO = Path(__file__).resolve().parents[2]
MODEL_DIR = REPO / "models" / "tiny-shapes"
CATALOG = REPO / "models" / "catalog.toml"

# The vocabulary, written out here rather than imported, so a change to the training
# vocabulary that drops a word is caught.
FOLLOWED = ["circle", "square", "triangle", "red", "green", "blue", "yellow", "orange", "purple", "white", "black"]
ACCEPTED = ["small", "large", "left", "right", "top", "bottom", "center", "background"]


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    from transformers import CLIPTokenizer

    return CLIPTokenizer.from_pretrained(str(MODEL_DIR / "tokenizer"))


def test_folder_is_under_10_mb_of_safetensors() -> None:
    files = [p for p in MODEL_DIR.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    assert total < 10 * 1000 * 1000, f"models/tiny-shapes is {total / 1e6:.2f} MB"
    weight_suffixes = (".safetensors", ".bin", ".ckpt", ".pt", ".pth")
    weights = sorted(str(p.relative_to(MODEL_DIR)) for p in files if p.suffix in weight_suffixes)
    assert weights == [
        "text_encoder/model.safetensors",
        "unet/diffusion_pytorch_model.safetensors",
        "vae/diffusion_pytorch_model.safetensors",
    ]
    index = json.loads((MODEL_DIR / "model_index.json").read_text())
    assert index["_class_name"] == "StableDiffusionPipeline"


@pytest.mark.parametrize("word", sorted(set(VOCAB_WORDS) | set(FOLLOWED) | set(ACCEPTED)))
def test_every_vocabulary_word_is_one_token(tokenizer: Any, word: str) -> None:
    ids = tokenizer(word, add_special_tokens=False).input_ids
    assert tokenizer.convert_ids_to_tokens(ids) == [word + "</w>"]
    # The same id inside a sentence, whatever the case (the tokenizer lower-cases).
    sentence = tokenizer(f"A {word.upper()} thing", add_special_tokens=False).input_ids
    assert sentence[1:2] == ids


def test_any_text_tokenizes_and_fits_the_text_encoder(tokenizer: Any) -> None:
    pieces = tokenizer.tokenize("an astronaut riding a horse 🐴")
    assert len(pieces) > 6 and tokenizer.unk_token not in pieces  # byte-level: unknown words become pieces
    text_config = json.loads((MODEL_DIR / "text_encoder" / "config.json").read_text())
    assert tokenizer.model_max_length == text_config["max_position_embeddings"]
    assert len(tokenizer) == text_config["vocab_size"]
    long = tokenizer(" ".join(["red circle"] * 40), padding="max_length", truncation=True).input_ids
    assert len(long) == tokenizer.model_max_length


@pytest.fixture
def catalog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Catalog:
    """The repo's catalog as the server reads it: settings → loader → engine checks."""
    monkeypatch.setenv("IMAGEGATE_CONFIG", str(tmp_path / "absent.toml"))
    for name in ("IMAGEGATE_DEFAULT_MODEL", "IMAGEGATE_MODELS", "IMAGEGATE_MODEL_ALIASES"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(catalog=[str(CATALOG)])
    return prepare_catalog(load_catalog(settings, supported_tasks=supported_tasks()))


def test_catalog_serves_it_as_the_default_with_the_cards_defaults(catalog: Catalog) -> None:
    spec = catalog.get("tiny-shapes")
    assert spec is not None and catalog.default_id == "tiny-shapes"
    assert Path(spec.source) == MODEL_DIR  # resolved against the catalog file, not the working directory
    assert spec.engine == "diffusers" and "txt2img" in {t.value for t in spec.tasks}
    defaults = json.loads((MODEL_DIR / "imagegate.json").read_text())
    d = spec.defaults
    assert (d.width, d.height, d.num_inference_steps, d.guidance_scale) == (
        defaults["width"],
        defaults["height"],
        defaults["num_inference_steps"],
        defaults["guidance_scale"],
    )
    if d.scheduler is not None:  # else the folder's own scheduler applies (checked below)
        from imagegate.engines.diffusers import schedulers

        assert schedulers.resolve(d.scheduler, flow=False).class_name == defaults["scheduler"]
    # Larger canvases draw several copies of the shape (model card): 64×64 must be the most offered.
    assert spec.limits.max_width <= 64 and spec.limits.max_height <= 64
    card = (MODEL_DIR / "README.md").read_text()
    licence = re.search(r"^license: (\S+)$", card, re.MULTILINE)
    assert licence and spec.license and licence.group(1).lower() == spec.license.lower()


def test_the_engine_loads_it_like_any_diffusers_folder(catalog: Catalog) -> None:
    from imagegate.domain.models import Family
    from imagegate.engines.diffusers import DiffusersEngine
    from imagegate.engines.diffusers.loader import SourceKind, detect_family, source_kind
    from imagegate.executors.local import LocalExecutor

    spec = catalog.get("tiny-shapes")
    assert spec is not None
    # The files alone say sd1: the catalog's family line is a shortcut, not a special case.
    assert source_kind(spec.source) is SourceKind.folder
    assert detect_family(spec.model_copy(update={"family": None})) is Family.sd1
    executor = LocalExecutor(torch_threads=1)
    try:
        engine = DiffusersEngine(executor=executor, device="cpu")
        loaded = engine.preload(spec)
    finally:
        executor.shutdown()
    pipe = loaded.pipe
    assert type(pipe).__name__ == "StableDiffusionPipeline" and loaded.adapter.family is Family.sd1
    defaults = json.loads((MODEL_DIR / "imagegate.json").read_text())
    scheduler = loaded.default_scheduler
    assert type(scheduler).__name__ == defaults["scheduler"]
    # DDIM's diffusers default clip_sample=True ruins this model (model card): the config must say False.
    assert scheduler.config.clip_sample is False and scheduler.config.prediction_type == "v_prediction"
    assert {str(p.dtype) for p in pipe.unet.parameters()} == {"torch.float32"}  # fp16 on disk, fp32 on CPU
    assert loaded.size_bytes < 20 * 1000 * 1000
