"""Final Conditional Payment: the frozen amount and the process status on the case.

Revision ID: 0002
Revises: 0001
Create Date: 2025-05-01

Requesting the Final Conditional Payment amount freezes the conditional payment amount; the case is
then Active in the process, Complete once settlement information came in time, or Voided when the
settlement fell outside the window (Settlement Information Help; msp-rules.md section 4).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("final_conditional_payment_amount", sa.Numeric(12, 2), nullable=True))
    op.add_column("cases", sa.Column("final_conditional_payment_status", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("final_conditional_payment_status")
        batch.drop_column("final_conditional_payment_amount")
