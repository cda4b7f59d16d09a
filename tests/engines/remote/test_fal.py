"""The fal queue adapter against a loopback fake: submit, status polling, result, cancel, errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.engines.base import RunContext
from imagegate.engines.remote.fal import FalEngine
from imagegate.errors import ContentModerated, JobInterrupted, ProviderError, ProviderRejected
from tests.engines.remote.conftest import Runner, b64_png, checked, spec_for
from tests.support.fakes import FakeFal


@pytest.fixture(scope="module")
def server() -> Iterator[FakeFal]:
    with FakeFal("fal-key-id:fal-key-secret-0123", polls_to_finish=3) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeFal) -> Iterator[FakeFal]:
    server.polls_to_finish = 3
    server.canceled.clear()
    yield from checked(server)  # type: ignore[misc]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: FakeFal) -> str:
    monkeypatch.setenv("IG_TEST_FAL_KEY", server.key)
    return "IG_TEST_FAL_KEY"


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = FalEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


async def test_queue_round_trip_with_presets_and_nsfw_flags(fake: FakeFal, env: str, runner: Runner) -> None:
    spec = spec_for(FalEngine, fake, env, "fal-ai/flux/dev", price={"per_megapixel": 0.025})
    result = await runner.run(spec, {"prompt": "a nsfw test", "width": 1024, "height": 768, "num_images": 2,
                                     "seed": 9, "num_inference_steps": 28, "guidance_scale": 3.5})  # fmt: skip
    submit = fake.of("POST", "/fal-ai/flux/dev")[0]
    assert submit.headers["authorization"] == f"Key {fake.key}"
    assert submit.body == {"prompt": "a nsfw test", "num_images": 2, "seed": 9, "num_inference_steps": 28,
                           "guidance_scale": 3.5, "image_size": "landscape_4_3"}  # fmt: skip
    assert len(fake.of("GET", "/status")) == 3 and len(fake.of("GET", "/requests/")) == 4
    assert [g.nsfw_content_detected for g in result.images] == [True, True]
    assert result.images[0].seed == 9 and result.info["metrics"]["inference_time"] == 0.31
    assert result.cost == pytest.approx(2 * 64 * 48 / 1e6 * 0.025)  # per megapixel of what came back


async def test_custom_sizes_and_image_to_image_sub_path(fake: FakeFal, env: str, runner: Runner) -> None:
    spec = spec_for(FalEngine, fake, env, "fal-ai/flux/dev/image-to-image", tasks=["img2img"],
                    provider={"inputs": {"prompt": "prompt", "init_image": "image_url", "strength": "strength",
                                         "seed": "seed"}})  # fmt: skip
    await runner.run(spec, {"task": "img2img", "prompt": "winter", "init_image": b64_png(), "strength": 0.7,
                            "width": 640, "height": 480})  # fmt: skip
    body = fake.of("POST", "/fal-ai/flux/dev/image-to-image")[0].body
    assert body["image_size"] == {"width": 640, "height": 480} and body["image_url"].startswith("data:image/png")
    assert all(r.path.startswith("/fal-ai/flux/requests/") for r in fake.of("GET", "/requests/"))


async def test_cancel_reaches_fal(fake: FakeFal, env: str, runner: Runner) -> None:
    fake.polls_to_finish = 10_000
    spec = spec_for(FalEngine, fake, env, "fal-ai/flux/dev")
    ctx = RunContext("job_cancel")
    asyncio.get_running_loop().call_later(0.3, ctx.stop, "canceled")
    with pytest.raises(JobInterrupted):
        await runner.run(spec, {"prompt": "slow"}, ctx)
    assert len(fake.canceled) == 1 and fake.of("PUT", "/cancel")[0].headers["authorization"].startswith("Key ")


async def test_errors(fake: FakeFal, env: str, runner: Runner) -> None:
    spec = spec_for(FalEngine, fake, env, "fal-ai/flux/dev")
    invalid = {"detail": [{"loc": ["body", "prompt"], "msg": "too long", "type": "value_error"}]}
    fake.override("/fal-ai/flux/dev", 422, invalid)
    with pytest.raises(ProviderRejected) as rejected:
        await runner.run(spec, {"prompt": "x"})
    assert "prompt: too long" in rejected.value.message
    policy = {"detail": [{"loc": ["body", "prompt"], "msg": "flagged", "type": "content_policy_violation"}]}
    fake.override("/fal-ai/flux/dev", 422, policy)
    with pytest.raises(ContentModerated):
        await runner.run(spec, {"prompt": "x"})
    crash = {"detail": "Runner crashed", "error_type": "runner_server_error"}
    fake.override("/requests/", 500, crash, method="GET", headers={"x-fal-error-type": "runner_server_error"})
    with pytest.raises(ProviderError) as failed:
        await runner.run(spec, {"prompt": "x"})
    assert "runner_server_error: Runner crashed" in failed.value.message
