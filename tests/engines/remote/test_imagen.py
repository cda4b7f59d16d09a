"""The Imagen (Gemini API ``:predict``) adapter against a loopback fake."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.engines.remote.imagen import ImagenEngine
from imagegate.errors import ContentModerated, InvalidRequest, ProviderAuthError, ProviderRateLimited
from tests.engines.remote.conftest import Runner, checked, spec_for
from tests.support.fakes import FakeImagen

MODEL = "imagen-4.0-generate-001"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeImagen]:
    with FakeImagen("AIza-right-key-0000111122223333") as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeImagen) -> Iterator[FakeImagen]:
    yield from checked(server)  # type: ignore[misc]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: FakeImagen) -> str:
    monkeypatch.setenv("IG_TEST_GEMINI_KEY", server.key)
    return "IG_TEST_GEMINI_KEY"


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = ImagenEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


async def test_predict_maps_aspect_and_sample_count(fake: FakeImagen, env: str, runner: Runner) -> None:
    spec = spec_for(ImagenEngine, fake, env, MODEL, limits={"max_num_images": 6}, price={"per_image": 0.04},
                    provider={"options": {"personGeneration": "dont_allow"}})  # fmt: skip
    result = await runner.run(spec, {"prompt": "a desert", "width": 1280, "height": 720, "num_images": 6})
    sent = fake.of("POST", ":predict")
    assert sorted(s.body["parameters"]["sampleCount"] for s in sent) == [2, 4]
    first = sent[0]
    assert first.path == f"/v1beta/models/{MODEL}:predict" and first.headers["x-goog-api-key"] == fake.key
    assert first.body["instances"] == [{"prompt": "a desert"}]
    params = first.body["parameters"]
    assert params["aspectRatio"] == "16:9" and params["includeRaiReason"] is True
    assert params["personGeneration"] == "dont_allow" and params["outputOptions"] == {"mimeType": "image/png"}
    assert len(result.images) == 6 and result.cost == pytest.approx(0.24)


async def test_filtered_outputs_are_flagged_or_fail_when_all_are(fake: FakeImagen, env: str, runner: Runner) -> None:
    spec = spec_for(ImagenEngine, fake, env, MODEL)
    result = await runner.run(spec, {"prompt": "filter-one", "num_images": 3, "width": 1024, "height": 1024})
    assert [g.nsfw_content_detected for g in result.images] == [True, False, False]
    assert any("Sexual content" in w for w in result.info["warnings"])
    assert {g.image.size for g in result.images} == {(64, 64)}
    with pytest.raises(ContentModerated) as refused:
        await runner.run(spec, {"prompt": "filter-all"})
    assert "Sexual content" in (refused.value.reason or "")


async def test_vertex_only_parameters_are_refused(fake: FakeImagen, env: str, runner: Runner) -> None:
    spec = spec_for(ImagenEngine, fake, env, MODEL)
    for field, value in (("negative_prompt", "x"), ("seed", 1), ("num_inference_steps", 5)):
        with pytest.raises(InvalidRequest) as refused:
            runner.admit(spec, {"prompt": "x", field: value})
        assert refused.value.param == field


async def test_invalid_key_and_quota(
    fake: FakeImagen, env: str, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = spec_for(ImagenEngine, fake, env, MODEL)
    body = {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}
    fake.override(":predict", 429, body)
    with pytest.raises(ProviderRateLimited):
        await runner.run(spec, {"prompt": "x"})
    monkeypatch.setenv(env, "AIza-wrong-key-9999")
    with pytest.raises(ProviderAuthError) as failed:
        await runner.run(spec, {"prompt": "x"})
    assert "API_KEY_INVALID" in failed.value.message and "AIza-wrong-key-9999" not in failed.value.message
