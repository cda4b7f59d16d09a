"""a1111 options

AUTOMATIC1111 clients set options beyond the checkpoint (UI preferences such as ``send_seed``) and
read them back: they are kept per key, as set, in ``a1111_options.options``.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("a1111_options", schema=None) as batch_op:
        batch_op.add_column(sa.Column("options", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("a1111_options", schema=None) as batch_op:
        batch_op.drop_column("options")
