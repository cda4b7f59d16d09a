"""The Stability v2beta adapter against a loopback fake: multipart, both answer formats, moderation,
the async result pattern."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from imagegate.engines.remote.stability import StabilityEngine
from imagegate.errors import ContentModerated, InvalidRequest, ProviderRateLimited
from tests.engines.remote.conftest import Runner, b64_png, checked, spec_for
from tests.support.fakes import FakeStability


@pytest.fixture(scope="module")
def server() -> Iterator[FakeStability]:
    with FakeStability("sk-stab-right-key-987654", pending_polls=2) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeStability) -> Iterator[FakeStability]:
    yield from checked(server)  # type: ignore[misc]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: FakeStability) -> str:
    monkeypatch.setenv("IG_TEST_STABILITY_KEY", server.key)
    return "IG_TEST_STABILITY_KEY"


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    engine = StabilityEngine()
    await engine.start()
    yield Runner(engine)
    await engine.close()


async def test_ultra_multipart_with_json_answer(fake: FakeStability, env: str, runner: Runner) -> None:
    spec = spec_for(
        StabilityEngine,
        fake,
        env,
        "ultra",
        provider={"options": {"style_preset": "cinematic"}},
        price={"per_image": 0.08},
    )
    result = await runner.run(
        spec, {"prompt": "a harbour", "negative_prompt": "fog", "width": 1200, "height": 800, "seed": 77}
    )
    sent = fake.of("POST", "/generate/ultra")[0]
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert sent.headers["accept"] == "application/json"
    assert sent.body == {
        "output_format": "png", "prompt": "a harbour", "negative_prompt": "fog", "seed": "77",
        "aspect_ratio": "3:2", "style_preset": "cinematic",
    }  # fmt: skip
    assert result.images[0].seed == 77 and result.images[0].image.size == (24, 16) and result.cost == 0.08


async def test_core_with_bytes_answer_reads_the_headers(fake: FakeStability, env: str, runner: Runner) -> None:
    spec = spec_for(StabilityEngine, fake, env, "core", provider={"options": {"accept": "image/*"}})
    result = await runner.run(spec, {"prompt": "a tree", "width": 512, "height": 1024})
    sent = fake.of("POST", "/generate/core")[0]
    assert sent.headers["accept"] == "image/*" and "accept" not in sent.body
    assert sent.body["aspect_ratio"] == "9:16" and result.images[0].seed == 4242


async def test_sd3_sends_model_mode_and_cfg(fake: FakeStability, env: str, runner: Runner) -> None:
    spec = spec_for(StabilityEngine, fake, env, "sd3.5-large", tasks=["txt2img", "img2img"])
    await runner.run(spec, {"prompt": "a bridge", "guidance_scale": 4.5, "width": 1024, "height": 1024})
    await runner.run(spec, {"task": "img2img", "prompt": "at night", "init_image": b64_png(), "strength": 0.6,
                            "width": 1024, "height": 1024})  # fmt: skip
    t2i, i2i = (r.body for r in fake.of("POST", "/generate/sd3"))
    assert (t2i["model"], t2i["mode"], t2i["cfg_scale"]) == ("sd3.5-large", "text-to-image", "4.5")
    assert i2i["mode"] == "image-to-image" and i2i["strength"] == "0.6" and i2i["image"][0] == "image.png"
    assert "aspect_ratio" not in i2i


async def test_moderation_refusal_and_filtered_output(fake: FakeStability, env: str, runner: Runner) -> None:
    spec = spec_for(StabilityEngine, fake, env, "core")
    with pytest.raises(ContentModerated) as refused:
        await runner.run(spec, {"prompt": "forbidden thing"})
    assert "flagged by our content moderation" in (refused.value.reason or "")
    result = await runner.run(spec, {"prompt": "blur-me please", "num_images": 2, "width": 512, "height": 512})
    assert [g.nsfw_content_detected for g in result.images] == [True, True]
    assert "CONTENT_FILTERED" in result.info["warnings"][0]


async def test_seed_range_and_rate_limit(fake: FakeStability, env: str, runner: Runner) -> None:
    spec = spec_for(StabilityEngine, fake, env, "core")
    with pytest.raises(InvalidRequest) as refused:
        runner.admit(spec, {"prompt": "x", "seed": 4294967295})
    assert refused.value.param == "seed"
    fake.override("/generate/core", 429, {"id": "x", "name": "rate_limit_exceeded", "errors": ["slow down"]},
                  headers={"retry-after": "60"})  # fmt: skip
    with pytest.raises(ProviderRateLimited) as limited:
        await runner.run(spec, {"prompt": "x"})
    assert limited.value.retry_after == 60 and "rate_limit_exceeded" in limited.value.message


async def test_creative_upscale_polls_the_result(fake: FakeStability, env: str, runner: Runner) -> None:
    spec = spec_for(StabilityEngine, fake, env, "upscale-creative", tasks=["upscale"])
    result = await runner.run(spec, {"task": "upscale", "image": b64_png(), "scale": 2})
    polls = fake.of("GET", "/v2beta/results/")
    assert len(polls) == 3 and all(p.headers["accept"] == "application/json" for p in polls)
    assert fake.of("POST", "/upscale/creative")[0].body["prompt"] == "high quality, detailed"
    assert result.images and "scale=2 is not sent" in result.info["warnings"][0]


async def test_inpaint_sends_image_and_mask_files(fake: FakeStability, env: str, runner: Runner) -> None:
    spec = spec_for(StabilityEngine, fake, env, "inpaint", tasks=["inpaint"])
    await runner.run(spec, {"task": "inpaint", "prompt": "a cat", "init_image": b64_png(), "mask_image": b64_png(),
                            "width": 512, "height": 512})  # fmt: skip
    body = fake.of("POST", "/edit/inpaint")[0].body
    assert body["image"][0] == "image.png" and body["mask"][0] == "mask.png" and "aspect_ratio" not in body
