"""priority rules: a period closed early (day and reason); the decision "replaced"

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-01 21:20:00

The top 3 is a rule (at most `max_priorities` running priorities): a new vote may replace
running priorities, which are closed with the decision "replaced"; a period may be closed early
with a reason, so that a new one can start.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = "decision IN ('continue', 'adjust', 'achieved', 'drop')"
_NEW = "decision IN ('continue', 'adjust', 'achieved', 'drop', 'replaced')"


def upgrade() -> None:
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("closed_reason", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.alter_column("closed_reason", server_default=None)
    with op.batch_alter_table("priority_decision", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_priority_decision_decision"), type_="check")
        batch_op.create_check_constraint(op.f("ck_priority_decision_decision"), sa.text(_NEW))


def downgrade() -> None:
    op.execute("DELETE FROM priority_decision WHERE decision = 'replaced'")
    with op.batch_alter_table("priority_decision", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_priority_decision_decision"), type_="check")
        batch_op.create_check_constraint(op.f("ck_priority_decision_decision"), sa.text(_OLD))
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.drop_column("closed_reason")
        batch_op.drop_column("closed_on")
