"""Disputing claims in the conditional payment amount (MSPRP "View/Dispute Claims Listing").

Sources: MSPRP "View/Dispute Claims Listing Help" (when the action is available), "Claims Listing"
(who may dispute; Consent to Release holders may only view), "disputeVerification" (one dispute per
claim in the Final Conditional Payment process; an explanation of up to 500 characters and/or
documents). msp-rules.md section 6.

Unresolved in the sources: a CRC presentation says applicable plans have "one opportunity" to
dispute before the demand, against the MSPRP's "unlimited number of disputes"; we follow the MSPRP
(no limit outside the Final Conditional Payment process).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Optional

from rules_engine import citations
from rules_engine.facts import FCP_ACTIVE_STATUSES, CaseStatus, FcpStatus
from rules_engine.formatting import format_money
from rules_engine.parameters import value_on
from rules_engine.parties import Contractor, Requester, check_case_record, may_act_on_case
from rules_engine.verdict import Verdict, Violation

#: Case statuses in which the dispute action is offered: "Open and Active" or "Demanded".
_DISPUTABLE_STATUSES = ("open", "demand")
#: Final Conditional Payment statuses in which a BCRC case may still be disputed.
_DISPUTABLE_FCP_STATUSES = ("complete", "pending_nos")


@dataclass(frozen=True)
class DisputeFacts:
    """What the dispute rules read: the case record and the dispute being prepared."""

    contractor: Contractor
    requester: Requester
    case_status: CaseStatus
    current_cp_amount: Decimal
    cpn_or_cpl_issued: bool
    authorization_verified: bool = False
    fcp_status: Optional[FcpStatus] = None
    claim_already_disputed_in_fcp: bool = False
    explanation: str = ""
    documents_uploaded: bool = False

    def __post_init__(self) -> None:
        check_case_record("DisputeFacts", self.contractor, self.requester, self.case_status, self.fcp_status)


def _case(code: str, message: str, citation: str = citations.VIEW_DISPUTE) -> Violation:
    return Violation("case", code, message, citation)


def dispute_status_allows(facts: DisputeFacts) -> Optional[Violation]:
    """Available when the case is Open and Active or Demanded, or (BCRC, Final Conditional Payment)
    Complete or Pending NOS (View/Dispute Claims Listing Help)."""
    if facts.case_status in _DISPUTABLE_STATUSES:
        return None
    if facts.contractor == "bcrc" and facts.fcp_status in _DISPUTABLE_FCP_STATUSES:
        return None
    return _case("case_status", f"Claims can't be disputed while the case status is"
                 f" {facts.case_status.replace('_', ' ')}.")


def requester_may_dispute(facts: DisputeFacts) -> Optional[Violation]:
    """BCRC: the beneficiary, the debtor, or a verified POR or RAA; CRC: the debtor or a verified RAA.
    Consent to Release holders can view claims but cannot dispute them (Claims Listing)."""
    if may_act_on_case(facts.contractor, facts.requester, facts.authorization_verified):
        return None
    return _case("not_authorized", "Only the beneficiary, the debtor, or a representative with a verified"
                 " authorization can dispute claims; a Consent to Release only lets you view them.",
                 citations.CLAIMS_LISTING)


def conditional_payments_above_floor(facts: DisputeFacts, today: date) -> Optional[Violation]:
    """The Current CP Amount is greater than $0.00 (parameter ``dispute_minimum_cp_amount``)."""
    floor = value_on("dispute_minimum_cp_amount", today)
    if facts.current_cp_amount > floor:
        return None
    return _case("no_conditional_payments", f"There is nothing to dispute: the current conditional payment"
                 f" amount is {format_money(facts.current_cp_amount)}.")


def conditional_payment_notice_issued(facts: DisputeFacts) -> Optional[Violation]:
    """A Conditional Payment Notice (CPN) or Conditional Payment Letter (CPL) has been issued."""
    if facts.cpn_or_cpl_issued:
        return None
    return _case("no_cpn_or_cpl", "Claims can be disputed once a conditional payment letter or notice has been issued.")


def fcp_claim_disputed_once(facts: DisputeFacts) -> Optional[Violation]:
    """In the Final Conditional Payment process each claim or line item can be disputed only once
    (disputeVerification)."""
    if facts.fcp_status not in FCP_ACTIVE_STATUSES or not facts.claim_already_disputed_in_fcp:
        return None
    return _case("fcp_claim_already_disputed", "In the Final Conditional Payment process each claim can be"
                 " disputed only once, and this one already was.", citations.DISPUTE_VERIFICATION)


def dispute_is_explained(facts: DisputeFacts, today: date) -> Optional[Violation]:
    """An explanation is required: free text of at most 500 characters and/or uploaded documents
    (disputeVerification; parameter ``dispute_explanation_max_characters``)."""
    limit = value_on("dispute_explanation_max_characters", today)
    text = facts.explanation.strip()
    if len(text) > limit:
        return _case("explanation_too_long", f"The explanation can be at most {limit} characters; it has"
                     f" {len(text)}. Shorten it or upload a document instead.", citations.DISPUTE_VERIFICATION)
    if text or facts.documents_uploaded:
        return None
    return _case("explanation_missing", "Please say why the claim is not related to the injury, or upload a"
                 " document that shows it.", citations.DISPUTE_VERIFICATION)


def check_dispute_eligibility(facts: DisputeFacts, *, today: date) -> Verdict:
    """Every condition for disputing a claim; each failing one is a violation with field "case"."""
    return Verdict.of([
        dispute_status_allows(facts),
        requester_may_dispute(facts),
        conditional_payments_above_floor(facts, today),
        conditional_payment_notice_issued(facts),
        fcp_claim_disputed_once(facts),
        dispute_is_explained(facts, today),
    ])
