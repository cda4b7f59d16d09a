"""One module per API noun; each holds its flows once and its sync and async resource classes."""

from imagegate.client.resources.images import AsyncImages, Images
from imagegate.client.resources.jobs import AsyncJobs, Jobs
from imagegate.client.resources.keys import AsyncKeys, Keys
from imagegate.client.resources.models import AsyncModels, Models
from imagegate.client.resources.usage import AsyncUsageResource, UsageResource

__all__ = [
    "AsyncImages",
    "AsyncJobs",
    "AsyncKeys",
    "AsyncModels",
    "AsyncUsageResource",
    "Images",
    "Jobs",
    "Keys",
    "Models",
    "UsageResource",
]
