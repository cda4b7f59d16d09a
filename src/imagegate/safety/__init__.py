"""Image safety: the NSFW classifier, the policy actions, and the post-processing step."""

from imagegate.safety.checker import ImageSafety, SafetyDecision
from imagegate.safety.nsfw import NsfwClassifier

__all__ = ["ImageSafety", "NsfwClassifier", "SafetyDecision"]
