"""The safety post-processor: scores every generated image on the post-processing thread (never
the compute thread) and applies the job's policy to those at or over its threshold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from imagegate.domain.jobs import EngineResult, Job
from imagegate.domain.models import ModelSpec
from imagegate.domain.policy import SafetyAction, SafetyPolicy
from imagegate.errors import ImagegateError
from imagegate.safety import actions
from imagegate.safety.nsfw import NsfwClassifier


@dataclass(frozen=True)
class SafetyDecision:
    """What admission decided for one job: check or not, and what to do with flagged images."""

    enabled: bool
    action: SafetyAction = SafetyAction.black
    threshold: float = 0.8

    @classmethod
    def of(cls, policy: SafetyPolicy, *, enabled: bool) -> SafetyDecision:
        return cls(enabled=enabled, action=policy.action, threshold=policy.threshold)

    def to_json(self) -> dict[str, Any]:
        if not self.enabled:
            return {"enabled": False}
        return {"enabled": True, "action": self.action.value, "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SafetyDecision:
        if not data.get("enabled"):
            return cls(enabled=False)
        return cls(enabled=True, action=SafetyAction(data["action"]), threshold=float(data["threshold"]))


class ImageSafety:
    """``decision_for`` maps a job to its decision (it runs on the post thread; the gateway answers
    through the event loop); ``on_flagged`` counts flagged images by action."""

    def __init__(
        self,
        classifier: NsfwClassifier,
        decision_for: Callable[[Job], SafetyDecision],
        on_flagged: Callable[[str, str], None] | None = None,
    ):
        self.classifier = classifier
        self.decision_for = decision_for
        self.on_flagged = on_flagged

    def __call__(self, job: Job, spec: ModelSpec, result: EngineResult) -> EngineResult:
        decision = self.decision_for(job)
        if not decision.enabled or not result.images:
            return result
        kept, scores, withheld = [], [], 0
        for generated in result.images:
            score = self.classifier.score(generated.image)
            scores.append(round(score, 5))
            if score < decision.threshold and not generated.nsfw_content_detected:
                kept.append(generated)
                continue
            if self.on_flagged is not None:
                self.on_flagged(spec.id, decision.action.value)
            if decision.action is SafetyAction.block:
                withheld += 1
                continue
            image = actions.apply(generated.image, decision.action)
            kept.append(replace(generated, image=image, nsfw_content_detected=True))
        info = {**result.info, "nsfw_scores": scores}
        if withheld:
            total = len(result.images)
            if not kept:
                raise ImagegateError(
                    f"the safety check flagged {'the image' if total == 1 else f'all {total} images'} as NSFW and "
                    "this key's policy blocks such images",
                    code="content_blocked",
                )
            info["warnings"] = [
                *info.get("warnings", []),
                f"{withheld} of {total} images were withheld by the safety policy (NSFW)",
            ]
        return replace(result, images=kept, info=info)
