"""Wire models of the native REST API (``/v1/*``): what goes over HTTP, documented field by field."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from imagegate.admission.keys import Scope
from imagegate.domain.jobs import JobStatus
from imagegate.domain.models import Family
from imagegate.domain.requests import REQUEST_TYPES, Preprocessor, Task, tagged_union


class JobOptions(BaseModel):
    """How the job is delivered, beside what it generates."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    response_format: Literal["url", "b64_json"] = Field(
        default="url", description="Images as signed expiring URLs (default) or inline base64."
    )
    webhook: str | None = Field(
        default=None,
        max_length=2048,
        description="An http(s) URL that receives the job's events, signed per the Standard Webhooks spec "
        "(headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).",
    )
    webhook_events_filter: list[str] | None = Field(
        default=None,
        description="Events to send: started, succeeded, failed, canceled, or completed (the three final "
        "ones). Default: completed.",
    )
    track_id: str | None = Field(
        default=None, min_length=1, max_length=200, description="Your own reference, echoed in the job and webhooks."
    )
    cache: bool = Field(
        default=True,
        description="Serve an identical earlier request with the same explicit seed from the result cache "
        "(at no cost, within no quota). false always generates anew.",
    )
    safety_checker: bool | None = Field(
        default=None,
        description="false skips the NSFW check of the images, where the key's safety policy allows it.",
    )


# One wire class per task, made from the domain's table of tasks: the task's parameters plus the
# delivery options, in one flat body (Txt2ImgJob, Img2ImgJob, …).
JOB_TYPES: dict[Task, type[BaseModel]] = {
    task: type(cls.__name__.removesuffix("Request") + "Job", (cls, JobOptions), {"__module__": __name__})
    for task, cls in REQUEST_TYPES.items()
}

if TYPE_CHECKING:  # to a type checker, any of them: a request with its options
    JobCreate: TypeAlias = JobOptions
else:
    JobCreate = tagged_union(JOB_TYPES)

OPTION_FIELDS = frozenset(JobOptions.model_fields)


class ImageOut(BaseModel):
    id: str = Field(description="Image id, img_…")
    url: str | None = Field(default=None, description="Signed URL; works without the API key until it expires.")
    url_expires_at: datetime | None = None
    b64_json: str | None = Field(default=None, description="The image bytes, base64, when asked for.")
    content_type: str
    width: int
    height: int
    seed: int | None = Field(description="Seed that reproduces this image alone.")
    nsfw_content_detected: bool = False
    kind: Literal["image", "control"] = Field(
        default="image", description="'control' for a ControlNet map returned with return_control_image."
    )


class Progress(BaseModel):
    step: int
    total: int
    fraction: float


class JobError(BaseModel):
    code: str = Field(description="Stable machine-readable error code.")
    message: str
    status: int | None = Field(default=None, description="The HTTP status this failure maps to (e.g. 429, 502).")
    retry_after: float | None = Field(default=None, description="Seconds after which trying again may succeed.")
    provider: str | None = Field(default=None, description="The hosted provider the failure came from, if any.")


class TargetAttempt(BaseModel):
    """One target a route tried (or skipped) for this job, in order."""

    target: str = Field(description="The catalog model tried.")
    engine: str
    outcome: Literal["succeeded", "failed", "skipped"]
    reason: str | None = Field(default=None, description="Why it was skipped (cooling_down, circuit_open, …).")
    code: str | None = Field(default=None, description="The error code of a failed attempt.")
    status: int | None = Field(default=None, description="The HTTP status the failure maps to here.")
    upstream_status: int | None = Field(default=None, description="The HTTP status the provider answered.")
    message: str | None = None
    retry_after: float | None = None
    duration_s: float | None = None


class Timings(BaseModel):
    queue_s: float | None = None
    compute_s: float | None = None
    total_s: float | None = None


class JobLinks(BaseModel):
    self: str
    events: str
    cancel: str


class JobOut(BaseModel):
    id: str = Field(description="Job id, job_…")
    object: Literal["job"] = "job"
    status: JobStatus
    task: Task
    model: str
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    queue_position: int | None = Field(default=None, description="Jobs ahead of this one (queued only).")
    eta_s: float | None = Field(default=None, description="Estimated seconds until done, when known.")
    progress: Progress
    params: dict[str, Any] = Field(description="The effective parameters, defaults filled in.")
    images: list[ImageOut] = Field(default_factory=list)
    seeds: list[int] = Field(default_factory=list)
    error: JobError | None = None
    warnings: list[str] = Field(default_factory=list)
    info: dict[str, Any] = Field(
        default_factory=dict,
        description="What the engine reports: seed, scheduler and pipeline used, LoRAs and ControlNets "
        "(and which were loaded for this job), model load time, upscaler, …",
    )
    cost: float | None = None
    currency: str | None = None
    cached: bool = Field(default=False, description="Served from the result cache: no compute, no cost.")
    track_id: str | None = Field(default=None, description="The track_id given at creation.")
    timings: Timings
    attempts: int
    links: JobLinks
    served_by: str | None = Field(
        default=None, description="The catalog model that made the images (for a route, the target that served it)."
    )
    routing: list[TargetAttempt] = Field(
        default_factory=list, description="For routes: every target tried or skipped, in order."
    )


class JobList(BaseModel):
    object: Literal["list"] = "list"
    data: list[JobOut]
    has_more: bool
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


class DownloadOut(BaseModel):
    """How a pull stands."""

    bytes_done: int
    bytes_total: int | None = None
    fraction: float | None = Field(default=None, description="Share done, 0 to 1, once the size is known.")
    error: str | None = Field(default=None, description="Why it failed, naming what to fix.")
    size_bytes: int = Field(default=0, description="Disk space its pulled files take.")
    last_used_at: datetime | None = Field(
        default=None, description="When it was last loaded (the disk budget evicts the least recent)."
    )


class ModelOut(BaseModel):
    """A superset of OpenAI's model object."""

    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str
    name: str | None = None
    description: str = ""
    engine: str
    family: str | None = None
    tasks: list[Task]
    defaults: dict[str, Any]
    limits: dict[str, Any]
    price: dict[str, Any]
    license: str | None = None
    commercial_use: bool | None = None
    tags: list[str]
    loaded: bool = False
    max_batch_size: int | None = Field(
        default=None,
        description="Local models: images one pipeline call may make for compatible jobs (dynamic batching; 1: none).",
    )
    schedulers: list[str] | None = None
    default: bool = False
    kind: Literal["local", "remote", "route"] = Field(
        default="local", description="Where it runs: this server, a hosted provider, or a route over several models."
    )
    capabilities: dict[str, Any] | None = Field(
        default=None, description="Tasks and parameters it takes, and how width/height map to its sizes."
    )
    provider: dict[str, Any] | None = Field(
        default=None, description="Hosted models: the provider, its model name and whether credentials are set."
    )
    route: dict[str, Any] | None = Field(
        default=None, description="Routes: targets (with prices and health), strategy and fallback policy."
    )
    aliases: list[str] = Field(
        default_factory=list, description="Other names it answers to (e.g. the ids third-party clients send)."
    )
    size_policy: Literal["refuse", "fit"] = Field(
        default="refuse",
        description="A size past its limits: refused, or generated at its native size and resized to the "
        "size asked (the job's parameters then show width/height generated and resize_to).",
    )
    status: Literal["ready", "downloading", "failed"] = Field(
        default="ready", description="Whether it can serve: models being pulled are 'downloading' until ready."
    )
    managed: bool = Field(
        default=False,
        description="Added at run time (POST /v1/models): PATCH and DELETE apply; file entries are read-only.",
    )
    download: DownloadOut | None = Field(default=None, description="How its pull stands (pulled models only).")


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: str = Field(min_length=1, max_length=200, description="A label, e.g. the app that uses the key.")
    scopes: list[Scope] = Field(default_factory=lambda: [Scope.generate], min_length=1)


class KeyOut(BaseModel):
    id: str
    object: Literal["api_key"] = "api_key"
    name: str
    prefix: str = Field(description="The first characters of the key, to recognise it.")
    scopes: list[Scope]
    created_at: datetime
    revoked_at: datetime | None = None


class KeyCreated(KeyOut):
    key: str = Field(description="The API key. Shown only in this response; store it now.")


class KeyList(BaseModel):
    object: Literal["list"] = "list"
    data: list[KeyOut]


class ImageMeta(ImageOut):
    object: Literal["image"] = "image"
    job_id: str = Field(description="The job that made it: GET /v1/jobs/{job_id} has its parameters, cost, timings.")
    created_at: datetime | None = None


class ImageList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ImageMeta]
    has_more: bool
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


# -- the catalog's adapters (GET /v1/loras, /v1/controlnets, /v1/face-restorers) ----------------


class LoraOut(BaseModel):
    id: str = Field(description="Pass as loras[].id.")
    object: Literal["lora"] = "lora"
    name: str
    description: str = ""
    families: list[Family] = Field(description="Model families it fits; other models refuse it.")
    trigger_words: list[str] = Field(default_factory=list, description="Words the LoRA responds to in prompts.")
    license: str | None = None
    tags: list[str] = Field(default_factory=list)
    status: Literal["ready", "downloading", "failed"] = "ready"
    managed: bool = Field(default=False, description="Added at run time (POST /v1/loras).")
    download: DownloadOut | None = None


class LoraList(BaseModel):
    object: Literal["list"] = "list"
    data: list[LoraOut]


class ControlNetOut(BaseModel):
    id: str = Field(description="Pass as controlnets[].controlnet_model.")
    object: Literal["controlnet"] = "controlnet"
    name: str
    description: str = ""
    family: Family = Field(description="The model family it steers.")
    preprocessor: Preprocessor = Field(description="Preprocessor used when a request names none.")
    license: str | None = None
    tags: list[str] = Field(default_factory=list)
    status: Literal["ready", "downloading", "failed"] = "ready"
    managed: bool = Field(default=False, description="Added at run time (POST /v1/controlnets).")
    download: DownloadOut | None = None


class ControlNetList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ControlNetOut]


class AnnotatorOut(BaseModel):
    id: str = Field(description="Pass as controlnets[].annotator (the first of a kind serves when none is named).")
    object: Literal["annotator"] = "annotator"
    name: str
    description: str = ""
    kind: Literal["depth", "pose"] = Field(description="'depth' serves preprocessor 'depth', 'pose' 'openpose'.")
    license: str | None = None
    tags: list[str] = Field(default_factory=list)
    status: Literal["ready", "downloading", "failed"] = "ready"
    managed: bool = Field(default=False, description="Added at run time (POST /v1/annotators).")
    download: DownloadOut | None = None


class AnnotatorList(BaseModel):
    object: Literal["list"] = "list"
    data: list[AnnotatorOut]


class FaceRestorerOut(BaseModel):
    id: str = Field(description="Pass as restore_faces.model (the first listed is used when a request names none).")
    object: Literal["face_restorer"] = "face_restorer"
    name: str
    description: str = ""
    license: str | None = None
    commercial_use: bool | None = None
    tags: list[str] = Field(default_factory=list)


class FaceRestorerList(BaseModel):
    object: Literal["list"] = "list"
    data: list[FaceRestorerOut]
