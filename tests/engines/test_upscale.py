"""Upscalers: the bundled Real-ESRGAN weights read into PyTorch, user weights in every layout, and
tiling that matches a whole-image pass."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch.nn import functional as F

from imagegate.engines.upscale import ncnn
from imagegate.engines.upscale.tiling import starts, upscale_tiled
from imagegate.engines.upscale.upscaler import TileSettings, upscale_image
from imagegate.engines.upscale.weights import WeightsError, bundled_model, detect, load_network
from tests.support.edit_models import build_user_upscalers
from tests.support.images import psnr, scene

BUNDLED = {
    "realesr-animevideov3-x4": ("SRVGGNetCompact", 621_424),
    "realesrgan-x4plus": ("RRDBNet", 16_697_987),
    "realesrgan-x4plus-anime": ("RRDBNet", 4_467_779),
}


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_ncnn_weights_convert_exactly(name: str) -> None:
    # Strict loading, every byte of the .bin used: a mis-mapped layer cannot slip through.
    network = load_network(f"ncnn:{name}")
    architecture, parameters = BUNDLED[name]
    assert network.architecture == architecture and network.parameters == parameters and network.scale == 4


def test_bundled_model_enlarges_like_a_super_resolution_net() -> None:
    # Downscale a picture, upscale it back: a correctly converted net lands near the original,
    # a wrongly wired one produces noise (well below 20 dB).
    network = load_network("ncnn:realesr-animevideov3-x4")
    original = scene(128, 128, seed=3)
    small = np.asarray(original.resize((32, 32), Image.Resampling.BICUBIC))
    restored = upscale_tiled(network.module, small, scale=4, tile=0)
    bicubic = np.asarray(Image.fromarray(small).resize((128, 128), Image.Resampling.BICUBIC))
    assert psnr(restored, np.asarray(original)) > 22
    assert psnr(restored, bicubic) > 24


def test_tiled_and_untiled_agree_on_256px_with_real_weights() -> None:
    network = load_network("ncnn:realesr-animevideov3-x4")
    image = np.asarray(scene(256, 256, seed=1))
    whole = upscale_tiled(network.module, image, scale=4, tile=0)
    tiled = upscale_tiled(network.module, image, scale=4, tile=96, pad=12, overlap=8)
    assert whole.shape == tiled.shape == (1024, 1024, 3)
    assert psnr(whole, tiled) >= 40


def _recorder(seen: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda done, total: seen.append((done, total))


def test_tiles_cover_any_size_without_seams() -> None:
    # A position-independent "network": tiling must reproduce it exactly, whatever the tile grid.
    def nearest(x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=2, mode="nearest")

    image = np.asarray(scene(173, 61, seed=4))
    whole = upscale_tiled(nearest, image, scale=2, tile=0)
    for tile, overlap in ((32, 8), (50, 0), (64, 30)):
        seen: list[tuple[int, int]] = []
        tiled = upscale_tiled(nearest, image, scale=2, tile=tile, pad=4, overlap=overlap, on_tile=_recorder(seen))
        assert np.array_equal(whole, tiled), (tile, overlap)
        assert seen[-1][0] == seen[-1][1] == len(seen) > 1
    assert starts(100, 40, 8) == [0, 30, 60] and starts(30, 40, 8) == [0]


def test_user_weights_in_every_layout(tmp_path: Path) -> None:
    paths = build_user_upscalers(tmp_path)
    rrdb = load_network(str(paths["rrdb_pth"]))
    old = load_network(str(paths["old_esrgan_pth"]))
    compact = load_network(str(paths["compact_safetensors"]))
    assert (rrdb.architecture, rrdb.scale, rrdb.config["num_block"]) == ("RRDBNet", 4, 1)
    assert (old.architecture, old.scale, old.config["num_block"]) == ("RRDBNet", 4, 2)
    assert (compact.architecture, compact.scale, compact.config["num_conv"]) == ("SRVGGNetCompact", 2, 2)
    image = scene(24, 16)
    seen: list[tuple[int, int]] = []
    out, report = upscale_image(
        compact, image, 4, tiles=TileSettings(tile=8, pad=2, overlap=2), on_progress=_recorder(seen)
    )
    assert out.size == (96, 64) and report.passes == 2  # ×2 net, applied twice
    assert seen[-1] == (report.tiles, report.tiles) and len(seen) == report.tiles  # progress counts tiles
    out, report = upscale_image(rrdb, image, 3, tiles=TileSettings())
    assert out.size == (72, 48) and report.passes == 1 and report.resized_with_lanczos


def test_alpha_is_upscaled_too(tmp_path: Path) -> None:
    network = load_network(str(build_user_upscalers(tmp_path)["compact_safetensors"]))
    rgba = scene(16, 16).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((16, 16)))
    out, _ = upscale_image(network, rgba, 2, tiles=TileSettings())
    assert out.mode == "RGBA" and out.size == (32, 32)


def test_unknown_weights_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="unrecognised"):
        detect({"encoder.weight": torch.zeros(3, 3)})
    junk = tmp_path / "junk.pth"
    torch.save({"something": torch.zeros(2)}, junk)
    with pytest.raises(WeightsError):
        load_network(str(junk))
    with pytest.raises(WeightsError, match="no such file"):
        load_network(str(tmp_path / "missing.pth"))
    with pytest.raises(WeightsError, match="no bundled model"):
        load_network("ncnn:realesrgan-x9000")


def test_truncated_or_padded_ncnn_bin_is_refused(tmp_path: Path) -> None:
    param, weights = bundled_model("realesr-animevideov3-x4")
    (tmp_path / "m.param").write_text(param.read_text())
    data = weights.read_bytes()
    (tmp_path / "m.bin").write_bytes(data[:-100])
    with pytest.raises(WeightsError, match="ends early"):
        load_network(str(tmp_path / "m.param"))
    (tmp_path / "m.bin").write_bytes(data + b"\0" * 8)
    with pytest.raises(WeightsError, match="not used"):
        load_network(str(tmp_path / "m.param"))
    (tmp_path / "m.bin").write_bytes(data)
    assert load_network(str(tmp_path / "m.param")).architecture == "SRVGGNetCompact"
    assert ncnn.parse_param(param.read_text())[0].type == "Input"


def test_the_bundled_catalog_works_offline(tmp_path: Path) -> None:
    from imagegate.config import Settings, load_catalog
    from imagegate.engines.registry import supported_tasks
    from imagegate.engines.upscale import UpscalerEngine
    from imagegate.executors.local import LocalExecutor
    from imagegate.storage.blobs import LocalBlobStore

    catalog_file = Path(__file__).resolve().parents[2] / "models" / "upscalers.toml"
    settings = Settings(catalog=[str(catalog_file)], data_dir=tmp_path)
    catalog = load_catalog(settings, supported_tasks=supported_tasks())
    assert catalog.default_upscaler_id == "realesr-animevideov3"  # the fast one: CPU servers answer in minutes
    engine = UpscalerEngine(executor=LocalExecutor(), blobs=LocalBlobStore(tmp_path / "blobs"))
    engine.bind(catalog, {})
    for spec in catalog:
        if spec.source != "lanczos":
            assert engine.network(spec).scale == 4, spec.id


def test_enlarging_for_another_job_lands_on_the_exact_size(tmp_path: Path) -> None:
    """The hires fix's and SD upscale's enlarging step with a network: any size, no progress of its
    own, a canceled job stops it between tiles."""
    from imagegate.domain.models import ModelSpec
    from imagegate.domain.requests import TiledUpscaleOption
    from imagegate.engines.diffusers import tiled
    from imagegate.engines.upscale import UpscalerEngine
    from imagegate.errors import JobInterrupted
    from imagegate.executors.local import LocalExecutor
    from imagegate.storage.blobs import LocalBlobStore

    engine = UpscalerEngine(executor=LocalExecutor(), blobs=LocalBlobStore(tmp_path / "blobs"))
    spec = ModelSpec.model_validate(
        {"id": "esrgan", "engine": "upscaler", "source": "ncnn:realesr-animevideov3-x4", "tasks": ["upscale"]}
    )
    small = scene(40, 24, seed=4)
    checks: list[int] = []
    enlarged = engine.enlarge(spec, small, (96, 56), lambda: checks.append(1))
    assert enlarged.size == (96, 56) and checks  # ×2.4 and ×2.33: the network's ×4, then reduced
    lanczos = small.resize((96, 56), Image.Resampling.LANCZOS)
    assert psnr(np.asarray(enlarged), np.asarray(lanczos)) < 40  # not a resize: the network drew it
    option = TiledUpscaleOption(scale=2, upscaler="esrgan")
    assert option.network == "esrgan" and TiledUpscaleOption(scale=2).network is None
    seen: list[str] = []

    def network(model: str, image: Image.Image, size: tuple[int, int]) -> Image.Image:
        seen.append(model)
        return engine.enlarge(spec, image, size, lambda: None)

    assert tiled.enlarge(small, option, network).size == (80, 48) and seen == ["esrgan"]

    def stop() -> None:
        raise JobInterrupted("canceled")

    with pytest.raises(JobInterrupted):
        engine.enlarge(spec, small, (96, 56), stop)
