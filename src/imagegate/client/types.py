"""What the SDK returns: typed views of the API's JSON. Unknown fields are kept (``model_extra``),
so a newer server never breaks an older SDK."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

JobStatus = Literal["queued", "running", "succeeded", "failed", "canceled"]
TERMINAL: frozenset[str] = frozenset({"succeeded", "failed", "canceled"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", protected_namespaces=())


class Progress(_Model):
    step: int = 0
    total: int = 0
    fraction: float = 0.0


class JobError(_Model):
    code: str
    message: str = ""
    status: int | None = None  # the HTTP status the failure maps to (e.g. 429 from a provider)
    retry_after: float | None = None
    provider: str | None = None


class TargetAttempt(_Model):
    """One target a route tried or skipped for a job."""

    target: str
    engine: str = ""
    outcome: str
    reason: str | None = None
    code: str | None = None
    status: int | None = None
    upstream_status: int | None = None
    message: str | None = None
    retry_after: float | None = None
    duration_s: float | None = None


class JobImage(_Model):
    """An image of a finished job: a signed URL (or base64) and how it was made."""

    id: str
    url: str | None = None
    url_expires_at: datetime | None = None
    b64_json: str | None = None
    content_type: str = "image/png"
    width: int
    height: int
    seed: int | None = None
    nsfw_content_detected: bool = False


class Job(_Model):
    """A generation job: its status, progress, effective parameters and, once done, its images."""

    id: str
    status: JobStatus
    task: str = "txt2img"
    model: str | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    queue_position: int | None = None
    eta_s: float | None = None
    progress: Progress = Field(default_factory=Progress)
    params: dict[str, Any] = Field(default_factory=dict)
    images: list[JobImage] = Field(default_factory=list)
    seeds: list[int] = Field(default_factory=list)
    error: JobError | None = None
    warnings: list[str] = Field(default_factory=list)
    cost: float | None = None
    currency: str | None = None
    attempts: int = 0
    served_by: str | None = None  # the model that made the images (a route's serving target)
    routing: list[TargetAttempt] = Field(default_factory=list)

    @property
    def done(self) -> bool:
        """True once the job has ended (succeeded, failed or canceled)."""
        return self.status in TERMINAL


class JobPage(_Model):
    """One page of ``jobs.list``; pass ``next_cursor`` as ``cursor`` for the next."""

    data: list[Job]
    has_more: bool = False
    next_cursor: str | None = None


class EventPreview(_Model):
    """A small JPEG of a job in progress, decoded from its latents."""

    content_type: str = "image/jpeg"
    width: int | None = None
    height: int | None = None
    b64_json: str

    @property
    def data(self) -> bytes:
        return base64.b64decode(self.b64_json)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_bytes(self.data)
        return path


class JobEvent(_Model):
    """One server-sent event of a job: ``queued``, ``started``, ``progress``, or the final
    ``succeeded`` / ``failed`` / ``canceled``. ``seq`` numbers them (it is the SSE id)."""

    job_id: str
    seq: int
    type: str
    at: datetime | None = None
    status: str | None = None
    queue_position: int | None = None
    step: int | None = None
    total: int | None = None
    eta_s: float | None = None
    preview: EventPreview | None = None
    code: str | None = None
    message: str | None = None

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL


class Model(_Model):
    """A catalog model: what it can do, its defaults, limits and price."""

    id: str
    name: str | None = None
    description: str = ""
    engine: str = ""
    family: str | None = None
    tasks: list[str] = Field(default_factory=list)
    defaults: dict[str, Any] = Field(default_factory=dict)
    limits: dict[str, Any] = Field(default_factory=dict)
    price: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    loaded: bool = False
    default: bool = False
    kind: str = "local"  # local, remote (a hosted provider) or route
    capabilities: dict[str, Any] | None = None
    provider: dict[str, Any] | None = None
    route: dict[str, Any] | None = None
    status: str = "ready"  # ready, downloading or failed (models being pulled)
    managed: bool = False  # added at run time: update and delete apply
    download: Download | None = None


class Download(_Model):
    """How a model's pull stands."""

    bytes_done: int = 0
    bytes_total: int | None = None
    fraction: float | None = None
    error: str | None = None
    size_bytes: int = 0
    last_used_at: datetime | None = None


class PullEvent(_Model):
    """One server-sent event of a pull: ``progress`` (bytes, rate, ETA), then ``ready``, ``failed``
    (with ``error``) or ``removed``."""

    type: str
    seq: int
    id: str
    status: str | None = None
    bytes_done: int | None = None
    bytes_total: int | None = None
    fraction: float | None = None
    rate_bps: float | None = None
    eta_s: float | None = None
    error: str | None = None

    @property
    def terminal(self) -> bool:
        return self.type in ("ready", "failed", "removed")


class Deleted(_Model):
    id: str
    object: str
    deleted: bool = True
    canceled_jobs: int = 0


class ApiKey(_Model):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime | None = None
    revoked_at: datetime | None = None


class CreatedApiKey(ApiKey):
    key: str = Field(description="The secret itself, shown only in this answer.")


class UsageRow(_Model):
    """One row of ``usage.retrieve`` (or its ``total``). The grouping fields present are those asked
    for (``day``, ``model``, ``key_id``); the rest add up the row's jobs."""

    day: date | None = None
    model: str | None = None
    key_id: str | None = None
    jobs: int = 0
    succeeded: int = 0
    errors: int = Field(default=0, description="Jobs that failed.")
    canceled: int = 0
    cached: int = Field(default=0, description="Jobs answered from the result cache (they cost nothing).")
    images: int = 0
    cost: float = 0.0
    currency: str = Field(default="USD", description="Several, comma-separated, if the row mixes currencies.")
    compute_s: float = 0.0
    latency_p50_s: float | None = Field(default=None, description="Admission to end of job, 50th percentile.")
    latency_p95_s: float | None = None
    latency_p99_s: float | None = None


class Usage(_Model):
    """``GET /v1/usage``: rows grouped by ``group_by`` over the days [start, end] (calendar days in
    the server's ``timezone``), and their ``total``."""

    start: date | None = None
    end: date | None = None
    timezone: str | None = None
    group_by: list[str] = Field(default_factory=list)
    data: list[UsageRow] = Field(default_factory=list)
    total: UsageRow = Field(default_factory=UsageRow)


@dataclass
class GeneratedImage:
    """An image's bytes, downloaded, with how it was made."""

    id: str
    data: bytes
    content_type: str
    width: int
    height: int
    seed: int | None
    job_id: str

    def save(self, path: str | Path) -> Path:
        """Write the image to ``path`` (its bytes as the server made them, PNG metadata included)."""
        path = Path(path)
        path.write_bytes(self.data)
        return path

    def to_pil(self) -> Any:
        """The image as a ``PIL.Image.Image`` (needs Pillow)."""
        from PIL import Image

        return Image.open(io.BytesIO(self.data))


@dataclass
class ImagesResult:
    """What ``images.generate`` and friends return: the finished job and its images' bytes."""

    job: Job
    images: list[GeneratedImage] = field(default_factory=list)

    def save(self, path: str | Path) -> list[Path]:
        """Save every image: one goes to ``path``; several to ``stem-0.png``, ``stem-1.png``…"""
        path = Path(path)
        if len(self.images) == 1:
            return [self.images[0].save(path)]
        return [img.save(path.with_name(f"{path.stem}-{i}{path.suffix}")) for i, img in enumerate(self.images)]

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> GeneratedImage:
        return self.images[index]
