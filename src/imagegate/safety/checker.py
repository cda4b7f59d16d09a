"""The safety post-processor: scores every generated image on the post-processing thread (never
the compute thread) and applies the job's policy to those at or over its threshold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from imagegate.domain.jobs import EngineResult, Job
from imagegate.domain.models import ModelSpec
from imagegate.domain.policy import SafetyAction, SafetyDecision
from imagegate.errors import ImagegateError
from imagegate.safety import actions
from imagegate.safety.nsfw import NsfwClassifier


class ImageSafety:
    """Each job carries its decision (``job.terms.safety``, made at admission); a job without terms
    gets ``default``, the server's own policy, never less. ``on_flagged`` counts flagged images by
    model and action."""

    def __init__(
        self,
        classifier: NsfwClassifier,
        default: SafetyDecision,
        on_flagged: Callable[[str, str], None] | None = None,
    ):
        self.classifier = classifier
        self.default = default
        self.on_flagged = on_flagged

    def __call__(self, job: Job, spec: ModelSpec, result: EngineResult) -> EngineResult:
        decision = job.terms.safety if job.terms is not None else self.default
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
