"""Everything known about one case, read once from the case store, and the facts the rules engine
reads derived from it (case status, Final Conditional Payment status, who is asking, amounts).

The store keeps a case's ``phase`` (conditional_payment, final_conditional_payment, demand, closed);
the rules engine speaks the MSPRP's case statuses (open, demand, closed) and FCP statuses. This is the
one place that translates between them.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from msp_assistant.access import CaseAccess, Viewer, case_access
from msp_assistant.store.records import (
    AuthorizationRecord,
    CaseRecord,
    ClaimRecord,
    CorrespondenceRecord,
    DemandRecord,
    DisputeRecord,
    RequestRecord,
)
from msp_assistant.store.repository import CaseStore

ZERO = Decimal("0.00")
CASE_STATUS_BY_PHASE = {
    "conditional_payment": "open",
    "final_conditional_payment": "open",
    "demand": "demand",
    "closed": "closed",
}
"""MSPRP case status for each store phase: the FCP process runs while the case is Open and Active."""

CP_LETTER_TYPES = ("conditional_payment_letter", "conditional_payment_notice")
DEMAND_INITIATION = "demand_letter_request"


def type_code(correspondence_type: str) -> str:
    """"Conditional Payment Letter" and "conditional_payment_letter" name the same kind of letter."""
    return "_".join(correspondence_type.lower().split())


@dataclass(frozen=True)
class CaseState:
    case: CaseRecord
    authorizations: tuple[AuthorizationRecord, ...]
    claims: tuple[ClaimRecord, ...]
    disputes: tuple[DisputeRecord, ...]
    correspondence: tuple[CorrespondenceRecord, ...]
    requests: tuple[RequestRecord, ...]
    demand: Optional[DemandRecord]

    @classmethod
    def load(cls, store: CaseStore, case_id: str) -> Optional["CaseState"]:
        case = store.case(case_id)
        if case is None:
            return None
        return cls(
            case=case,
            authorizations=tuple(store.authorizations(case_id)),
            claims=tuple(store.claims(case_id)),
            disputes=tuple(store.disputes(case_id)),
            correspondence=tuple(store.correspondence(case_id)),
            requests=tuple(store.requests(case_id)),
            demand=store.demand(case_id),
        )

    # --- amounts ------------------------------------------------------------------------------

    @property
    def counted_claims(self) -> tuple[ClaimRecord, ...]:
        """Claims in the current conditional payment amount: related ones and those still in dispute
        (a disputed claim stays in the amount until the dispute is accepted)."""
        return tuple(c for c in self.claims if c.status in ("related", "disputed"))

    @property
    def conditional_payment_amount(self) -> Decimal:
        return sum((c.amount_paid for c in self.counted_claims), ZERO)

    @property
    def disputed_claims(self) -> tuple[ClaimRecord, ...]:
        return tuple(c for c in self.claims if c.status == "disputed")

    @property
    def disputed_amount(self) -> Decimal:
        return sum((c.amount_paid for c in self.disputed_claims), ZERO)

    # --- statuses the rules engine reads ----------------------------------------------------------

    @property
    def case_status(self) -> str:
        return CASE_STATUS_BY_PHASE[self.case.phase]

    @property
    def fcp_status(self) -> Optional[str]:
        """None before a request; an imported case in the process without a status counts as active."""
        if self.case.final_conditional_payment_requested_on is None:
            return None
        return self.case.final_conditional_payment_status or "active"

    @property
    def frozen_amount(self) -> Optional[Decimal]:
        """The Final Conditional Payment amount, while the process is not voided."""
        if self.fcp_status in (None, "voided"):
            return None
        return self.case.final_conditional_payment_amount or self.conditional_payment_amount

    @property
    def contractor(self) -> str:
        """BCRC case IDs begin with 2, CRC recovery IDs with 3 (msp-rules.md section 7)."""
        return "crc" if self.case.case_id.startswith("3") else "bcrc"

    @property
    def cp_letter(self) -> Optional[CorrespondenceRecord]:
        """The latest conditional payment letter (BCRC) or notice (CRC) sent on the case."""
        letters = [c for c in self.correspondence if type_code(c.type) in CP_LETTER_TYPES and c.direction == "sent"]
        return letters[-1] if letters else None

    @property
    def cp_letter_issued(self) -> bool:
        return self.cp_letter is not None or self.case.conditional_payment_notice_on is not None

    @property
    def demand_requested(self) -> bool:
        return self.demand is not None or any(type_code(c.type) == DEMAND_INITIATION for c in self.correspondence)

    def last_correspondence(self, direction: str) -> Optional[CorrespondenceRecord]:
        matching = [c for c in self.correspondence if c.direction == direction]
        return matching[-1] if matching else None

    # --- who is asking ------------------------------------------------------------------------------

    def access(self, viewer: Viewer) -> CaseAccess:
        return case_access(viewer, self.case, self.authorizations)

    def requester(self, viewer: Viewer) -> str:
        """The rules engine's requester for this viewer: beneficiary, por, raa, ctr or other."""
        if viewer.kind == "beneficiary" and viewer.beneficiary_id == self.case.beneficiary_id:
            return "beneficiary"
        if viewer.party is None:
            return "other"
        held = {a.kind for a in self.authorizations if a.party_id == viewer.party.party_id}
        for kind, requester in (("proof_of_representation", "por"), ("letter_of_authority", "raa"),
                                ("consent_to_release", "ctr")):
            if kind in held:
                return requester
        return "other"
