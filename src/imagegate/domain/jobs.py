"""Jobs and the images they produce, as plain values (the store maps them to rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from imagegate.domain.policy import SafetyDecision


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    canceled = "canceled"

    @property
    def terminal(self) -> bool:
        return self in (JobStatus.succeeded, JobStatus.failed, JobStatus.canceled)


@dataclass
class ImageRecord:
    id: str
    job_id: str
    key_id: str
    index: int
    digest: str
    content_type: str
    width: int
    height: int
    seed: int | None
    size_bytes: int
    nsfw_content_detected: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True)
class JobTerms:
    """What admission decided for a job besides its parameters, stored beside the job and handed out
    with it (a claim included), so that whoever runs or ends the job looks nothing up elsewhere."""

    safety: SafetyDecision
    webhook: str | None = None
    webhook_events: frozenset[str] = frozenset()  # the job events its webhook receives
    track_id: str | None = None  # the caller's own reference, echoed in the job and its webhooks
    cache_key: str | None = None  # where its result goes in the result cache (None: not cached)
    reservations: tuple[dict[str, Any], ...] = ()  # quota and budget held until the job settles (JSON)

    def sends(self, event: str) -> bool:
        """Whether the job's webhook receives ``event`` (started, succeeded, failed, canceled)."""
        return self.webhook is not None and event in self.webhook_events


@dataclass
class Job:
    id: str
    key_id: str
    status: JobStatus
    task: str
    model_id: str
    params: dict[str, Any]
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    attempts: int = 0
    progress_step: int = 0
    progress_total: int = 0
    cancel_requested: bool = False
    timeout_s: float | None = None
    error_code: str | None = None
    error_message: str | None = None
    result: dict[str, Any] = field(default_factory=dict)
    response_format: str = "url"
    idempotency_key: str | None = None
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    images: list[ImageRecord] = field(default_factory=list)
    terms: JobTerms | None = None  # None for a job created without admission (tests, older rows)

    @property
    def track_id(self) -> str | None:
        # Cache hits written before their terms were stored kept the track id in their result.
        return self.terms.track_id if self.terms is not None else (self.result or {}).get("track_id")


@dataclass(frozen=True)
class GeneratedImage:
    """What an engine hands back before post-processing: pixels plus how they were made."""

    image: Any  # PIL.Image.Image; typed loosely so the domain does not import Pillow
    seed: int | None
    nsfw_content_detected: bool = False
    # "image" for what was asked for; "control" for a ControlNet map returned alongside (not billed).
    kind: str = "image"


@dataclass
class EngineResult:
    images: list[GeneratedImage]
    info: dict[str, Any] = field(default_factory=dict)  # effective parameters, e.g. scheduler used
    compute_s: float = 0.0
    # Set by engines that know the price better than the job's catalog entry: a route bills its serving
    # target, a provider may report what it charged. None: price the job's own model.
    cost: float | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Preview:
    """A small image of a job in progress, decoded cheaply from the latents (not by the VAE)."""

    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"
