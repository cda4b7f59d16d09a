"""Device memory on tiny real pipelines: budgets per device, refusing a model larger than its budget,
eviction that really lets the weights go, offload accounting, VAE tiling/slicing by size, SDPA."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from imagegate.config import Settings
from imagegate.domain.models import Family, ModelSpec
from imagegate.engines.diffusers.cache import LoadedModel, PipelineCache
from imagegate.engines.diffusers.families import FAMILIES
from imagegate.engines.diffusers.loader import load_pipeline, offload_mode, pipeline_bytes
from imagegate.engines.diffusers.memory import budget_bytes, budget_setting, estimate_bytes, fit_vae
from imagegate.errors import EngineError

GIB = 1 << 30
SD1 = FAMILIES[Family.sd1]


def load(source: Path, family: Family = Family.sd1, **kw: object) -> Any:
    spec = ModelSpec.model_validate({"id": "m", "source": str(source)} | kw)
    return load_pipeline(spec, FAMILIES[family], device="cpu")


def loaded_model(model_id: str, pipe: Any) -> LoadedModel:
    return LoadedModel(
        model_id=model_id,
        version="1",
        pipe=pipe,
        adapter=SD1,
        size_bytes=pipeline_bytes(pipe),
        default_scheduler=pipe.scheduler,
        load_s=0.0,
    )


def generate(pipe: Any, *, size: int = 64, count: int = 1) -> np.ndarray:
    generators = [torch.Generator("cpu").manual_seed(7 + i) for i in range(count)]
    with torch.inference_mode():
        out = pipe(
            prompt="a red circle",
            width=size,
            height=size,
            num_inference_steps=2,
            num_images_per_prompt=count,
            generator=generators,
            output_type="np",
        )
    return np.asarray(out.images)


def test_budget_per_device_with_overrides() -> None:
    settings = Settings(model_memory_gb=8, device_memory_gb={"cuda:1": 20, "cuda": 12})
    assert budget_bytes(settings, "cuda:1") == 20 * GIB
    assert budget_bytes(settings, "cuda:0") == budget_bytes(settings, "cuda") == 12 * GIB  # the same card
    assert budget_bytes(settings, "cuda:2") == budget_bytes(settings, "cpu") == 8 * GIB
    assert budget_setting(settings, "cuda:1") == 'device_memory_gb["cuda:1"]'
    assert budget_setting(settings, "cuda:2") == "model_memory_gb"
    # model_memory_gb left at its default: a card gets three quarters of its memory; a CPU 8 GiB.
    default = Settings()
    assert budget_bytes(default, "cuda:0", device_total_bytes=80 * GIB) == 60 * GIB
    assert budget_bytes(default, "cpu", device_total_bytes=80 * GIB) == 8 * GIB
    assert budget_bytes(Settings(model_memory_gb=8), "cuda:0", device_total_bytes=80 * GIB) == 8 * GIB
    assert budget_bytes(Settings(device_memory_gb={"cuda:0": 30}), "cuda", device_total_bytes=80 * GIB) == 30 * GIB


def test_a_model_larger_than_the_budget_is_refused_naming_it(tiny_models: dict[str, Path]) -> None:
    pipe = load(tiny_models["sd1"])
    small = loaded_model("small", pipe)
    cache = PipelineCache(small.size_bytes * 2, device="cuda:1", budget_setting='device_memory_gb["cuda:1"]')
    cache.put(small)
    # Before loading, from an estimate: refused, nothing evicted.
    with pytest.raises(EngineError) as caught:
        cache.make_room(small.size_bytes * 3, "huge")
    error = caught.value
    assert error.code == "model_too_large" and cache.ids() == ["small"]
    assert "model 'huge'" in error.message and 'raise device_memory_gb["cuda:1"]' in error.message
    assert f"{small.size_bytes * 3 / (1 << 20):.1f} MiB on cuda:1" in error.message
    # After loading (the size known only then): refused by put, without evicting to make room first.
    huge = loaded_model("huge", pipe)
    huge.size_bytes = small.size_bytes * 3
    assert cache.make_room(huge.size_bytes) == []
    with pytest.raises(EngineError, match="model 'huge' needs"):
        cache.put(huge)
    assert cache.ids() == ["small"]


def test_eviction_lets_the_weights_go(tiny_models: dict[str, Path]) -> None:
    import diffusers

    first = loaded_model("a", load(tiny_models["sd1"]))
    # What a served model accumulates: a task pipeline sharing its modules, a built sampler.
    first.task_pipes["StableDiffusionImg2ImgPipeline"] = diffusers.StableDiffusionImg2ImgPipeline.from_pipe(first.pipe)
    first.schedulers["euler a"] = diffusers.EulerAncestralDiscreteScheduler.from_config(first.pipe.scheduler.config)
    unet, view = weakref.ref(first.pipe.unet), weakref.ref(first.task_pipes["StableDiffusionImg2ImgPipeline"])
    cache = PipelineCache(first.size_bytes + 1)
    cache.put(first)
    del first
    second = loaded_model("b", load(tiny_models["sd1"]))
    assert cache.make_room(second.size_bytes) == ["a"]
    cache.put(second)
    assert unet() is None and view() is None  # collected, not merely out of the cache
    unet_b = weakref.ref(second.pipe.unet)
    del second
    cache.drop("b")
    gc.collect()
    assert unet_b() is None and cache.ids() == []


def test_loaded_size_estimate_and_offload_accounting(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    spec = ModelSpec(id="m", source=str(tiny_models["sd1"]))
    pipe = load(tiny_models["sd1"])
    full = pipeline_bytes(pipe)
    # From the safetensors headers alone: the loaded size (buffers not saved aside), halved in bfloat16.
    assert 0.95 * full <= estimate_bytes(spec, SD1, "cpu") <= full
    bf16 = spec.model_copy(update={"dtype": "bfloat16"})
    assert estimate_bytes(bf16, SD1, "cpu") == estimate_bytes(spec, SD1, "cpu") // 2
    assert estimate_bytes(spec, SD1, "cuda:0") == estimate_bytes(bf16, SD1, "cpu")  # float16 there by default
    # Only what will load: not another variant's files, nor a safety checker the family leaves out.
    extra = tmp_path / "sd1"
    shutil.copytree(tiny_models["sd1"], extra)
    shutil.copy(
        extra / "unet" / "diffusion_pytorch_model.safetensors",
        extra / "unet" / "diffusion_pytorch_model.fp16.safetensors",
    )
    (extra / "safety_checker").mkdir()
    shutil.copy(extra / "text_encoder" / "model.safetensors", extra / "safety_checker" / "model.safetensors")
    assert estimate_bytes(spec.model_copy(update={"source": str(extra)}), SD1, "cpu") == estimate_bytes(
        spec, SD1, "cpu"
    )
    assert estimate_bytes(ModelSpec(id="m", source="someone/model"), SD1, "cuda") == 0  # hub: unknown until loaded
    # Offloaded: only what is on the GPU at once counts (the largest component, or the largest layer).
    model = pipeline_bytes(pipe, "model")
    sequential = pipeline_bytes(pipe, "sequential")
    assert 0 < sequential < model < full
    assert model == max(
        sum(t.numel() * t.element_size() for t in (*m.parameters(), *m.buffers()))
        for m in pipe.components.values()
        if isinstance(m, torch.nn.Module)
    )
    offloaded = spec.model_copy(update={"offload": "model"})
    assert 0 < estimate_bytes(offloaded, SD1, "cuda") < estimate_bytes(spec, SD1, "cuda")
    # On a CPU offload means nothing: loaded and counted whole.
    assert estimate_bytes(offloaded, SD1, "cpu") == estimate_bytes(spec, SD1, "cpu")
    assert offload_mode(offloaded, "cpu") == "none" and offload_mode(offloaded, "cuda:0") == "model"
    on_cpu = load(tiny_models["sd1"], offload="model")
    assert on_cpu.unet.device.type == "cpu" and pipeline_bytes(on_cpu, offload_mode(offloaded, "cpu")) == full


def test_vae_tiling_and_slicing_follow_the_size_and_batch(tiny_models: dict[str, Path]) -> None:
    pipe = load(tiny_models["sd1"])
    solo, plain = generate(pipe), generate(pipe, count=2)
    # The tiny VAE tiles anything over 32 px, so a threshold under 64² makes this call tiled.
    assert fit_vae(pipe, 64, 64, 2, tile_above=48 * 48) == {"vae_tiling": True, "vae_slicing": True}
    assert pipe.vae.use_tiling and pipe.vae.use_slicing
    tiled = generate(pipe, count=2)
    assert tiled.shape == plain.shape == (2, 64, 64, 3) and np.isfinite(tiled).all()
    assert np.abs(tiled - plain).max() > 1e-3  # decoded by tiles, blended: not the one-pass image
    # Seamless (tiling = true) requests wrap the convolutions around: VAE tiles would wrap on themselves.
    assert fit_vae(pipe, 64, 64, 1, seamless=True, tile_above=48 * 48) == {}
    # The next, small request of one image gets the plain decoder back.
    assert fit_vae(pipe, 64, 64, 1) == {}
    assert not pipe.vae.use_tiling and not pipe.vae.use_slicing
    assert np.array_equal(generate(pipe), solo)
    # Slicing alone decodes each image as it would be decoded alone.
    assert fit_vae(pipe, 64, 64, 2) == {"vae_slicing": True}
    assert np.abs(generate(pipe, count=2) - plain).max() < 1e-5


def test_attention_runs_on_pytorch_sdpa(tiny_models: dict[str, Path]) -> None:
    for name, family in (("sd1", Family.sd1), ("sdxl", Family.sdxl), ("sd3", Family.sd3), ("flux", Family.flux)):
        pipe = load(tiny_models[name], family)
        denoiser = pipe.unet if name in ("sd1", "sdxl") else pipe.transformer
        processors = {
            type(p).__name__ for p in (*denoiser.attn_processors.values(), *pipe.vae.attn_processors.values())
        }
        # AttnProcessor2_0 / JointAttnProcessor2_0 call F.scaled_dot_product_attention; FLUX's dispatches
        # to it (its default attention backend is torch's native SDPA).
        assert processors <= {"AttnProcessor2_0", "JointAttnProcessor2_0", "FluxAttnProcessor"}, (name, processors)
        text_encoders = [c for k, c in pipe.components.items() if k.startswith("text_encoder") and c is not None]
        assert {c.config._attn_implementation for c in text_encoders} <= {"sdpa"}, name


async def test_the_engine_refuses_a_model_larger_than_its_budget(tiny_models: dict[str, Path]) -> None:
    from imagegate.domain.models import Defaults
    from imagegate.domain.requests import Txt2ImgRequest
    from imagegate.engines.base import RunContext
    from imagegate.engines.diffusers import DiffusersEngine
    from imagegate.executors.local import LocalExecutor

    executor = LocalExecutor(torch_threads=1)
    engine = DiffusersEngine(executor=executor, device="cpu", memory_budget_bytes=1 << 20)
    await engine.start()
    try:
        model = ModelSpec(id="tiny", source=str(tiny_models["sd1"]), defaults=Defaults(width=64, height=64))
        request = Txt2ImgRequest(prompt="a red circle", width=64, height=64, num_inference_steps=2, seed=1)
        with pytest.raises(EngineError) as caught:
            await engine.generate(model, request, RunContext("j"))
        assert caught.value.code == "model_too_large" and engine.loaded_models() == []
        assert "model 'tiny' needs" in caught.value.message
        assert "budget of 1.0 MiB; raise model_memory_gb" in caught.value.message
    finally:
        await engine.close()
        executor.shutdown()
