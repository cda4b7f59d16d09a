"""The Black Forest Labs adapter against a loopback fake: submit, poll, moderation states, errors."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.engines.base import RunContext
from imagegate.engines.remote.bfl import BFLEngine
from imagegate.errors import ContentModerated, JobInterrupted, ProviderAuthError, ProviderError, ProviderRejected
from tests.engines.remote.conftest import Runner, b64_png, checked, spec_for
from tests.support.fakes import FakeBFL

PRICE = {"provider_reported": True, "reported_unit": 0.01, "per_image": 0.06}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeBFL]:
    with FakeBFL("bfl-right-key-abcdef", pending_polls=2) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeBFL) -> Iterator[FakeBFL]:
    server.pending_polls = 2
    yield from checked(server)  # type: ignore[misc]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: FakeBFL) -> str:
    monkeypatch.setenv("IG_TEST_BFL_KEY", server.key)
    return "IG_TEST_BFL_KEY"


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = BFLEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


async def test_submit_poll_ready_with_reported_cost(fake: FakeBFL, env: str, runner: Runner) -> None:
    spec = spec_for(BFLEngine, fake, env, "flux-pro-1.1", price=PRICE)
    progress: list[tuple[int, int]] = []
    ctx = RunContext("job_bfl", on_progress=lambda step, total, _p: progress.append((step, total)))
    result = await runner.run(spec, {"prompt": "a castle", "width": 1000, "height": 696, "seed": 42}, ctx)
    submit = fake.of("POST", "/v1/flux-pro-1.1")[0]
    assert submit.headers["x-key"] == fake.key
    assert submit.body == {"output_format": "png", "prompt": "a castle", "seed": 42, "width": 992, "height": 704}
    polls = fake.of("GET", "/v1/get_result")
    assert len(polls) == 3 and all(p.headers["x-key"] == fake.key for p in polls)
    assert "x-key" not in fake.of("GET", "/files/")[0].headers
    assert progress == [(33, 100), (66, 100)]
    image = result.images[0]
    assert image.seed == 42 and image.image.size == (62, 44) and not image.nsfw_content_detected
    assert result.cost == pytest.approx(0.04)  # 4 credits × 0.01, the provider's own figure
    assert result.info["provider_reported_cost"] == 4.0 and len(result.info["provider_request_ids"]) == 1


async def test_ultra_takes_the_nearest_aspect_ratio_and_dev_takes_steps(
    fake: FakeBFL, env: str, runner: Runner
) -> None:
    ultra = spec_for(BFLEngine, fake, env, "flux-pro-1.1-ultra")
    await runner.run(ultra, {"prompt": "wide", "width": 1920, "height": 1080})
    assert fake.of("POST", "/v1/flux-pro-1.1-ultra")[0].body["aspect_ratio"] == "16:9"
    dev = spec_for(BFLEngine, fake, env, "flux-dev")
    assert dev.params == ["guidance_scale", "num_inference_steps", "seed"]
    await runner.run(
        dev, {"prompt": "tuned", "num_inference_steps": 20, "guidance_scale": 3.5, "width": 512, "height": 512}
    )
    body = fake.of("POST", "/v1/flux-dev")[0].body
    assert body["steps"] == 20 and body["guidance"] == 3.5
    with pytest.raises(Exception) as refused:
        runner.admit(ultra, {"prompt": "x", "num_inference_steps": 10})
    assert getattr(refused.value, "param", None) == "num_inference_steps"


async def test_several_images_are_concurrent_requests_with_consecutive_seeds(
    fake: FakeBFL, env: str, runner: Runner
) -> None:
    spec = spec_for(BFLEngine, fake, env, "flux-pro-1.1", price=PRICE)
    result = await runner.run(spec, {"prompt": "three", "num_images": 3, "seed": 10, "width": 512, "height": 512})
    assert sorted(r.body["seed"] for r in fake.of("POST", "/v1/flux-pro-1.1")) == [10, 11, 12]
    assert [g.seed for g in result.images] == [10, 11, 12]
    assert result.cost == pytest.approx(0.12)


async def test_request_moderation_fails_content_moderation_flags(fake: FakeBFL, env: str, runner: Runner) -> None:
    spec = spec_for(BFLEngine, fake, env, "flux-pro-1.1")
    with pytest.raises(ContentModerated) as refused:
        await runner.run(spec, {"prompt": "please moderate-request this"})
    assert refused.value.reason == "Derivative Works Filter"
    result = await runner.run(spec, {"prompt": "moderate-content", "width": 512, "height": 512, "num_images": 2})
    assert [g.nsfw_content_detected for g in result.images] == [True, True]
    assert result.images[0].image.getextrema() == ((0, 0), (0, 0), (0, 0))  # withheld: a black stand-in
    assert "withheld an output for moderation (NSFW)" in result.info["warnings"][0]


async def test_errors_map_onto_the_tree(
    fake: FakeBFL, env: str, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = spec_for(BFLEngine, fake, env, "flux-pro-1.1")
    with pytest.raises(ProviderError) as failed:
        await runner.run(spec, {"prompt": "fail-generation"})
    assert failed.value.code == "provider_unavailable" and "GPU fault" in failed.value.message
    fake.override("/v1/flux-pro-1.1", 422, {"detail": [{"loc": ["body", "prompt"], "msg": "too long", "type": "x"}]})
    with pytest.raises(ProviderRejected) as rejected:
        await runner.run(spec, {"prompt": "x"})
    assert rejected.value.status == 422 and "prompt: too long" in rejected.value.message
    fake.override("/v1/flux-pro-1.1", 402, {"detail": "Insufficient credits"})
    with pytest.raises(ProviderError) as broke:
        await runner.run(spec, {"prompt": "x"})
    assert broke.value.code == "provider_payment_required"
    monkeypatch.setenv(env, "bfl-wrong-key")
    with pytest.raises(ProviderAuthError):
        await runner.run(spec, {"prompt": "x"})


async def test_a_polling_url_off_the_provider_never_gets_the_key(fake: FakeBFL, env: str, runner: Runner) -> None:
    spec = spec_for(BFLEngine, fake, env, "flux-pro-1.1")
    fake.override("/v1/flux-pro-1.1", 200, {"id": "elsewhere", "polling_url": "http://169.254.169.254/latest"})
    with pytest.raises(ProviderError) as failed:
        await runner.run(spec, {"prompt": "x"})
    assert "Task not found" in failed.value.message
    assert fake.of("GET", "/v1/get_result")[0].path == "/v1/get_result"  # polled at the configured origin


async def test_cancel_stops_polling(fake: FakeBFL, env: str, runner: Runner) -> None:
    fake.pending_polls = 10_000
    spec = spec_for(BFLEngine, fake, env, "flux-pro-1.1")
    ctx = RunContext("job_cancel")
    asyncio.get_running_loop().call_later(0.3, ctx.stop, "canceled")
    started = time.monotonic()
    with pytest.raises(JobInterrupted):
        await runner.run(spec, {"prompt": "slow"}, ctx)
    assert time.monotonic() - started < 1.5
    polls = len(fake.of("GET", "/v1/get_result"))
    await asyncio.sleep(0.2)
    assert len(fake.of("GET", "/v1/get_result")) == polls  # nothing keeps polling after the cancel


async def test_fill_expand_and_kontext_map_image_inputs(fake: FakeBFL, env: str, runner: Runner) -> None:
    image, mask = b64_png(64, 64), b64_png(64, 64, (255, 255, 255))
    fill = spec_for(BFLEngine, fake, env, "flux-pro-1.0-fill", tasks=["inpaint"])
    await runner.run(fill, {"task": "inpaint", "prompt": "a door", "init_image": image, "mask_image": mask,
                            "num_inference_steps": 30, "width": 512, "height": 512})  # fmt: skip
    body = fake.of("POST", "/v1/flux-pro-1.0-fill")[0].body
    assert {"image", "mask", "prompt", "steps"} <= set(body) and "width" not in body
    expand = spec_for(BFLEngine, fake, env, "flux-pro-1.0-expand", tasks=["outpaint"])
    await runner.run(
        expand, {"task": "outpaint", "prompt": "more sky", "init_image": image, "top": 64, "width": 512, "height": 512}
    )
    assert fake.of("POST", "/v1/flux-pro-1.0-expand")[0].body["top"] == 64
    kontext = spec_for(BFLEngine, fake, env, "flux-kontext-pro", tasks=["txt2img", "img2img"])
    await runner.run(
        kontext, {"task": "img2img", "prompt": "make it night", "init_image": image, "width": 512, "height": 512}
    )
    assert "input_image" in fake.of("POST", "/v1/flux-kontext-pro")[0].body
