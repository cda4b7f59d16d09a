"""Image safety: the NSFW classifier, the policy actions, and the check the runner applies to every
result (each job's decision travels in its terms).

May import: domain, errors.
"""

from imagegate.domain.policy import SafetyDecision
from imagegate.safety.checker import ImageSafety
from imagegate.safety.nsfw import NsfwClassifier

__all__ = ["ImageSafety", "NsfwClassifier", "SafetyDecision"]
