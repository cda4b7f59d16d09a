"""A seconds-long run of the real training command (`python -m training.tiny_shapes.train`): every
stage from rendering to export, at toy scale. It checks the command's promises — a complete standard
pipeline folder in the shipped layout, bit-for-bit reruns, resuming after a stop — without the hour
the full budget takes (that is `make train-tiny-shapes`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from training.tiny_shapes.evaluate import heldout_prompts, score
from training.tiny_shapes.train import main as train

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "models" / "tiny-shapes"
TOY = [
    "--threads",
    "1",
    "--n-images",
    "48",
    "--vae-steps",
    "2",
    "--unet-steps",
    "2",
    "--batch",
    "4",
    "--eval-every",
    "0",
]


def run(root: Path, *extra: str) -> Path:
    out = root / "out"
    train(["--out", str(out), "--run-dir", str(root / "run"), "--data-dir", str(root / "data"), *TOY, *extra])
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def unversioned(data: bytes) -> object:
    """A saved config without the library versions it records (``_diffusers_version``,
    ``transformers_version``): those follow whatever is installed, not what the export wrote."""
    config = json.loads(data)
    return {k: v for k, v in config.items() if not k.endswith("_version")} if isinstance(config, dict) else config


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run(tmp_path_factory.mktemp("toy-a"))


def test_export_matches_the_shipped_layout(toy_model: Path) -> None:
    made, shipped = files(toy_model), files(SHIPPED)
    assert set(made) == set(shipped) - {"README.md", "heldout_samples.png"}
    # Everything but the weights and the data-dependent latent scale is the same as the shipped folder:
    # a retrain writes what is committed, with the shipped tokenizer byte for byte.
    for name in made:
        if name.endswith(".safetensors") or name == "vae/config.json":
            continue
        if name.endswith(".json"):
            assert unversioned(made[name]) == unversioned(shipped[name]), name
        else:
            assert made[name] == shipped[name], name
    vae_made, vae_shipped = (unversioned(f["vae/config.json"]) for f in (made, shipped))
    assert isinstance(vae_made, dict) and isinstance(vae_shipped, dict)
    assert vae_made.pop("scaling_factor") != vae_shipped.pop("scaling_factor")
    assert vae_made == vae_shipped


def test_rerun_after_a_stop_is_bit_for_bit_identical(toy_model: Path, tmp_path: Path) -> None:
    out = run(tmp_path, "--stop-after", "encode")
    assert not out.exists() and (tmp_path / "run" / "vae.pt").exists() and not (tmp_path / "run" / "unet.pt").exists()
    run(tmp_path)  # resumes: render and VAE are not redone, the UNet is trained, the folder is written
    assert files(out) == files(toy_model)


def test_toy_model_loads_through_the_engine_and_fails_the_semantic_bar(toy_model: Path) -> None:
    """The folder goes through imagegate's loader like any model; an untrained model's images must not
    pass the thresholds the end-to-end test applies to the shipped one (so those can fail)."""
    import torch

    from imagegate.domain.models import ModelSpec
    from imagegate.engines.diffusers import DiffusersEngine
    from imagegate.executors.local import LocalExecutor

    executor = LocalExecutor(torch_threads=1)
    try:
        loaded = DiffusersEngine(executor=executor, device="cpu").preload(ModelSpec(id="toy", source=str(toy_model)))
    finally:
        executor.shutdown()
    defaults = json.loads((toy_model / "imagegate.json").read_text())
    specs = heldout_prompts()[::15]
    images = [
        loaded.pipe(
            spec.prompt,
            num_inference_steps=defaults["num_inference_steps"],
            guidance_scale=defaults["guidance_scale"],
            width=64,
            height=64,
            generator=torch.Generator().manual_seed(spec.seed),
        ).images[0]
        for spec in specs
    ]
    assert {img.size for img in images} == {(64, 64)}
    result = score(list(zip(specs, images, strict=True)))
    assert not (result["background"] >= 0.9 and result["colour"] >= 0.9 and result["shape"] >= 0.75), result
