"""The generic OpenAI-compatible adapter against a faithful fake of the OpenAI Images wire format.

A second real imagegate process as the upstream waits for imagegate's own OpenAI dialect (issue 6).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.domain.models import ModelSpec
from imagegate.engines.remote.openai_compatible import OpenAICompatibleEngine
from imagegate.errors import ConfigError, InvalidRequest
from tests.engines.remote.conftest import Runner, checked, spec_for
from tests.support.fakes import FakeOpenAICompatible


@pytest.fixture(scope="module")
def open_server() -> Iterator[FakeOpenAICompatible]:
    with FakeOpenAICompatible(None, extra_fields={"seed", "negative_prompt", "num_inference_steps"}) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture(scope="module")
def keyed_server() -> Iterator[FakeOpenAICompatible]:
    with FakeOpenAICompatible("lan-server-key-55555") as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(open_server: FakeOpenAICompatible) -> Iterator[FakeOpenAICompatible]:
    yield from checked(open_server)  # type: ignore[misc]


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = OpenAICompatibleEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


def compatible(fake: FakeOpenAICompatible, source: str, **provider: object) -> ModelSpec:
    raw = {"id": "upstream", "engine": "openai_compatible", "source": source,
           "provider": {"base_url": fake.url + "/v1", **provider}}  # fmt: skip
    return OpenAICompatibleEngine.prepare(ModelSpec.model_validate(raw))


async def test_free_sizes_extra_fields_and_no_key(fake: FakeOpenAICompatible, runner: Runner) -> None:
    spec = compatible(fake, "tiny-sd1", inputs={"seed": "seed", "negative_prompt": "negative_prompt"})
    assert spec.params == ["negative_prompt", "seed"]
    result = await runner.run(spec, {"prompt": "a kite", "negative_prompt": "rain", "seed": 40, "num_images": 2,
                                     "width": 640, "height": 480})  # fmt: skip
    sent = fake.of("POST", "/v1/images/generations")[0]
    assert "authorization" not in sent.headers
    assert sent.body == {"prompt": "a kite", "model": "tiny-sd1", "n": 2, "size": "640x480",
                         "response_format": "b64_json", "seed": 40, "negative_prompt": "rain"}  # fmt: skip
    assert [g.seed for g in result.images] == [40, 41] and result.images[0].image.size == (640, 480)


async def test_a_key_is_sent_when_configured(
    keyed_server: FakeOpenAICompatible, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyed_server.reset()
    monkeypatch.setenv("IG_TEST_UPSTREAM_KEY", keyed_server.key)
    spec = spec_for(OpenAICompatibleEngine, keyed_server, "IG_TEST_UPSTREAM_KEY", "some-model", base_path="/v1")
    await runner.run(spec, {"prompt": "x", "width": 256, "height": 256})
    assert keyed_server.of("POST")[0].headers["authorization"] == f"Bearer {keyed_server.key}"
    assert keyed_server.violations == []


def test_base_url_is_required() -> None:
    raw = {"id": "u", "engine": "openai_compatible", "source": "m", "provider": {}}
    with pytest.raises(ConfigError, match="base_url"):
        OpenAICompatibleEngine.prepare(ModelSpec.model_validate(raw))


def test_hosted_models_still_need_a_prompt_and_refuse_masked_content(
    fake: FakeOpenAICompatible, runner: Runner
) -> None:
    """Local models take an empty text-to-image prompt (as A1111 does); a hosted API is asked for one."""
    spec = compatible(fake, "tiny-sd1")
    with pytest.raises(InvalidRequest) as caught:
        runner.admit(spec, {"prompt": "", "width": 256, "height": 256})
    assert caught.value.param == "prompt" and "needs a prompt" in caught.value.message
    raw = {"id": "upstream", "engine": "openai_compatible", "source": "tiny-sd1", "tasks": ["txt2img", "inpaint"],
           "provider": {"base_url": fake.url + "/v1"}}  # fmt: skip
    editing = OpenAICompatibleEngine.prepare(ModelSpec.model_validate(raw))
    inpaint = {"task": "inpaint", "prompt": "x", "init_image": "blob:" + "0" * 64, "masked_content": "fill"}
    with pytest.raises(InvalidRequest) as caught:
        runner.admit(editing, {**inpaint, "width": 256, "height": 256})
    assert caught.value.param == "masked_content"
