"""A failed job's error, raised again for a client that waited for the job (synchronous dialects).

The runner keeps the HTTP status and details its cause mapped to (``result.error``: status,
retry_after, provider, reason), so a provider's rate limit reaches an OpenAI-SDK client as a 429 with
Retry-After, a moderation verdict as a 4xx with the provider's reason, and bad provider credentials
as a 502 — not every failure as a 500.
"""

from __future__ import annotations

from typing import Any

from imagegate.domain.jobs import Job
from imagegate.errors import ImagegateError

KEPT = ("retry_after", "provider", "reason", "upstream_status")


class JobFailed(ImagegateError):
    code = "engine_error"
    title = "Generation failed"

    def __init__(self, job: Job):
        details: dict[str, Any] = (job.result or {}).get("error") or {}
        retry_after = details.get("retry_after")
        headers = {"Retry-After": str(max(1, round(float(retry_after) + 0.499)))} if retry_after else None
        super().__init__(job.error_message or "the generation failed", code=job.error_code or None, headers=headers)
        status = details.get("status")
        self.status = status if isinstance(status, int) and 400 <= status < 600 else 500
        self._extra = {k: details[k] for k in KEPT if details.get(k) is not None}

    def extra(self) -> dict[str, Any]:
        return self._extra


def job_failure(job: Job) -> ImagegateError:
    return JobFailed(job)
