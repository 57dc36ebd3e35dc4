"""Initial case store: beneficiaries, parties, authorizations, cases, claims, disputes, settlements,
correspondence, requests, demand letters, documents and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2025-05-01

Written out by hand (frozen: values are literal here, not imported from the models). Rasa's ``events``
table in the same database is never touched.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CASE_ID = sa.String(15)
MONEY = sa.Numeric(12, 2)


def choice(table: str, column: str, values: tuple[str, ...], nullable: bool = False) -> tuple[sa.Column, sa.CheckConstraint]:
    """A string column limited to ``values`` and its CHECK constraint (named as the models' convention names it)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return (
        sa.Column(column, sa.String(max(map(len, values))), nullable=nullable),
        sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(f"ck_{table}_{column}")),
    )


def fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred_table, referred_column = target.split(".")
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred_table}")
    )


def case_column() -> sa.Column:
    return sa.Column("case_id", CASE_ID, nullable=False)


AUDIT_APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]
AUDIT_APPEND_ONLY_POSTGRESQL = [
    """CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "beneficiaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mbi", sa.String(11), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("zip", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_beneficiaries")),
        sa.UniqueConstraint("mbi", name=op.f("uq_beneficiaries_mbi")),
    )
    op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        *choice("parties", "role", ("attorney", "insurer", "agent")),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("totp_secret", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("username", name=op.f("uq_parties_username")),
    )
    op.create_table(
        "cases",
        sa.Column("case_id", CASE_ID, nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        *choice("cases", "case_type", ("liability", "no_fault", "workers_compensation")),
        *choice("cases", "debtor", ("beneficiary", "applicable_plan")),
        sa.Column("date_of_incident", sa.Date(), nullable=False),
        sa.Column("injury_description", sa.Text(), nullable=False),
        *choice("cases", "phase", ("conditional_payment", "final_conditional_payment", "demand", "closed")),
        sa.Column("final_conditional_payment_requested_on", sa.Date(), nullable=True),
        sa.Column("conditional_payment_notice_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_cases")),
        fk("cases", "beneficiary_id", "beneficiaries.id"),
    )
    op.create_index(op.f("ix_cases_beneficiary_id"), "cases", ["beneficiary_id"])
    op.create_table(
        "authorizations",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        sa.Column("party_id", sa.Integer(), nullable=False),
        *choice(
            "authorizations", "kind", ("proof_of_representation", "consent_to_release", "letter_of_authority")
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorizations")),
        fk("authorizations", "case_id", "cases.case_id"),
        fk("authorizations", "party_id", "parties.id"),
        sa.UniqueConstraint("case_id", "party_id", "kind", name=op.f("uq_authorizations_case_party_kind")),
    )
    op.create_index(op.f("ix_authorizations_party_id"), "authorizations", ["party_id"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        sa.Column("claim_number", sa.String(30), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("provider", sa.String(200), nullable=False),
        sa.Column("diagnosis_codes", sa.JSON(), nullable=False),
        sa.Column("amount_paid", MONEY, nullable=False),
        *choice("claims", "status", ("related", "disputed", "removed")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        fk("claims", "case_id", "cases.case_id"),
        sa.UniqueConstraint("case_id", "claim_number", name=op.f("uq_claims_case_claim_number")),
    )
    op.create_table(
        "disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *choice("disputes", "status", ("submitted", "accepted", "denied")),
        sa.Column("conversation_id", sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputes")),
        fk("disputes", "case_id", "cases.case_id"),
    )
    op.create_index(op.f("ix_disputes_case_id"), "disputes", ["case_id"])
    op.create_table(
        "dispute_claims",
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dispute_id", "claim_id", name=op.f("pk_dispute_claims")),
        fk("dispute_claims", "dispute_id", "disputes.id"),
        fk("dispute_claims", "claim_id", "claims.id"),
    )
    op.create_table(
        "settlements",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=True),
        *choice("settlements", "actor_kind", ("anonymous", "beneficiary", "party", "system")),
        sa.Column("actor_id", sa.String(64), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("verdict", sa.JSON(), nullable=False),
        sa.Column("estimate", sa.JSON(), nullable=True),
        sa.Column("documents_owed", sa.JSON(), nullable=False),
        sa.Column("confirmation_number", sa.String(40), nullable=False),
        sa.Column("idempotency_key", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlements")),
        fk("settlements", "case_id", "cases.case_id"),
        sa.UniqueConstraint("confirmation_number", name=op.f("uq_settlements_confirmation_number")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_settlements_idempotency_key")),
    )
    op.create_index(op.f("ix_settlements_case_id"), "settlements", ["case_id"])
    op.create_table(
        "correspondence",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        sa.Column("type", sa.String(100), nullable=False),
        *choice("correspondence", "direction", ("sent", "received")),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correspondence")),
        fk("correspondence", "case_id", "cases.case_id"),
    )
    op.create_index(op.f("ix_correspondence_case_id"), "correspondence", ["case_id"])
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        *choice("requests", "kind", ("waiver", "compromise", "redetermination")),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(200), nullable=True),
        sa.Column("decision_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        fk("requests", "case_id", "cases.case_id"),
    )
    op.create_index(op.f("ix_requests_case_id"), "requests", ["case_id"])
    op.create_table(
        "demand_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_letters")),
        fk("demand_letters", "case_id", "cases.case_id"),
        sa.UniqueConstraint("case_id", "issued_on", name=op.f("uq_demand_letters_case_issued_on")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        case_column(),
        sa.Column("purpose", sa.String(100), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        fk("documents", "case_id", "cases.case_id"),
    )
    op.create_index(op.f("ix_documents_case_id"), "documents", ["case_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *choice("audit_log", "actor_kind", ("anonymous", "beneficiary", "party", "system")),
        sa.Column("actor_id", sa.String(64), nullable=True),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("case_id", sa.String(32), nullable=True),
        sa.Column("conversation_id", sa.String(255), nullable=True),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_case_id_at", "audit_log", ["case_id", "at"])
    op.create_index(op.f("ix_audit_log_conversation_id"), "audit_log", ["conversation_id"])
    dialect = op.get_bind().dialect.name
    for statement in AUDIT_APPEND_ONLY_POSTGRESQL if dialect == "postgresql" else AUDIT_APPEND_ONLY_SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.drop_table("audit_log")
    for table in (
        "documents",
        "demand_letters",
        "requests",
        "correspondence",
        "settlements",
        "dispute_claims",
        "disputes",
        "claims",
        "authorizations",
        "cases",
        "parties",
        "beneficiaries",
    ):
        op.drop_table(table)
