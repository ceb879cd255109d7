"""projector state: what the room's screen shows (the chair's agenda item, shown or blank)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import buurt.db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "projector_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("section", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("shown", sa.Boolean(), nullable=False),
        sa.Column("updated_at", buurt.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "section = '' OR section IN ('opening', 'agenda', 'announcements', 'previous_minutes', 'follow_up', 'situation', 'new_problems', 'vote', 'actions', 'aob', 'next_meeting', 'closing')",
            name=op.f("ck_projector_state_section"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_projector_state_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projector_state")),
    )


def downgrade() -> None:
    op.drop_table("projector_state")
