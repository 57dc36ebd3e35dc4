"""The MSPRP "Initiate Demand Letter" action: when a user may ask for the demand early.

Source for every condition: MSPRP "What is Initiate Demand Letter",
https://cob.cms.hhs.gov/MSPRP/assets/msprp/case/WhatIsInitiateDemand.htm (msp-rules.md section 5):
"agree early with the Conditional Payment Amount identified in the CPN and trigger the issuance of
the demand".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from rules_engine import citations
from rules_engine.facts import FCP_ACTIVE_STATUSES, CaseStatus, FcpStatus
from rules_engine.parties import Contractor, Requester, check_case_record, may_act_on_case
from rules_engine.verdict import Verdict, Violation

_DEMAND_STATUSES = ("demand", "demand_in_progress", "closed")


@dataclass(frozen=True)
class DemandRequestFacts:
    """What the Initiate Demand Letter conditions read (from the case record)."""

    contractor: Contractor
    requester: Requester
    case_status: CaseStatus
    cpn_mailed: bool
    authorization_verified: bool = False
    fcp_status: Optional[FcpStatus] = None
    duplicate_claims: bool = False
    pending_disputes: int = 0
    unresolved_correspondence: bool = False
    demand_previously_requested: bool = False
    demand_mailed_in_error: bool = False

    def __post_init__(self) -> None:
        check_case_record("DemandRequestFacts", self.contractor, self.requester, self.case_status, self.fcp_status)


def _case(code: str, message: str) -> Violation:
    return Violation("case", code, message, citations.INITIATE_DEMAND)


def requester_may_initiate(facts: DemandRequestFacts) -> Optional[Violation]:
    """Who: BCRC cases, the beneficiary, the debtor, or a verified POR or RAA; CRC cases, the debtor or
    an insurer representative with a verified RAA."""
    if may_act_on_case(facts.contractor, facts.requester, facts.authorization_verified):
        return None
    return _case("not_authorized", "Only the beneficiary, the debtor, or a representative with a verified"
                 " authorization can ask for the demand letter on this case.")


def no_duplicate_claims(facts: DemandRequestFacts) -> Optional[Violation]:
    """Condition: no duplicate claims on the case."""
    if not facts.duplicate_claims:
        return None
    return _case("duplicate_claims", "The case has duplicate claims; they must be resolved before the demand"
                 " letter can be requested.")


def no_pending_disputes(facts: DemandRequestFacts) -> Optional[Violation]:
    """Condition: no pending disputes."""
    if facts.pending_disputes == 0:
        return None
    return _case("pending_disputes", f"The case has {facts.pending_disputes} pending dispute(s); the demand"
                 " letter can be requested once they are decided.")


def correspondence_resolved(facts: DemandRequestFacts) -> Optional[Violation]:
    """Condition: all correspondence on the case is resolved."""
    if not facts.unresolved_correspondence:
        return None
    return _case("unresolved_correspondence", "Some correspondence on the case is still being worked; the"
                 " demand letter can be requested once it is resolved.")


def not_active_in_fcp(facts: DemandRequestFacts) -> Optional[Violation]:
    """Condition: not active in the Final Conditional Payment process (status not Active, Pending NOS
    or Complete, and no void in progress)."""
    if facts.fcp_status not in FCP_ACTIVE_STATUSES:
        return None
    return _case("in_final_conditional_payment", "The case is in the Final Conditional Payment process, so the"
                 " demand letter can't be requested early.")


def cpn_was_mailed(facts: DemandRequestFacts) -> Optional[Violation]:
    """Condition: a Conditional Payment Notice was mailed."""
    if facts.cpn_mailed:
        return None
    return _case("no_cpn", "The demand letter can be requested early only after a Conditional Payment Notice has"
                 " been mailed.")


def not_already_in_demand(facts: DemandRequestFacts) -> Optional[Violation]:
    """Condition: the case is not in Demand, Demand in Progress or Closed status."""
    if facts.case_status not in _DEMAND_STATUSES:
        return None
    return _case("case_status", f"The case status is {facts.case_status.replace('_', ' ')}, so a demand letter"
                 " can't be requested.")


def no_demand_previously_requested(facts: DemandRequestFacts) -> Optional[Violation]:
    """Condition: no demand previously requested or mailed, unless it was mailed in error."""
    if not facts.demand_previously_requested or facts.demand_mailed_in_error:
        return None
    return _case("demand_already_requested", "A demand letter has already been requested or mailed for this case.")


def check_initiate_demand(facts: DemandRequestFacts) -> Verdict:
    """Every Initiate Demand Letter condition; each failing one is a violation with field "case"."""
    return Verdict.of([
        requester_may_initiate(facts),
        no_duplicate_claims(facts),
        no_pending_disputes(facts),
        correspondence_resolved(facts),
        not_active_in_fcp(facts),
        cpn_was_mailed(facts),
        not_already_in_demand(facts),
        no_demand_previously_requested(facts),
    ])
