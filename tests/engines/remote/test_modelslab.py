"""The ModelsLab v6 adapter against a loopback fake: key in the body, processing → fetch, 200 errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.engines.remote.modelslab import ModelsLabEngine
from imagegate.errors import InvalidRequest, ProviderAuthError, ProviderError, ProviderRateLimited
from tests.engines.remote.conftest import Runner, checked, spec_for
from tests.support.fakes import FakeModelsLab


@pytest.fixture(scope="module")
def server() -> Iterator[FakeModelsLab]:
    with FakeModelsLab("ml-right-key-zyxwvutsrq", processing_rounds=1) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeModelsLab) -> Iterator[FakeModelsLab]:
    yield from checked(server)  # type: ignore[misc]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: FakeModelsLab) -> str:
    monkeypatch.setenv("IG_TEST_MODELSLAB_KEY", server.key)
    return "IG_TEST_MODELSLAB_KEY"


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = ModelsLabEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


async def test_community_model_processing_then_fetch(fake: FakeModelsLab, env: str, runner: Runner) -> None:
    spec = spec_for(
        ModelsLabEngine,
        fake,
        env,
        "realistic-vision-51",
        base_path="/api",
        defaults={"width": 512, "height": 512, "num_inference_steps": 25, "guidance_scale": 7.0},
    )
    result = await runner.run(
        spec, {"prompt": "a portrait", "num_images": 2, "seed": 8, "scheduler": "DPM++ 2M Karras"}
    )
    sent = fake.of("POST", "/api/v6/images/text2img")[0].body
    assert sent == {
        "key": fake.key, "prompt": "a portrait", "width": 512, "height": 512, "samples": 2, "seed": 8,
        "base64": False, "webhook": None, "track_id": None, "model_id": "realistic-vision-51", "enhance_prompt": "no",
        "num_inference_steps": 25, "guidance_scale": 7.0, "scheduler": "DPMSolverMultistepScheduler",
        "use_karras_sigmas": "yes",
    }  # fmt: skip
    fetches = fake.of("POST", "/api/v6/images/fetch/")
    assert len(fetches) == 1 and fetches[0].body == {"key": fake.key}
    assert [g.seed for g in result.images] == [8, None] and result.info["generation_time"] == 1.25
    assert result.info["provider_request_ids"] == [fetches[0].path.rsplit("/", 1)[1]]


async def test_realtime_takes_few_parameters(fake: FakeModelsLab, env: str, runner: Runner) -> None:
    spec = spec_for(ModelsLabEngine, fake, env, "realtime", base_path="/api")
    assert spec.params == ["negative_prompt", "seed"]
    await runner.run(spec, {"prompt": "fast", "width": 512, "height": 512})
    body = fake.of("POST", "/api/v6/realtime/text2img")[0].body
    assert "model_id" not in body and "num_inference_steps" not in body and body["instant_response"] is False
    with pytest.raises(InvalidRequest) as refused:
        runner.admit(spec, {"prompt": "x", "guidance_scale": 3})
    assert refused.value.param == "guidance_scale"


async def test_nsfw_flag_marks_every_image(fake: FakeModelsLab, env: str, runner: Runner) -> None:
    spec = spec_for(ModelsLabEngine, fake, env, "sdxl", base_path="/api")
    result = await runner.run(spec, {"prompt": "nsfw", "num_images": 3, "width": 512, "height": 512})
    assert [g.nsfw_content_detected for g in result.images] == [True, True, True]


async def test_errors_at_200_and_at_http_level(
    fake: FakeModelsLab, env: str, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = spec_for(ModelsLabEngine, fake, env, "sdxl", base_path="/api")
    with pytest.raises(ProviderError) as failed:
        await runner.run(spec, {"prompt": "fail-generation", "width": 512, "height": 512})
    assert failed.value.code == "provider_generation_failed" and "please retry" in failed.value.message
    limited = {
        "status": "error",
        "message": "Rate limit exceeded. Maximum 5 queued requests allowed.",
        "retry_after": 30,
    }
    fake.override("/text2img", 429, limited)
    with pytest.raises(ProviderRateLimited) as slow:
        await runner.run(spec, {"prompt": "x", "width": 512, "height": 512})
    assert slow.value.retry_after == 30
    with pytest.raises(InvalidRequest):
        runner.admit(spec, {"prompt": "x", "width": 1536, "height": 512})
    monkeypatch.setenv(env, "ml-wrong-key")
    with pytest.raises(ProviderAuthError) as denied:
        await runner.run(spec, {"prompt": "x", "width": 512, "height": 512})
    assert "ml-wrong-key" not in denied.value.message
