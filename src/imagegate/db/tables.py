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
    Index(None, "key_id", "created_at"),
)

# ModelsLab clients identify requests by an integer id; this table gives each job created through that
# dialect a durable number (and keeps the delivery options the envelope and the webhook need).
modelslab_requests = Table(
    "modelslab_requests",
    metadata,
    Column("number", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("job_id", String(40), ForeignKey("jobs.id"), nullable=False, unique=True),
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
    Column("updated_at", UTCDateTime, nullable=False),
)
