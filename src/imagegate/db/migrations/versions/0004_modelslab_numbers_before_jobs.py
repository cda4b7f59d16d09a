"""modelslab numbers before jobs

A ModelsLab request is numbered just before its job is created (the job's webhook body carries the
number), so ``modelslab_requests.job_id`` can no longer reference ``jobs``.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("modelslab_requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_modelslab_requests_job_id_jobs"), type_="foreignkey")


def downgrade() -> None:
    # Numbers of requests that never became jobs (a crash between the two writes) would break the key.
    op.execute("DELETE FROM modelslab_requests WHERE job_id NOT IN (SELECT id FROM jobs)")
    with op.batch_alter_table("modelslab_requests", schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f("fk_modelslab_requests_job_id_jobs"), "jobs", ["job_id"], ["id"])
