"""The Replicate adapter against a loopback fake: Prefer: wait, polling, per-model inputs, cancel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.engines.base import RunContext
from imagegate.engines.remote.replicate import ReplicateEngine
from imagegate.errors import ContentModerated, InvalidRequest, JobInterrupted, ProviderRejected
from tests.engines.remote.conftest import Runner, b64_png, checked, spec_for
from tests.support.fakes import FakeReplicate
from tests.support.fakes.replicate import VERSION

SDXL_INPUTS = {
    "prompt": "prompt", "negative_prompt": "negative_prompt", "width": "width", "height": "height",
    "num_images": "num_outputs", "num_inference_steps": "num_inference_steps", "guidance_scale": "guidance_scale",
    "seed": "seed", "init_image": "image", "mask_image": "mask", "strength": "prompt_strength",
}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[FakeReplicate]:
    with FakeReplicate("r8_right_key_abcdefghijkl", polls_to_finish=2) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeReplicate) -> Iterator[FakeReplicate]:
    server.polls_to_finish = 2
    server.canceled.clear()
    yield from checked(server)  # type: ignore[misc]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: FakeReplicate) -> str:
    monkeypatch.setenv("IG_TEST_REPLICATE_TOKEN", server.key)
    return "IG_TEST_REPLICATE_TOKEN"


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = ReplicateEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


async def test_official_model_prediction_is_polled_to_the_end(fake: FakeReplicate, env: str, runner: Runner) -> None:
    spec = spec_for(ReplicateEngine, fake, env, "black-forest-labs/flux-schnell",
                    provider={"options": {"output_format": "png"}}, price={"per_image": 0.003})  # fmt: skip
    result = await runner.run(spec, {"prompt": "a boat", "num_images": 2, "seed": 5, "width": 1344, "height": 768})
    create = fake.of("POST", "/v1/models/black-forest-labs/flux-schnell/predictions")[0]
    assert create.headers["prefer"] == "wait=60" and create.headers["authorization"] == f"Bearer {fake.key}"
    assert create.body == {
        "input": {"prompt": "a boat", "num_outputs": 2, "seed": 5, "aspect_ratio": "16:9", "output_format": "png"}
    }
    assert len(fake.of("GET", "/v1/predictions/")) == 2
    assert [g.seed for g in result.images] == [5, None] and result.info["metrics"]["predict_time"] == 0.42
    assert result.cost == pytest.approx(0.006)


async def test_a_held_create_that_finishes_needs_no_polling(fake: FakeReplicate, env: str, runner: Runner) -> None:
    fake.polls_to_finish = 0
    spec = spec_for(ReplicateEngine, fake, env, "black-forest-labs/flux-schnell")
    result = await runner.run(spec, {"prompt": "quick", "width": 1024, "height": 1024})
    assert len(result.images) == 1 and fake.of("GET", "/v1/predictions/") == []


async def test_versioned_model_with_mapped_inputs(fake: FakeReplicate, env: str, runner: Runner) -> None:
    spec = spec_for(ReplicateEngine, fake, env, f"stability-ai/sdxl:{VERSION}",
                    provider={"inputs": SDXL_INPUTS, "options": {"prefer_wait": 0}},
                    tasks=["txt2img", "img2img", "inpaint"])  # fmt: skip
    assert spec.params == ["guidance_scale", "negative_prompt", "num_inference_steps", "seed"]
    await runner.run(spec, {"prompt": "a vase", "negative_prompt": "dust", "width": 768, "height": 512,
                            "num_inference_steps": 30, "guidance_scale": 7.5})  # fmt: skip
    create = fake.of("POST", "/v1/predictions")[0]
    assert "prefer" not in create.headers and create.body["version"] == VERSION
    assert create.body["input"] == {
        "prompt": "a vase",
        "num_outputs": 1,
        "negative_prompt": "dust",
        "num_inference_steps": 30,
        "guidance_scale": 7.5,
        "width": 768,
        "height": 512,
    }
    await runner.run(spec, {"task": "inpaint", "prompt": "a flower", "init_image": b64_png(), "mask_image": b64_png(),
                            "width": 768, "height": 512})  # fmt: skip
    inputs = fake.of("POST", "/v1/predictions")[1].body["input"]
    assert inputs["image"].startswith("data:image/png;base64,") and inputs["prompt_strength"] == 1.0


async def test_unmapped_parameter_is_refused(fake: FakeReplicate, env: str, runner: Runner) -> None:
    spec = spec_for(ReplicateEngine, fake, env, "black-forest-labs/flux-schnell")
    with pytest.raises(InvalidRequest) as refused:
        runner.admit(spec, {"prompt": "x", "negative_prompt": "y"})
    assert refused.value.param == "negative_prompt"


async def test_nsfw_failure_and_validation_errors(fake: FakeReplicate, env: str, runner: Runner) -> None:
    spec = spec_for(ReplicateEngine, fake, env, "black-forest-labs/flux-schnell")
    with pytest.raises(ContentModerated) as refused:
        await runner.run(spec, {"prompt": "nsfw stuff"})
    assert "NSFW content detected" in (refused.value.reason or "")
    fake.override(
        "/predictions",
        422,
        {
            "title": "Input validation failed",
            "status": 422,
            "detail": "input.prompt: String should have at most 2000 characters",
        },
    )
    with pytest.raises(ProviderRejected) as rejected:
        await runner.run(spec, {"prompt": "long"})
    assert "at most 2000 characters" in rejected.value.message


async def test_cancel_reaches_replicate(fake: FakeReplicate, env: str, runner: Runner) -> None:
    fake.polls_to_finish = 10_000
    spec = spec_for(ReplicateEngine, fake, env, "black-forest-labs/flux-schnell")
    ctx = RunContext("job_cancel")
    asyncio.get_running_loop().call_later(0.3, ctx.stop, "canceled")
    with pytest.raises(JobInterrupted):
        await runner.run(spec, {"prompt": "slow"}, ctx)
    assert len(fake.canceled) == 1
    assert fake.of("POST", "/cancel")[0].headers["authorization"] == f"Bearer {fake.key}"
