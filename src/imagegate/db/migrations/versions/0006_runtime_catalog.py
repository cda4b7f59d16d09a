"""runtime catalog

Models, LoRAs and ControlNets added at run time (``POST /v1/models``), their downloads, and the
revision counter every server process polls to see a change without restart.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import imagegate.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalog_entries",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("origin", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("bytes_done", sa.BigInteger(), nullable=False),
        sa.Column("bytes_total", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("pull_owner", sa.String(length=200), nullable=True),
        sa.Column("pull_lease_expires_at", imagegate.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", imagegate.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", imagegate.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", imagegate.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kind", "id", name=op.f("pk_catalog_entries")),
    )
    op.create_table(
        "catalog_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_revision")),
    )
    op.execute(sa.text("INSERT INTO catalog_revision (id, value) VALUES (1, 0)"))


def downgrade() -> None:
    op.drop_table("catalog_revision")
    op.drop_table("catalog_entries")
