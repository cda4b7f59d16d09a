"""Precision per family and device, and the device-dependent catalog settings: the choices are
tested for every device type here on a CPU box; a CUDA card's capability is passed in."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import torch

from imagegate.config import Settings, load_catalog
from imagegate.domain.models import Defaults, Family, ModelSpec
from imagegate.engines.diffusers.families import FAMILIES
from imagegate.engines.diffusers.loader import load_pipeline, resolve_dtype
from imagegate.engines.diffusers.precision import check_dtype, check_model
from imagegate.errors import ConfigError

SMALL = Defaults(width=64, height=64, num_inference_steps=2, guidance_scale=5.0)
AMPERE, TURING = (8, 0), (7, 5)


def spec(**kw: object) -> ModelSpec:
    return ModelSpec.model_validate({"id": "m", "source": "someone/model", "defaults": SMALL} | kw)


@pytest.mark.parametrize(
    ("family", "cuda", "mps", "cpu"),
    [
        (Family.sd1, "float16", "float16", "float32"),
        (Family.sd2, "float16", "float16", "float32"),
        (Family.sdxl, "float16", "float16", "float32"),
        (Family.sd3, "bfloat16", "float16", "float32"),
        (Family.flux, "bfloat16", "float32", "float32"),  # FLUX overflows float16
    ],
)
def test_default_dtype_per_family_and_device(family: Family, cuda: str, mps: str, cpu: str) -> None:
    adapter = FAMILIES[family]
    assert adapter.default_dtype("cuda") == adapter.default_dtype("cuda:3") == cuda
    assert adapter.default_dtype("mps") == mps
    assert adapter.default_dtype("cpu") == cpu
    assert resolve_dtype(spec(), "cuda:1", adapter) == getattr(torch, cuda)
    # Defaults are valid on every device (bfloat16 on an Ampere card).
    for device in ("cuda:0", "mps", "cpu"):
        check_dtype(spec(), family, device, capability=AMPERE)


def test_catalog_dtype_overrides_the_default() -> None:
    flux = FAMILIES[Family.flux]
    assert resolve_dtype(spec(dtype="float32"), "cuda", flux) is torch.float32
    assert resolve_dtype(spec(dtype="bfloat16"), "cpu", flux) is torch.bfloat16
    check_dtype(spec(dtype="bfloat16"), Family.sd1, "cpu")
    check_dtype(spec(dtype="float16"), Family.sdxl, "cuda:0", capability=TURING)


@pytest.mark.parametrize(
    ("dtype", "family", "device", "says"),
    [
        ("bfloat16", Family.sd1, "mps", "MPS has no bfloat16"),
        ("float16", Family.sdxl, "cpu", "no fast float16 kernels"),
        ("float16", Family.flux, "cuda:0", "overflow float16"),
        ("float16", None, "cpu", "no fast float16 kernels"),  # family not known yet: dtype still checked
        ("bfloat16", Family.sd1, "cuda:1", "compute capability 8.0 or newer and cuda:1 is 7.5"),
    ],
)
def test_unsupported_dtype_is_a_config_error_naming_model_and_setting(
    dtype: str, family: Family | None, device: str, says: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        check_dtype(spec(dtype=dtype), family, device, capability=TURING)
    assert "model 'm': dtype" in str(caught.value) and says in str(caught.value)


def test_default_bfloat16_on_an_old_card_asks_for_an_explicit_dtype() -> None:
    with pytest.raises(ConfigError) as caught:
        check_dtype(spec(), Family.flux, "cuda:0", capability=TURING)
    # FLUX cannot fall back to float16 (it overflows): float32 is the advice.
    assert "default bfloat16 for flux" in str(caught.value) and 'dtype = "float32"' in str(caught.value)
    with pytest.raises(ConfigError, match='dtype = "float16"'):
        check_dtype(spec(), Family.sd3, "cuda:0", capability=TURING)
    check_dtype(spec(), None, "cuda:0", capability=TURING)  # unknown family, no dtype: decided at load


def test_offload_on_a_cpu_is_ignored_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="imagegate.engines.diffusers"):
        warnings = check_model(spec(offload="model"), Family.sd1, "cpu")
    assert warnings == ["model 'm': offload = 'model' has no effect on cpu (ignored)"]
    assert warnings[0] in caplog.text
    assert check_model(spec(offload="sequential"), Family.sd1, "cuda:0", capability=AMPERE) == []


def test_vae_upcast_is_for_sdxl_only() -> None:
    assert check_model(spec(vae_upcast=True), Family.sdxl, "cuda", capability=AMPERE) == []
    with pytest.raises(ConfigError, match="model 'm': vae_upcast"):
        check_model(spec(vae_upcast=True), Family.sd1, "cuda", capability=AMPERE)


def test_bad_catalog_values_name_the_model_and_field(tmp_path: Path) -> None:
    cases = {
        'offload = "disk"': "offload",
        'compile_mode = "fast"': "compile_mode",
        "compile = 3": "compile",
        'dtype = "float8"': "dtype",
        'compile = true\noffload = "sequential"': "compile cannot be combined with offload",
    }
    for line, field in cases.items():
        catalog = tmp_path / "models.toml"
        catalog.write_text(f'[[models]]\nid = "gpu-model"\nsource = "someone/model"\n{line}\n')
        with pytest.raises(ConfigError) as caught:
            load_catalog(Settings(catalog=[str(catalog)]))
        assert "'gpu-model'" in str(caught.value) and field in str(caught.value), str(caught.value)


def test_sdxl_vae_keeps_its_upcast_unless_the_catalog_says(tiny_models: dict[str, Path]) -> None:
    sdxl = FAMILIES[Family.sdxl]
    source = str(tiny_models["sdxl"])
    default = load_pipeline(ModelSpec(id="x", source=source), sdxl, device="cpu")
    assert default.vae.config.force_upcast is True  # the original SDXL VAE's setting, kept
    fixed = load_pipeline(ModelSpec(id="x", source=source, vae_upcast=False), sdxl, device="cpu")
    assert fixed.vae.config.force_upcast is False  # e.g. an fp16-fix VAE the catalog vouches for
    assert fixed.unet.dtype is torch.float32  # the CPU default


def test_models_added_at_run_time_take_the_same_fields() -> None:
    from imagegate.api.native.wire_models import ModelCreate

    body = ModelCreate.model_validate(
        {"id": "gpu-model", "source": "someone/model", "offload": "model", "compile": True, "vae_upcast": False}
    )
    added = ModelSpec.model_validate(body.spec_fields())
    assert (added.offload, added.compile, added.compile_mode, added.vae_upcast) == ("model", True, "default", False)
    with pytest.raises(ValueError, match="compile cannot be combined"):
        ModelSpec.model_validate(body.spec_fields() | {"offload": "sequential"})


def test_a_model_added_later_is_checked_at_load(tiny_models: dict[str, Path]) -> None:
    late = ModelSpec(id="late", source=str(tiny_models["sd1"]), dtype="float16")
    with pytest.raises(ConfigError, match="model 'late': dtype: float16 is not supported on cpu"):
        load_pipeline(late, FAMILIES[Family.sd1], device="cpu")
