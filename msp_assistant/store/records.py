"""Plain frozen records the repository returns (never ORM objects, never a session to leak).

Identifiers that must not be logged in full (the MBI, the date of birth) are left out of ``repr``; use
``mbi_last4`` / ``masked_mbi`` when showing or logging which beneficiary it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from msp_assistant.store import enums


def mask_mbi(mbi: str) -> str:
    """All but the last four characters hidden, as the MSPRP masks identifiers: ``*******MK73``."""
    return "*" * max(len(mbi) - 4, 0) + mbi[-4:]


@dataclass(frozen=True)
class BeneficiaryRecord:
    id: int
    mbi: str = field(repr=False)
    first_name: str
    last_name: str
    date_of_birth: date = field(repr=False)
    zip: str = field(repr=False)

    @property
    def mbi_last4(self) -> str:
        return self.mbi[-4:]

    @property
    def masked_mbi(self) -> str:
        return mask_mbi(self.mbi)


@dataclass(frozen=True)
class PartyRecord:
    """A signed-in party; carries no password hash and no TOTP secret (see ``CaseStore.totp_secret``)."""

    id: int
    role: str
    name: str
    username: str
    mfa_enrolled: bool


@dataclass(frozen=True)
class CaseRecord:
    case_id: str
    beneficiary: BeneficiaryRecord
    case_type: str
    debtor: str
    date_of_incident: date
    injury_description: str
    phase: str
    final_conditional_payment_requested_on: date | None
    conditional_payment_notice_on: date | None
    final_conditional_payment_amount: Decimal | None = None
    final_conditional_payment_status: str | None = None

    @property
    def beneficiary_id(self) -> int:
        return self.beneficiary.id

    @property
    def mbi_last4(self) -> str:
        return self.beneficiary.mbi_last4

    @property
    def recovery_contractor(self) -> str:
        """BCRC for case IDs beginning with 2, CRC for 3 (msp-rules.md section 7)."""
        return enums.RECOVERY_CONTRACTOR_BY_FIRST_DIGIT.get(self.case_id[:1], "unknown")


@dataclass(frozen=True)
class AuthorizedCase:
    """A case a party may reach, with the kinds of authorization it holds on it."""

    case: CaseRecord
    authorization_kinds: frozenset[str]


@dataclass(frozen=True)
class AuthorizationRecord:
    id: int
    case_id: str
    party_id: int
    party_name: str
    party_role: str
    kind: str
    received_on: date


@dataclass(frozen=True)
class ClaimRecord:
    id: int
    case_id: str
    claim_number: str
    from_date: date
    to_date: date
    provider: str
    diagnosis_codes: tuple[str, ...]
    amount_paid: Decimal
    status: str


@dataclass(frozen=True)
class DisputeRecord:
    id: int
    case_id: str
    claim_numbers: tuple[str, ...]
    reason: str
    created_at: datetime
    status: str
    conversation_id: str | None


@dataclass(frozen=True)
class SettlementRecord:
    id: int
    case_id: str
    submitted_at: datetime
    conversation_id: str | None
    actor_kind: str
    actor_id: str | None
    answers: dict[str, Any]
    verdict: dict[str, Any]
    estimate: dict[str, Any] | None
    documents_owed: tuple[str, ...]
    confirmation_number: str
    idempotency_key: str


@dataclass(frozen=True)
class CorrespondenceRecord:
    id: int
    case_id: str
    type: str
    direction: str
    date: date
    status: str
    description: str | None


@dataclass(frozen=True)
class RequestRecord:
    id: int
    case_id: str
    kind: str
    received_on: date
    decision: str | None
    decision_on: date | None


@dataclass(frozen=True)
class DemandRecord:
    id: int
    case_id: str
    issued_on: date
    amount: Decimal


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    case_id: str
    purpose: str
    filename: str
    content_type: str
    size: int
    sha256: str
    path: str
    uploaded_at: datetime
    conversation_id: str | None
    deleted: bool


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor_kind: str
    actor_id: str | None
    action: str
    case_id: str | None
    conversation_id: str | None
    allowed: bool
    detail: str | None
