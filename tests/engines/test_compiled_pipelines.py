"""Compiled pipelines (catalog ``compile = true``) on a tiny SD 1.x model. torch.compile's ``eager``
backend captures the same graphs as ``inductor`` without generating kernels (inductor's C++ build
takes ~45 s for this model on the 2-core box), so these tests prove the wiring: what is compiled,
that compiling happens inside load_pipeline (so in the engine's load_s), that the images match, and
that recompiles are bounded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

from imagegate.domain.models import Defaults, Family, ModelSpec
from imagegate.engines.diffusers.compile import CompileOptions
from imagegate.engines.diffusers.families import FAMILIES
from imagegate.engines.diffusers.loader import load_pipeline
from tests.engines.test_gpu_memory import generate

SD1 = FAMILIES[Family.sd1]
EAGER = CompileOptions(backend="eager", recompile_limit=2)


@pytest.fixture(autouse=True)
def fresh_dynamo() -> Iterator[None]:
    import torch._dynamo

    torch._dynamo.reset()
    limit = torch._dynamo.config.recompile_limit
    yield
    torch._dynamo.config.recompile_limit = limit
    torch._dynamo.reset()


def graphs() -> int:
    from torch._dynamo.utils import counters

    return int(counters["stats"]["unique_graphs"])


def spec(source: Path, **kw: object) -> ModelSpec:
    defaults = Defaults(width=64, height=64, num_inference_steps=2, guidance_scale=5.0)
    return ModelSpec.model_validate({"id": "m", "source": str(source), "defaults": defaults} | kw)


def test_compiled_model_warms_up_at_load_and_draws_the_same_image(tiny_models: dict[str, Path]) -> None:
    plain_started = time.perf_counter()
    plain = load_pipeline(spec(tiny_models["sd1"]), SD1, device="cpu", compiler=EAGER)
    plain_s = time.perf_counter() - plain_started
    assert graphs() == 0
    reference = generate(plain)

    started = time.perf_counter()
    compiled = load_pipeline(spec(tiny_models["sd1"], compile=True), SD1, device="cpu", compiler=EAGER)
    load_s = time.perf_counter() - started
    # Compiled in place: the pipeline keeps its modules (from_pipe views and LoRAs see them), in NHWC.
    assert type(compiled.unet).__name__ == "UNet2DConditionModel"
    assert compiled.unet._compiled_call_impl is not None and compiled.vae.decoder._compiled_call_impl is not None
    assert compiled.unet.conv_in.weight.is_contiguous(memory_format=torch.channels_last)
    # The warm-up at the default size compiled both graphs inside load_pipeline, i.e. in load_s …
    at_load = graphs()
    assert at_load >= 2 and load_s > plain_s
    # … so the first request at that size compiles nothing more, and draws the uncompiled image
    # (channels-last convolutions sum in another order: equal within float32 rounding).
    image = generate(compiled)
    assert graphs() == at_load
    assert np.abs(image - reference).max() < 1e-4


def test_recompiles_are_bounded(tiny_models: dict[str, Path]) -> None:
    import torch._dynamo

    compiled = load_pipeline(spec(tiny_models["sd1"], compile=True), SD1, device="cpu", compiler=EAGER)
    assert torch._dynamo.config.recompile_limit == EAGER.recompile_limit
    at_load = graphs()
    generate(compiled, size=48)  # a second shape: compiled once more (the limit is 2 per module)
    after_second = graphs()
    assert after_second > at_load
    # Past the limit, new shapes run uncompiled: still an image, no further graphs.
    image = generate(compiled, size=32)
    assert graphs() == after_second and image.shape == (1, 32, 32, 3) and np.isfinite(image).all()
