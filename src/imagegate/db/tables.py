"""Table definitions. The schema is changed only through Alembic migrations in ``migrations/``."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from imagegate.db.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("scopes", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("key_id", String(40), ForeignKey("api_keys.id"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("task", String(20), nullable=False),
    Column("model_id", String(200), nullable=False),
    Column("params", JSON, nullable=False),
    Column("response_format", String(16), nullable=False),
    Column("idempotency_key", String(255), nullable=True),
    Column("request_hash", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("started_at", UTCDateTime, nullable=True),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("lease_owner", String(200), nullable=True),
    Column("lease_expires_at", UTCDateTime, nullable=True),
    Column("cancel_requested", Boolean, nullable=False, default=False),
    Column("timeout_s", Float, nullable=True),
    Column("progress_step", Integer, nullable=False, default=0),
    Column("progress_total", Integer, nullable=False, default=0),
    Column("error_code", String(64), nullable=True),
    Column("error_message", Text, nullable=True),
    Column("result", JSON, nullable=False),
    UniqueConstraint("key_id", "idempotency_key"),
    Index(None, "status", "created_at"),
    Index(None, "key_id", "created_at"),
)

images = Table(
    "images",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("job_id", String(40), ForeignKey("jobs.id"), nullable=False, index=True),
    Column("key_id", String(40), nullable=False),
    Column("index", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("content_type", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("seed", BigInteger, nullable=True),
    Column("size_bytes", Integer, nullable=False),
    Column("nsfw_content_detected", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
)

usage_ledger = Table(
    "usage_ledger",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", String(40), nullable=False, unique=True),
    Column("key_id", String(40), nullable=False),
    Column("model_id", String(200), nullable=False),
    Column("task", String(20), nullable=False),
    Column("status", String(16), nullable=False),
    Column("images", Integer, nullable=False),
    Column("megapixel_steps", Float, nullable=False),
    Column("compute_s", Float, nullable=False),
    Column("cost", Float, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("cached", Boolean, nullable=False, server_default=false()),
    Index(None, "key_id", "created_at"),
)

# ModelsLab clients identify requests by an integer id; this table gives each job created through that
# dialect a durable number (and keeps the delivery options the envelope and the webhook need). The
# number is taken just before the job is created (its webhook body needs it from the job's first
# moment), so ``job_id`` is not a foreign key; a request that is refused deletes its row.
modelslab_requests = Table(
    "modelslab_requests",
    metadata,
    Column("number", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("job_id", String(40), nullable=False, unique=True),
    Column("family", String(20), nullable=False),
    Column("webhook", Text, nullable=True),
    Column("track_id", String(255), nullable=True),
    Column("options", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# AUTOMATIC1111's POST /sdapi/v1/options is global there; here each key keeps its own checkpoint choice.
a1111_options = Table(
    "a1111_options",
    metadata,
    Column("key_id", String(40), ForeignKey("api_keys.id"), primary_key=True),
    Column("sd_model_checkpoint", String(200), nullable=True),
    # Every other option a client set (A1111's UI preferences such as send_seed), returned as set.
    Column("options", JSON, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

# -- gateway: plans and policies per key, quota/budget counters, result cache, webhooks ---------------

key_policies = Table(
    "key_policies",
    metadata,
    Column("key_id", String(40), ForeignKey("api_keys.id"), primary_key=True),
    Column("plan", String(64), nullable=True),  # None: the server's default plan
    Column("budget_daily", Float, nullable=True),
    Column("budget_monthly", Float, nullable=True),
    Column("safety", JSON, nullable=True),  # a SafetyPolicy; None: the server's defaults
    Column("alert_webhook", Text, nullable=True),
    Column("webhook_secret", String(100), nullable=True),
    Column("webhook_secret_previous", String(100), nullable=True),
    Column("webhook_secret_previous_until", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

# One row per (key, calendar window, metric): images per day, cost per day / month (in nano-units of
# the currency, integers, so that a budget that fits exactly N jobs admits exactly N).
allowance_counters = Table(
    "allowance_counters",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("period", String(24), primary_key=True),
    Column("metric", String(16), primary_key=True),
    Column("used", BigInteger, nullable=False),
    Column("reserved", BigInteger, nullable=False),
)

# What admission decided for a job beyond its generation parameters; doubles as its reservation.
job_gateway = Table(
    "job_gateway",
    metadata,
    Column("job_id", String(40), primary_key=True),
    Column("key_id", String(40), nullable=False),
    Column("model_id", String(200), nullable=False),
    Column("cache_key", String(64), nullable=True),
    Column("webhook", Text, nullable=True),
    Column("webhook_events", JSON, nullable=True),
    Column("track_id", String(200), nullable=True),
    Column("safety", JSON, nullable=False),
    Column("reservations", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finalized_at", UTCDateTime, nullable=True),
    Index(None, "finalized_at", "created_at"),
    Index(None, "cache_key"),
)

result_cache = Table(
    "result_cache",
    metadata,
    Column("cache_key", String(64), primary_key=True),
    Column("model_id", String(200), nullable=False),
    Column("source_job_id", String(40), nullable=False),
    Column("images", JSON, nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

webhook_messages = Table(
    "webhook_messages",
    metadata,
    Column("id", String(40), primary_key=True),  # msg_…, sent as webhook-id (the same on every retry)
    Column("key_id", String(40), nullable=False),
    Column("job_id", String(40), nullable=True),
    Column("event", String(40), nullable=False),
    Column("url", Text, nullable=False),
    Column("body", Text, nullable=False),  # the exact bytes that are signed and sent
    Column("status", String(16), nullable=False),  # pending, delivering, delivered, failed, disabled
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("lease_expires_at", UTCDateTime, nullable=True),
    Column("last_status_code", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Index(None, "status", "next_attempt_at"),
    Index(None, "key_id", "created_at"),
    Index(None, "job_id"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_id", String(40), ForeignKey("webhook_messages.id"), nullable=False, index=True),
    Column("attempt", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("error", Text, nullable=True),
    Column("duration_ms", Float, nullable=False),
)

# Endpoints that answered 410 Gone: nothing more is sent to them until they are enabled again.
webhook_endpoints_disabled = Table(
    "webhook_endpoints_disabled",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("url_hash", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("disabled_at", UTCDateTime, nullable=False),
)

budget_alerts = Table(
    "budget_alerts",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("period", String(24), primary_key=True),
    Column("threshold", Integer, primary_key=True),  # percent: 80 or 100
    Column("spent", Float, nullable=False),
    Column("budget", Float, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# The catalog entries added at run time (models, LoRAs, ControlNets), beside the read-only file
# catalog; written only by ``catalog.store.CatalogStore``. A pulled entry carries its download:
# status, bytes so far, the process downloading it (under a lease) and where its files went.
catalog_entries = Table(
    "catalog_entries",
    metadata,
    Column("kind", String(16), primary_key=True),  # model | lora | controlnet
    Column("id", String(200), primary_key=True),
    Column("spec", JSON, nullable=False),
    Column("origin", JSON, nullable=True),  # where a pulled entry comes from
    Column("status", String(16), nullable=False),  # downloading | ready | failed
    Column("bytes_done", BigInteger, nullable=False, default=0),
    Column("bytes_total", BigInteger, nullable=True),
    Column("error", Text, nullable=True),
    Column("path", Text, nullable=True),  # the folder holding pulled files (evictable)
    Column("size_bytes", BigInteger, nullable=False, default=0),
    Column("pull_owner", String(200), nullable=True),
    Column("pull_lease_expires_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=True),
)

# One row: a counter every write to catalog_entries bumps, so each server process sees a change
# with one tiny read per refresh interval instead of re-reading the entries.
catalog_revision = Table(
    "catalog_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
)
