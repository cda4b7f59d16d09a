"""The OpenAI Images adapter against a loopback fake of the documented wire format."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from imagegate.engines.base import RunContext
from imagegate.engines.remote.openai import OpenAIEngine
from imagegate.errors import (
    ContentModerated,
    InvalidRequest,
    JobInterrupted,
    ProviderAuthError,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
)
from tests.engines.remote.conftest import Runner, b64_png, checked, spec_for
from tests.support.fakes import FakeOpenAI


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("sk-openai-right-key-0123456789") as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    yield from checked(server)  # type: ignore[misc]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI) -> str:
    monkeypatch.setenv("IG_TEST_OPENAI_KEY", server.key)
    return "IG_TEST_OPENAI_KEY"


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = OpenAIEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


async def test_gpt_image_generation_maps_size_and_count(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1", price={"per_image": 0.04})
    result = await runner.run(spec, {"prompt": "a lighthouse", "width": 512, "height": 768, "num_images": 2})
    sent = fake.of("POST", "/images/generations")[0]
    assert sent.headers["authorization"] == f"Bearer {fake.key}"
    assert sent.body == {"prompt": "a lighthouse", "model": "gpt-image-1", "n": 2, "size": "1024x1536"}
    assert len(result.images) == 2 and result.images[0].image.size == (1024, 1536)
    assert result.cost == pytest.approx(0.08) and result.info["usage"]["output_tokens"] == 200
    assert any("1024×1536 for the requested 512×768" in w for w in result.info["warnings"])
    assert spec.params == []  # OpenAI takes no seed, steps, guidance, sampler or negative prompt


async def test_dalle3_makes_one_image_per_request_and_keeps_revised_prompts(
    fake: FakeOpenAI, env: str, runner: Runner
) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "dall-e-3", base_path="/v1", provider={"options": {"style": "natural"}})
    result = await runner.run(spec, {"prompt": "a fox", "width": 1600, "height": 904, "num_images": 2})
    bodies = [r.body for r in fake.of("POST", "/images/generations")]
    assert len(bodies) == 2 and all(b["n"] == 1 and b["size"] == "1792x1024" for b in bodies)
    assert all(b["response_format"] == "b64_json" and b["style"] == "natural" for b in bodies)
    assert result.info["revised_prompts"] == ["revised: a fox", "revised: a fox"]


async def test_url_answers_are_downloaded_without_credentials(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(
        OpenAIEngine, fake, env, "dall-e-2", base_path="/v1", provider={"options": {"response_format": "url"}}
    )
    result = await runner.run(spec, {"prompt": "a cup", "width": 256, "height": 256})
    assert result.images[0].image.size == (256, 256)
    downloads = fake.of("GET", "/files/")
    assert len(downloads) == 1 and "authorization" not in downloads[0].headers


async def test_unsupported_parameters_are_refused_or_dropped_as_documented(
    fake: FakeOpenAI, env: str, runner: Runner
) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1")
    with pytest.raises(InvalidRequest) as refused:
        runner.admit(spec, {"prompt": "x", "seed": 3})
    assert refused.value.param == "seed" and refused.value.code == "unsupported_parameter"
    with pytest.raises(InvalidRequest) as refused:
        runner.admit(spec, {"prompt": "x", "negative_prompt": "blur"})
    assert refused.value.param == "negative_prompt"
    dropping = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1", provider={"drop": ["seed"]})
    result = await runner.run(dropping, {"prompt": "x", "seed": 3, "width": 1024, "height": 1024})
    assert "seed" not in fake.of("POST")[0].body
    assert result.info["warnings"] == ["seed dropped: openai model 'gpt-image-1' does not take it"]


async def test_moderation_refusal_keeps_the_reason(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1")
    with pytest.raises(ContentModerated) as refused:
        await runner.run(spec, {"prompt": "something forbidden"})
    assert refused.value.status == 422 and refused.value.provider == "openai"
    assert "rejected by the safety system" in (refused.value.reason or "")


async def test_bad_credentials_are_operator_facing_and_never_echoed(
    fake: FakeOpenAI, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "sk-wrong-" + "A1b2C3d4E5f6G7h8"
    monkeypatch.setenv("IG_TEST_OPENAI_WRONG", wrong)
    spec = spec_for(OpenAIEngine, fake, "IG_TEST_OPENAI_WRONG", "gpt-image-1", base_path="/v1")
    with pytest.raises(ProviderAuthError) as failed:
        await runner.run(spec, {"prompt": "x"})
    error = failed.value
    assert error.status == 502 and error.code == "provider_auth_failed"
    assert "IG_TEST_OPENAI_WRONG" in error.message
    for piece in (wrong, wrong[:6], wrong[-4:] + ".", "A1b2C3"):
        assert piece not in error.message, error.message
    monkeypatch.delenv("IG_TEST_OPENAI_WRONG")
    with pytest.raises(ProviderAuthError) as missing:
        await runner.run(spec, {"prompt": "x"})
    assert missing.value.code == "provider_credentials_missing" and "IG_TEST_OPENAI_WRONG" in missing.value.message


async def test_rate_limit_and_outage_map_to_retryable_errors(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1")
    body = {
        "error": {"message": "Rate limit reached", "type": "requests", "param": None, "code": "rate_limit_exceeded"}
    }
    fake.override("/images/generations", 429, body, headers={"retry-after-ms": "2500"})
    with pytest.raises(ProviderRateLimited) as limited:
        await runner.run(spec, {"prompt": "x"})
    assert limited.value.retry_after == 2.5 and limited.value.headers["Retry-After"] == "3"
    fake.override("/images/generations", 503, {"error": {"message": "overloaded", "type": "server_error",
                                                         "param": None, "code": None}})  # fmt: skip
    with pytest.raises(ProviderError) as down:
        await runner.run(spec, {"prompt": "x"})
    assert down.value.code == "provider_unavailable" and down.value.upstream_status == 503


async def test_timeout_and_cancel_stop_the_call_at_once(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1", provider={"timeout_s": 0.3})
    fake.hold_s = 3
    started = time.monotonic()
    with pytest.raises(ProviderTimeout):
        await runner.run(spec, {"prompt": "x"})
    assert time.monotonic() - started < 2
    patient = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1")
    ctx = RunContext("job_cancel")
    asyncio.get_running_loop().call_later(0.2, ctx.stop, "canceled")
    started = time.monotonic()
    with pytest.raises(JobInterrupted) as stopped:
        await runner.run(patient, {"prompt": "x"}, ctx)
    assert stopped.value.reason == "canceled" and time.monotonic() - started < 1.5


async def test_edits_send_the_image_and_an_alpha_mask_as_multipart(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1", tasks=["txt2img", "img2img", "inpaint"])
    image, mask = b64_png(64, 64), b64_png(64, 64, (255, 255, 255))
    await runner.run(
        spec, {"task": "img2img", "prompt": "make it blue", "init_image": image, "width": 1024, "height": 1024}
    )
    await runner.run(
        spec,
        {"task": "inpaint", "prompt": "a hat", "init_image": image, "mask_image": mask, "width": 1024, "height": 1024},
    )
    sent = fake.of("POST", "/images/edits")
    assert [sorted(s.body) for s in sent] == [
        ["image", "model", "n", "prompt", "size"],
        ["image", "mask", "model", "n", "prompt", "size"],
    ]
    assert sent[1].headers["content-type"].startswith("multipart/form-data; boundary=")


async def test_variations_with_dalle2(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "dall-e-2", base_path="/v1", tasks=["txt2img", "variation"])
    result = await runner.run(
        spec, {"task": "variation", "prompt": "-", "init_image": b64_png(), "width": 512, "height": 512}
    )
    assert result.images[0].image.size == (512, 512)
    assert sorted(fake.of("POST", "/images/variations")[0].body) == ["image", "model", "n", "response_format", "size"]


def test_the_fake_refuses_a_malformed_request(server: FakeOpenAI) -> None:
    server.reset()
    response = httpx.post(f"{server.url}/v1/images/generations", json={"prompt": "x", "size": "999x999"})
    assert response.status_code == 401 and server.violations
    response = httpx.post(
        f"{server.url}/v1/images/generations",
        json={"prompt": "x", "model": "gpt-image-1", "response_format": "url", "seed": 1},
        headers={"authorization": f"Bearer {server.key}"},
    )
    assert response.status_code == 400 and response.json()["error"]["type"] == "invalid_request_error"
    assert any("seed" in v for v in server.violations) and any("response_format" in v for v in server.violations)
    server.reset()


async def test_an_unexpected_answer_is_a_provider_failure(fake: FakeOpenAI, env: str, runner: Runner) -> None:
    spec = spec_for(OpenAIEngine, fake, env, "gpt-image-1", base_path="/v1")
    fake.override("/images/generations", 200, "<html>captive portal</html>", headers={"content-type": "text/html"})
    with pytest.raises(ProviderError) as failed:
        await runner.run(spec, {"prompt": "x"})
    assert failed.value.code == "provider_bad_response" and failed.value.status == 502
    fake.override("/images/generations", 200, {"created": 1, "data": [{"b64_json": "bm90IGFuIGltYWdl"}]})
    with pytest.raises(ProviderError, match="not an image"):
        await runner.run(spec, {"prompt": "x"})
