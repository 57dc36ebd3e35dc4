"""SQLAlchemy 1.4 ORM models of the case store (queried 2.0-style: ``select()`` and ``Session(future=True)``).

The tables live in the same database as Rasa's ``events`` table; they never touch it. Schema changes
go through the Alembic migrations next to this module (``migrations/``), which must match these models
(tests compare them).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator, TypeEngine

from msp_assistant.store import enums

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
Base = declarative_base(metadata=metadata)

CENT = Decimal("0.01")


class Money(TypeDecorator):
    """Money: NUMERIC(12, 2) in the database, always a Decimal with two places in Python.

    PostgreSQL hands back Decimals. SQLite has no decimal type and keeps a REAL; it is read as a float
    and turned into a Decimal through its shortest text, which is exact for 12 significant digits
    (so no SQLAlchemy warning about lossy Decimal conversion is needed either).
    """

    impl = Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(Numeric(12, 2, asdecimal=dialect.name != "sqlite"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (value if isinstance(value, Decimal) else Decimal(repr(float(value)))).quantize(CENT)


MONEY = Money()
CASE_ID = String(15)


def choice(name: str, values: tuple[str, ...]) -> Enum:
    """A string column limited to ``values`` by a CHECK constraint (no native enum types, so SQLite and
    PostgreSQL behave alike and a new value is a plain migration)."""
    return Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


class Beneficiary(Base):
    """A Medicare beneficiary; the MBI is stored normalised (11 characters, no dashes, upper case)."""

    __tablename__ = "beneficiaries"
    id = Column(Integer, primary_key=True)
    mbi = Column(String(11), nullable=False, unique=True)
    first_name = Column(String(100), nullable=False)
    last_name = Column(String(100), nullable=False)
    date_of_birth = Column(Date, nullable=False)
    zip = Column(String(10), nullable=False)

    cases = relationship("Case", back_populates="beneficiary")


class Party(Base):
    """An attorney, insurer or help-desk agent who signs in; the password is an argon2 hash, never plain."""

    __tablename__ = "parties"
    id = Column(Integer, primary_key=True)
    role = Column(choice("role", enums.PARTY_ROLES), nullable=False)
    name = Column(String(200), nullable=False)
    username = Column(String(100), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    #: Base32 TOTP secret of the enrolled authenticator app (msp-rules.md section 8, MFA); None until enrolled.
    totp_secret = Column(String(64), nullable=True)


class Case(Base):
    """An MSPRP recovery case, keyed by its 15-digit case ID (msp-rules.md section 7)."""

    __tablename__ = "cases"
    case_id = Column(CASE_ID, primary_key=True)
    beneficiary_id = Column(Integer, ForeignKey("beneficiaries.id"), nullable=False, index=True)
    case_type = Column(choice("case_type", enums.CASE_TYPES), nullable=False)
    debtor = Column(choice("debtor", enums.DEBTORS), nullable=False)
    date_of_incident = Column(Date, nullable=False)
    injury_description = Column(Text, nullable=False)
    phase = Column(choice("phase", enums.CASE_PHASES), nullable=False)
    final_conditional_payment_requested_on = Column(Date, nullable=True)
    #: The conditional payment amount frozen by the Final Conditional Payment request (migration 0002).
    final_conditional_payment_amount = Column(MONEY, nullable=True)
    #: One of enums.FCP_STATUSES once requested; None before (migration 0002).
    final_conditional_payment_status = Column(String(10), nullable=True)
    #: Date the Conditional Payment Letter (BCRC) or Notice (CRC) was issued, if one was.
    conditional_payment_notice_on = Column(Date, nullable=True)

    beneficiary = relationship("Beneficiary", back_populates="cases")


class Authorization(Base):
    """A Proof of Representation, Consent to Release or Letter of Authority a party holds on a case."""

    __tablename__ = "authorizations"
    __table_args__ = (UniqueConstraint("case_id", "party_id", "kind", name="uq_authorizations_case_party_kind"),)
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False)
    party_id = Column(Integer, ForeignKey("parties.id"), nullable=False, index=True)
    kind = Column(choice("kind", enums.AUTHORIZATION_KINDS), nullable=False)
    received_on = Column(Date, nullable=False)

    party = relationship("Party")


dispute_claims = Table(
    "dispute_claims",
    metadata,
    Column("dispute_id", Integer, ForeignKey("disputes.id"), primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), primary_key=True),
)


class Claim(Base):
    """A Medicare claim in the conditional payment amount (MSPRP Claims Listing)."""

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("case_id", "claim_number", name="uq_claims_case_claim_number"),)
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False)
    claim_number = Column(String(30), nullable=False)
    from_date = Column(Date, nullable=False)
    to_date = Column(Date, nullable=False)
    provider = Column(String(200), nullable=False)
    diagnosis_codes = Column(JSON, nullable=False)
    amount_paid = Column(MONEY, nullable=False)
    status = Column(choice("status", enums.CLAIM_STATUSES), nullable=False)


class Dispute(Base):
    """A dispute of claims as unrelated, submitted in a conversation (msp-rules.md section 6)."""

    __tablename__ = "disputes"
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False, index=True)
    reason = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    status = Column(choice("status", enums.DISPUTE_STATUSES), nullable=False)
    conversation_id = Column(String(255), nullable=True)

    claims = relationship("Claim", secondary=dispute_claims, order_by="Claim.claim_number")


class Settlement(Base):
    """A Notice of Settlement as submitted: every answer, the verdict and estimate the engine gave."""

    __tablename__ = "settlements"
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False, index=True)
    submitted_at = Column(DateTime(timezone=True), nullable=False)
    conversation_id = Column(String(255), nullable=True)
    actor_kind = Column(choice("actor_kind", enums.ACTOR_KINDS), nullable=False)
    actor_id = Column(String(64), nullable=True)
    answers = Column(JSON, nullable=False)
    verdict = Column(JSON, nullable=False)
    estimate = Column(JSON, nullable=True)
    documents_owed = Column(JSON, nullable=False)
    confirmation_number = Column(String(40), nullable=False, unique=True)
    #: One submission, however many times the client retries it.
    idempotency_key = Column(String(128), nullable=False, unique=True)


class Correspondence(Base):
    """A letter sent or received on a case, as the MSPRP correspondence status page lists it."""

    __tablename__ = "correspondence"
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False, index=True)
    type = Column(String(100), nullable=False)
    direction = Column(choice("direction", enums.DIRECTIONS), nullable=False)
    date = Column(Date, nullable=False)
    status = Column(String(100), nullable=False)
    description = Column(Text, nullable=True)


class Request(Base):
    """A waiver, compromise or redetermination request: received date, decision and decision date."""

    __tablename__ = "requests"
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False, index=True)
    kind = Column(choice("kind", enums.REQUEST_KINDS), nullable=False)
    received_on = Column(Date, nullable=False)
    decision = Column(String(200), nullable=True)
    decision_on = Column(Date, nullable=True)


class DemandLetter(Base):
    """A demand letter; payment is due 60 days from its date (msp-rules.md section 5)."""

    __tablename__ = "demand_letters"
    __table_args__ = (UniqueConstraint("case_id", "issued_on", name="uq_demand_letters_case_issued_on"),)
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False)
    issued_on = Column(Date, nullable=False)
    amount = Column(MONEY, nullable=False)


class Document(Base):
    """An uploaded document (settlement papers, dispute evidence, authorizations); the bytes live at ``path``."""

    __tablename__ = "documents"
    id = Column(Integer, primary_key=True)
    case_id = Column(CASE_ID, ForeignKey("cases.case_id"), nullable=False, index=True)
    purpose = Column(String(100), nullable=False)
    filename = Column(String(255), nullable=False)
    content_type = Column(String(100), nullable=False)
    size = Column(Integer, nullable=False)
    sha256 = Column(String(64), nullable=False)
    path = Column(String(1024), nullable=False)
    uploaded_at = Column(DateTime(timezone=True), nullable=False)
    conversation_id = Column(String(255), nullable=True)
    deleted = Column(Boolean, nullable=False, default=False)


class AuditEntry(Base):
    """One case access, allowed or refused. Append-only: database triggers refuse UPDATE and DELETE.

    ``case_id`` is not a foreign key: refusals for case IDs that do not exist are audited too. No full MBI
    is ever written here (the repository masks any MBI-shaped text in ``detail``).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_case_id_at", "case_id", "at"),)
    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False)
    actor_kind = Column(choice("actor_kind", enums.ACTOR_KINDS), nullable=False)
    actor_id = Column(String(64), nullable=True)
    action = Column(String(100), nullable=False)
    case_id = Column(String(32), nullable=True)
    conversation_id = Column(String(255), nullable=True, index=True)
    allowed = Column(Boolean, nullable=False)
    detail = Column(Text, nullable=True)


__all__ = [
    "AuditEntry",
    "Authorization",
    "Base",
    "Beneficiary",
    "Case",
    "Claim",
    "Correspondence",
    "DemandLetter",
    "Dispute",
    "Document",
    "Party",
    "Request",
    "Settlement",
    "dispute_claims",
    "metadata",
]
