"""The diffusers engine on tiny real pipelines: every source kind and family, samplers by name,
seeds, batching, cancel and timeout at a step, and the memory-budgeted model cache."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from imagegate.domain.models import Defaults, Family, ModelSpec
from imagegate.domain.requests import Txt2ImgRequest
from imagegate.engines.base import RunContext
from imagegate.engines.diffusers import DiffusersEngine
from imagegate.engines.diffusers.loader import SourceKind, detect_family, source_kind
from imagegate.errors import ConfigError, InvalidRequest, JobInterrupted
from imagegate.executors.local import LocalExecutor

SMALL = Defaults(width=64, height=64, num_inference_steps=2, guidance_scale=5.0)


def spec(model_id: str, source: Path | str, **kw: object) -> ModelSpec:
    return ModelSpec(id=model_id, source=str(source), defaults=SMALL, **kw)  # type: ignore[arg-type]


def request(**kw: object) -> Txt2ImgRequest:
    base: dict[str, object] = {
        "prompt": "a red circle",
        "width": 64,
        "height": 64,
        "num_inference_steps": 2,
        "guidance_scale": 5.0,
        "seed": 3,
    }
    return Txt2ImgRequest.model_validate(base | kw)


@pytest.fixture
async def engine() -> AsyncIterator[DiffusersEngine]:
    executor = LocalExecutor(torch_threads=1)
    eng = DiffusersEngine(executor=executor, device="cpu")
    await eng.start()
    yield eng
    await eng.close()
    executor.shutdown()


def png_bytes(result: object) -> list[bytes]:
    import io

    out = []
    for generated in result.images:  # type: ignore[attr-defined]
        buffer = io.BytesIO()
        generated.image.save(buffer, format="PNG")
        out.append(buffer.getvalue())
    return out


def populate_hub_cache(cache: Path, repo_id: str, folder: Path) -> None:
    """Lay a folder out the way huggingface_hub caches a downloaded repo (offline, no network)."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    commit = "0" * 40
    shutil.copytree(folder, repo / "snapshots" / commit)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)


def test_source_kinds_and_family_detection(tiny_models: dict[str, Path]) -> None:
    assert source_kind(str(tiny_models["sd1"])) is SourceKind.folder
    assert source_kind(str(tiny_models["sd1_single_file"])) is SourceKind.single_file
    assert source_kind("someone/some-model") is SourceKind.hub
    expected = {"sd1": Family.sd1, "sdxl": Family.sdxl, "sd3": Family.sd3, "flux": Family.flux}
    for name, family in expected.items():
        assert detect_family(spec(name, tiny_models[name])) is family
    # Single files: from their original-layout tensor names, or from the config folder beside them.
    assert detect_family(spec("f", tiny_models["sd1_single_file"])) is Family.sd1
    assert detect_family(spec("f", tiny_models["sdxl_single_file"])) is Family.sdxl
    assert detect_family(spec("f", tiny_models["sd1_single_file"], config=str(tiny_models["sd1"]))) is Family.sd1
    # The catalog can override what the files say.
    assert detect_family(spec("f", tiny_models["sd1"], family="sd2")) is Family.sd2


def test_undetectable_family_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "model_index.json").write_text('{"_class_name": "KandinskyPipeline"}')
    with pytest.raises(ConfigError, match="set 'family'"):
        detect_family(spec("odd", folder))


@pytest.mark.parametrize("variant", ["sd1", "sdxl", "sd3", "flux", "sd1_single_file", "sdxl_single_file"])
async def test_every_family_and_source_generates_deterministically(
    engine: DiffusersEngine, tiny_models: dict[str, Path], variant: str
) -> None:
    extra: dict[str, object] = {}
    if variant.endswith("single_file"):
        extra["config"] = str(tiny_models[variant.split("_")[0]])
    if variant in ("sd3", "flux"):
        extra["call_kwargs"] = {"max_sequence_length": 32}
    model = spec(variant, tiny_models[variant], **extra)
    first = await engine.generate(model, request(), RunContext("j1"))
    second = await engine.generate(model, request(), RunContext("j2"))
    other = await engine.generate(model, request(seed=4), RunContext("j3"))
    assert first.images[0].image.size == (64, 64)
    assert png_bytes(first) == png_bytes(second)
    assert png_bytes(first) != png_bytes(other)
    assert first.info["family"] == variant.split("_")[0]


async def test_single_file_matches_its_folder(engine: DiffusersEngine, tiny_models: dict[str, Path]) -> None:
    folder = await engine.generate(spec("a", tiny_models["sd1"]), request(), RunContext("j"))
    single = spec("b", tiny_models["sd1_single_file"], config=str(tiny_models["sd1"]))
    assert png_bytes(await engine.generate(single, request(), RunContext("j"))) == png_bytes(folder)


async def test_hub_repo_id_loads_from_the_hub_cache(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    populate_hub_cache(tmp_path / "hub", "tiny-org/tiny-sd1", tiny_models["sd1"])
    executor = LocalExecutor(torch_threads=1)
    eng = DiffusersEngine(executor=executor, device="cpu", cache_dir=tmp_path / "hub")
    await eng.start()
    try:
        model = spec("hub", "tiny-org/tiny-sd1")
        assert eng.family_of(model) is None  # no network round trip at admission for hub models
        result = await eng.generate(model, request(), RunContext("j"))
        assert eng.family_of(model) is Family.sd1
        local = await eng.generate(spec("local", tiny_models["sd1"]), request(), RunContext("j"))
        assert png_bytes(result) == png_bytes(local)
    finally:
        await eng.close()
        executor.shutdown()


async def test_batch_reports_a_seed_per_image_and_random_seed_is_drawn(
    engine: DiffusersEngine, tiny_models: dict[str, Path]
) -> None:
    model = spec("m", tiny_models["sd1"])
    batch = await engine.generate(model, request(num_images=3, seed=10), RunContext("j"))
    assert [img.seed for img in batch.images] == [10, 11, 12]
    assert len(set(png_bytes(batch))) == 3
    drawn = await engine.generate(model, request(seed=None), RunContext("j"))
    seed = drawn.images[0].seed
    assert isinstance(seed, int) and drawn.info["seed"] == seed
    again = await engine.generate(model, request(seed=seed), RunContext("j"))
    assert png_bytes(again) == png_bytes(drawn)  # a reported seed reproduces the image


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("Euler a", "EulerAncestralDiscreteScheduler"),
        ("DPM++ 2M Karras", "DPMSolverMultistepScheduler"),
        ("k_dpmpp_2m", "DPMSolverMultistepScheduler"),
        ("UniPC", "UniPCMultistepScheduler"),
        ("DDIMScheduler", "DDIMScheduler"),
        ("euler", "EulerDiscreteScheduler"),
    ],
)
async def test_samplers_by_name(engine: DiffusersEngine, tiny_models: dict[str, Path], name: str, cls: str) -> None:
    result = await engine.generate(spec("m", tiny_models["sd1"]), request(scheduler=name), RunContext("j"))
    assert result.info["scheduler"] == cls


def test_sampler_names_are_checked_per_family(engine: DiffusersEngine, tiny_models: dict[str, Path]) -> None:
    flux = spec("flux", tiny_models["flux"])
    engine.validate(flux, request(scheduler="Euler"))
    with pytest.raises(InvalidRequest) as caught:
        engine.validate(flux, request(scheduler="DPM++ 2M Karras"))
    assert caught.value.param == "scheduler" and "Euler" in caught.value.message
    with pytest.raises(InvalidRequest):
        engine.validate(spec("sd1", tiny_models["sd1"]), request(scheduler="nonsense"))


async def test_cancel_stops_at_the_next_step(engine: DiffusersEngine, tiny_models: dict[str, Path]) -> None:
    steps: list[int] = []
    ctx = RunContext("j")

    def on_progress(step: int, total: int, preview: object) -> None:
        steps.append(step)
        if step == 3:
            ctx.stop("canceled")

    ctx.on_progress = on_progress
    with pytest.raises(JobInterrupted) as caught:
        await engine.generate(spec("m", tiny_models["sd1"]), request(num_inference_steps=50), ctx)
    assert caught.value.reason == "canceled" and steps == [1, 2, 3]


async def test_timeout_stops_a_long_job(engine: DiffusersEngine, tiny_models: dict[str, Path]) -> None:
    model = spec("m", tiny_models["sd1"])
    await engine.generate(model, request(), RunContext("warm"))  # loading does not count
    ctx = RunContext("j", timeout_s=0.3)
    with pytest.raises(JobInterrupted) as caught:
        await engine.generate(model, request(width=512, height=512, num_inference_steps=150), ctx)
    assert caught.value.reason == "timeout"


async def test_cache_evicts_least_recently_used_within_budget(tiny_models: dict[str, Path]) -> None:
    executor = LocalExecutor(torch_threads=1)
    eng = DiffusersEngine(executor=executor, device="cpu")
    await eng.start()
    try:
        a, b = spec("a", tiny_models["sd1"]), spec("b", tiny_models["sd3"])
        sizes = [(await executor.run(eng.preload, m)).size_bytes for m in (a, b)]
        await eng.close()
        # Room for the larger model alone: loading the other evicts the first.
        eng.cache.budget_bytes = max(sizes) + 1
        eng.cache.loads = eng.cache.evictions = 0
        await eng.generate(a, request(), RunContext("j"))
        await eng.generate(a, request(), RunContext("j"))
        assert eng.loaded_models() == ["a"] and eng.cache.loads == 1
        await eng.generate(b, request(), RunContext("j"))
        assert eng.loaded_models() == ["b"] and eng.cache.evictions == 1
        assert eng.cache.used_bytes() <= eng.cache.budget_bytes
    finally:
        await eng.close()
        executor.shutdown()


async def test_load_failure_is_an_engine_error(engine: DiffusersEngine, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model_index.json").write_text('{"_class_name": "StableDiffusionPipeline", "unet": ["diffusers", "X"]}')
    from imagegate.errors import EngineError

    with pytest.raises(EngineError) as caught:
        await engine.generate(spec("broken", broken), request(), RunContext("j"))
    assert caught.value.code == "model_load_failed" and "broken" in caught.value.message
