"""Settings: ``IMAGEGATE_*`` environment variables and an optional ``imagegate.toml``.

Precedence, highest first: keyword arguments, environment, ``imagegate.toml`` (or the file named by
``IMAGEGATE_CONFIG``), defaults.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from imagegate.domain.policy import ModerationRule, Plan, SafetyPolicy, default_moderation_rules, default_plans
from imagegate.errors import ConfigError

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "placeholder", "dev"}


def config_file() -> Path:
    return Path(os.environ.get("IMAGEGATE_CONFIG", "imagegate.toml"))


class Settings(BaseSettings):
    """Every setting of the server. Field names are the lowercase env vars without ``IMAGEGATE_``."""

    model_config = SettingsConfigDict(env_prefix="IMAGEGATE_", extra="forbid", validate_default=True)

    env: Literal["development", "production", "test"] = "development"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    public_url: str | None = Field(default=None, description="Base URL clients reach us at, for links.")
    log_level: str = "info"

    data_dir: Path = Path("data")
    database_url: str | None = None
    blob_dir: Path | None = None
    # Images in S3-compatible storage instead of blob_dir, shared by every server (docs/scale-out.md).
    storage_url: str | None = Field(default=None, description='"s3://bucket/prefix"; unset: the local blob_dir.')
    s3_endpoint_url: str | None = Field(default=None, description="A non-AWS S3 server, e.g. http://host:8333.")
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = Field(default=None, description="Unset: AWS_* variables or instance role.")
    s3_secret_access_key: SecretStr | None = None
    s3_addressing_style: Literal["path", "virtual"] = "path"
    s3_create_bucket: bool = Field(default=False, description="Create a missing bucket at start instead of refusing.")
    s3_timeout_s: float = Field(default=10, gt=0, description="Time cap of one S3 request (retries included).")
    image_delivery: Literal["stream", "presign"] = Field(
        default="stream", description="S3 only: stream image bytes through the API, or redirect to a presigned URL."
    )
    presign_ttl_s: int = Field(default=300, gt=0, description="Expiry of presigned S3 URLs (image_delivery=presign).")
    secret_key: SecretStr | None = Field(default=None, description="Signs image URLs.")
    admin_key: SecretStr | None = Field(default=None, description="Ensures this admin key exists.")

    catalog: list[str] = Field(default_factory=lambda: ["models/*.toml"])
    models: list[dict[str, Any]] = Field(default_factory=list, description="Inline catalog entries.")
    default_model: str | None = None

    hf_cache_dir: Path | None = Field(
        default=None, description="Cache for Hugging Face hub models (default: the hub's own, under HF_HOME)."
    )
    device: str = Field(default="auto", description="auto, cpu, cuda, cuda:N or mps.")
    devices: list[str] = Field(
        default_factory=list,
        description='Several devices, a compute thread and a model cache each, e.g. ["cuda:0", "cuda:1"]; '
        '["auto"]: every CUDA GPU. Empty: the one `device`.',
    )
    max_batch_size: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Images one pipeline call may make for compatible jobs together (models "
        "override it with their own max_batch_size). 1: every job runs alone.",
    )
    batch_window_ms: float = Field(
        default=20,
        ge=0,
        le=2000,
        description="How long a batch waits for company on an idle device before it starts (on a busy device, "
        "jobs join while it waits for the device, at no added latency).",
    )
    torch_threads: int = Field(
        default=0,
        ge=0,
        description="Torch threads of the compute thread. 0: one per CPU this process may use (cgroup "
        "quota and affinity counted) minus one for the rest of the server, at least 1.",
    )
    gil_switch_interval_ms: float = Field(
        default=1.0,
        ge=0,
        description="How soon the compute thread gets the interpreter back from busy threads (Python's "
        "default is 5 ms; a pipeline re-takes it after every operator). 0 keeps Python's default.",
    )
    post_thread_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="How much lower than the compute thread the post-processing thread (safety check, "
        "encoding, storage) runs, in nice steps (Linux), so it never takes the compute thread's core. 0: same.",
    )
    model_memory_gb: float = Field(
        default=8.0,
        gt=0,
        description="Budget of the loaded-model cache, per device (GiB of weights). Left unset, a CUDA card "
        "gets 75% of its memory instead.",
    )
    device_memory_gb: dict[
        Annotated[str, Field(pattern=r"^(cpu|mps|cuda|cuda:\d+|xpu|xpu:\d+)$")], Annotated[float, Field(gt=0)]
    ] = Field(
        default_factory=dict,
        description='Per-device budgets overriding model_memory_gb, e.g. {"cuda:1" = 20} for a smaller card.',
    )
    compile_backend: str = Field(
        default="inductor",
        min_length=1,
        description="torch.compile backend for models with compile = true ('eager': graph capture only, no speed-up).",
    )
    compile_recompile_limit: int = Field(
        default=8,
        ge=1,
        le=64,
        description="Compiled graphs kept per module (one per image shape); further shapes run uncompiled.",
    )
    # Where local-model compute runs (docs/scale-out.md, "Compute on Ray Serve"). Ray settings: per replica.
    executor: Literal["local", "ray"] = Field(default="local", description="local: this process; ray: Ray Serve.")
    ray_address: str = Field(default="auto", description="Ray cluster: auto, host:port (GCS) or ray://host:port.")
    ray_num_gpus: float = Field(default=0, ge=0, description="GPUs per replica (fractions share a GPU).")
    ray_num_cpus: float = Field(default=1, ge=0, description="CPUs per replica.")
    ray_min_replicas: int = Field(default=1, ge=0)
    ray_max_replicas: int = Field(default=1, ge=1)
    ray_target_ongoing_requests: float = Field(default=1, gt=0, description="Autoscaling target per replica.")
    ray_max_ongoing_requests: int = Field(default=4, ge=1, description="Most jobs Serve lets a replica hold.")
    ray_models_per_replica: int = Field(default=2, ge=1, description="Models a replica keeps loaded (LRU).")
    ray_torch_threads: int = Field(default=0, ge=0, description="Torch threads per replica; 0: ray_num_cpus, ≥1.")
    preload: bool = Field(default=True, description="Load the default model at start-up.")
    remote_concurrency: int = Field(default=16, ge=1)

    job_timeout_s: float = Field(default=600, gt=0)
    max_job_attempts: int = Field(default=3, ge=1)
    lease_s: float = Field(default=30, gt=0)
    poll_interval_s: float = Field(default=1.0, gt=0)
    max_wait_s: float = Field(default=60, ge=0)
    url_ttl_s: int = Field(default=3600, gt=0)
    worker_id: str | None = None
    max_queued_per_key: int = Field(default=1000, ge=1, description="Queued+running jobs one key may have.")
    shutdown_grace_s: float = Field(default=10, ge=0, description="How long running jobs may finish at stop.")
    preview_every_steps: int = Field(
        default=5, ge=0, description="Live previews every N denoising steps while someone follows a job; 0: none."
    )
    sse_keepalive_s: float = Field(default=15, gt=0, description="Idle time before an event stream sends a ping.")

    # Client dialects (OpenAI Images, ModelsLab v6, AUTOMATIC1111).
    model_aliases: dict[str, str] = Field(
        default_factory=dict,
        description='Other names for catalog models, e.g. {"dall-e-3": "sdxl-base", "realtime": "sd15"} '
        '("realtime" picks ModelsLab\'s realtime model). Added to the built-in aliases of the ids '
        "third-party clients send by default (dall-e-2/3, gpt-image-1 → the default model; "
        "ultra_resolution → the default upscaler), which they override; GET /v1/models lists them.",
    )
    dialect_timeout_s: float = Field(
        default=600, gt=0, description="How long the synchronous dialects (OpenAI, A1111) wait for a job."
    )
    modelslab_wait_s: float = Field(
        default=10, ge=0, description="How long a ModelsLab generation call holds before answering 'processing'."
    )

    # -- gateway: plans, quotas, budgets, result cache, webhooks, safety, observability ----------------
    plans: dict[str, Plan] = Field(default_factory=default_plans, description="Plans by name.")
    default_plan: str = Field(default="free", description="Plan of keys that have none set.")
    admin_plan: str = Field(default="unlimited", description="Plan of admin keys that have none set.")
    quota_timezone: str = Field(default="UTC", description="IANA zone whose calendar days/months quotas count.")
    rate_limit_storage: str = Field(
        default="memory://",
        description="Where rate-limit windows live: memory:// (this process) or async+redis://host:port/db "
        "(shared by every server process).",
    )
    cache_enabled: bool = Field(default=True, description="Serve repeated seeded requests from the result cache.")
    cache_scope: Literal["key", "global"] = Field(
        default="key", description="Whether cached results are shared between keys ('global') or not."
    )
    cache_ttl_s: int = Field(default=7 * 86400, gt=0)
    webhook_allowlist: list[str] = Field(
        default_factory=list, description="Private addresses webhooks may reach (e.g. 10.0.0.0/8, 127.0.0.1:9000)."
    )
    webhook_timeout_s: float = Field(default=15, gt=0)
    webhook_retry_window_s: float = Field(default=86400, gt=0, description="Retry a delivery this long, then fail.")
    webhook_backoff_base_s: float = Field(default=5, gt=0, description="First retry delay; doubles per attempt.")
    webhook_backoff_max_s: float = Field(default=3600, gt=0)
    webhook_url_ttl_s: int = Field(default=3 * 86400, gt=0, description="Expiry of image URLs inside webhooks.")
    webhook_concurrency: int = Field(default=8, ge=1)
    webhook_secret_grace_s: float = Field(
        default=86400, ge=0, description="After a rotation the old secret also signs for this long."
    )
    safety_enabled: bool = Field(default=True, description="Run the NSFW classifier on every generated image.")
    safety: SafetyPolicy = Field(default_factory=SafetyPolicy, description="Default safety policy of keys.")
    moderation_rules: list[ModerationRule] = Field(default_factory=default_moderation_rules)
    metrics_token: SecretStr | None = Field(default=None, description="If set, /metrics needs this bearer token.")
    log_format: Literal["json", "text"] = "json"
    sweep_interval_s: float = Field(default=10, gt=0, description="How often unsettled jobs are reconciled.")
    test_clock_file: Path | None = Field(
        default=None, description="Tests only (env=test): a file holding the ISO time quotas and budgets see."
    )

    # Image inputs (img2img, inpaint, outpaint, ControlNet, upscale, variation) and LoRA/upscaler choices.
    loras: list[dict[str, Any]] = Field(default_factory=list, description="Inline [[loras]] catalog entries.")
    controlnets: list[dict[str, Any]] = Field(default_factory=list, description="Inline [[controlnets]] entries.")
    annotators: list[dict[str, Any]] = Field(default_factory=list, description="Inline [[annotators]] entries.")
    face_restorers: list[dict[str, Any]] = Field(
        default_factory=list, description="Inline [[face_restorers]] entries (GFPGAN/CodeFormer weights)."
    )
    image_max_bytes: int = Field(default=25 << 20, gt=0, description="Largest image input (decoded or downloaded).")
    max_body_bytes: int = Field(
        default=64 << 20, gt=0, description="Largest request body; a larger one is answered 413 before it is read."
    )
    image_max_pixels: int = Field(
        default=40_000_000, gt=0, description="Largest width×height of an image input; stops decompression bombs."
    )
    image_fetch_timeout_s: float = Field(default=15, gt=0, description="Time cap for downloading an image URL.")
    url_allowlist: list[str] = Field(
        default_factory=list,
        description="Non-public destinations that user-supplied URLs may reach: CIDR networks, hosts, host:port. "
        "Loopback, private, link-local and metadata addresses are refused otherwise.",
    )
    default_upscaler: str | None = Field(default=None, description="Upscaler used when a request names none.")
    max_loras_loaded: int = Field(default=8, ge=1, description="LoRA adapters kept loaded per model.")

    # The model manager: entries added at run time (POST /v1/models), pulled into models_dir.
    models_dir: Path | None = Field(default=None, description="Where pulled models go (default: data_dir/models).")
    models_max_gb: float | None = Field(
        default=None, gt=0, description="Disk budget of models_dir; unused pulled models are evicted past it."
    )
    catalog_refresh_s: float = Field(
        default=2.0, gt=0, description="How often each process looks for catalog changes made by another one."
    )
    model_pulls: bool = Field(default=True, description="Whether this process downloads models being pulled.")
    allow_pickle: bool = Field(
        default=False, description="Accept .ckpt/.pt/.bin (pickle) files, which can run code when loaded."
    )
    hub_endpoint: str | None = Field(
        default=None, description="The Hugging Face hub (or a mirror) to pull from; default: HF_ENDPOINT or the hub."
    )
    hub_token: SecretStr | None = Field(default=None, description="Token for private or gated hub repositories.")
    download_tokens: dict[str, SecretStr] = Field(
        default_factory=dict, description='Bearer tokens for model URLs by host, e.g. {"civitai.com": "…"}.'
    )

    @field_validator("admin_key")
    @classmethod
    def _admin_key_strength(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 20:
            raise ValueError("must be at least 20 characters (it guards every admin action)")
        return value

    @field_validator("devices")
    @classmethod
    def _device_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not re.fullmatch(r"auto|cpu|mps|cuda(:[0-9]+)?", name):
                raise ValueError(f"'{name}' is not a device: use cpu, mps, cuda or cuda:N (or [\"auto\"] alone)")
        if "auto" in value and len(value) > 1:
            raise ValueError('["auto"] stands alone (every CUDA GPU); or list the devices')
        return value

    @model_validator(mode="after")
    def _gateway_settings(self) -> Settings:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        for name in ("default_plan", "admin_plan"):
            if getattr(self, name) not in self.plans:
                raise ValueError(f"{name}: unknown plan '{getattr(self, name)}' (plans: {', '.join(self.plans)})")
        try:
            ZoneInfo(self.quota_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"quota_timezone: unknown time zone '{self.quota_timezone}'") from None
        if not self.rate_limit_storage.startswith(("memory://", "async+redis://", "async+rediss://")):
            raise ValueError("rate_limit_storage: use memory:// or async+redis://host:port/db")
        if self.ray_min_replicas > self.ray_max_replicas:
            raise ValueError("ray_min_replicas: must not exceed ray_max_replicas")
        if self.storage_url is not None and not self.storage_url.startswith("s3://"):
            raise ValueError("storage_url: use s3://bucket/prefix (or leave it unset for the local blob_dir)")
        if self.test_clock_file is not None and self.env != "test":
            raise ValueError("test_clock_file: only allowed with env=test (it lets a file set the clock)")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, toml)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{(self.data_dir / 'imagegate.db').resolve()}"

    @property
    def resolved_blob_dir(self) -> Path:
        return self.blob_dir or self.data_dir / "blobs"

    @property
    def resolved_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"

    @property
    def resolved_worker_id(self) -> str:
        return self.worker_id or f"{socket.gethostname()}-{self.port}"

    def signing_secret(self) -> bytes:
        """The URL-signing secret; in development one is generated and kept in the data folder."""
        if self.secret_key is not None:
            value = self.secret_key.get_secret_value()
            weak = value.lower() in PLACEHOLDER_SECRETS or len(value) < 16
            if weak and self.env == "production":
                raise ConfigError("IMAGEGATE_SECRET_KEY is a placeholder; set a random value of 32+ chars")
            return value.encode()
        if self.env == "production":
            raise ConfigError("IMAGEGATE_SECRET_KEY must be set in production (32+ random characters)")
        path = self.data_dir / ".secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip().encode()


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(f"invalid settings: {describe_errors(exc)}") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {config_file()}: {exc}") from None


def describe_errors(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)
