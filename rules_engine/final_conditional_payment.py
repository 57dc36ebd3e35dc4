"""Requesting the Final Conditional Payment amount (MSPRP only; SMART Act, 42 CFR 411.39).

Sources (msp-rules.md section 4): available for liability and workers' compensation cases (HHS
"CMS Demand Calculation Options", 2016: no-fault appears excluded); the case must be 120 days or
less from an anticipated settlement (FCP CBT 2019); "A request for a Final Conditional Payment
Amount can only be done once per case" (CMS alert 2015, relayed; Med). The request freezes the
conditional payment amount; it stays final only if the case settles within 3 business days and the
settlement is reported within 30 calendar days (Settlement Information Help; see deadlines.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from rules_engine import citations
from rules_engine.facts import CaseStatus, CaseType, check_choice, CASE_STATUSES, CASE_TYPES
from rules_engine.parameters import value_on
from rules_engine.verdict import Verdict, Violation

FCP_CASE_TYPES: tuple[str, ...] = ("liability", "workers_compensation")
_FCP_SOURCE = "HHS 'CMS Demand Calculation Options' (Mar 14, 2016), https://hhs.gov/guidance/document/demand-calculation-options"
_FCP_CBT = "Final Conditional Payment Process CBT (May 13, 2019)"


@dataclass(frozen=True)
class FcpRequestFacts:
    """What the Final Conditional Payment request rules read."""

    case_type: CaseType
    case_status: CaseStatus
    may_act: bool
    already_requested: bool
    settlement_expected_within_days: Optional[int]

    def __post_init__(self) -> None:
        check_choice("FcpRequestFacts", "case_type", self.case_type, CASE_TYPES)
        check_choice("FcpRequestFacts", "case_status", self.case_status, CASE_STATUSES)


def _case(code: str, message: str, citation: str = _FCP_SOURCE) -> Violation:
    return Violation("case", code, message, citation)


def fcp_case_type_allowed(facts: FcpRequestFacts) -> Optional[Violation]:
    """Only liability and workers' compensation cases (no-fault is excluded)."""
    if facts.case_type in FCP_CASE_TYPES:
        return None
    return _case("case_type", "The Final Conditional Payment process is only for liability and workers'"
                 " compensation cases, not no-fault cases.")


def fcp_requester_may_act(facts: FcpRequestFacts) -> Optional[Violation]:
    """Only someone who may act on the case (the beneficiary, or a verified representative)."""
    if facts.may_act:
        return None
    return _case("not_authorized", "Only the beneficiary or an authorized representative who may act on the"
                 " case can request the final conditional payment amount.", citations.CLAIMS_LISTING)


def fcp_once_per_case(facts: FcpRequestFacts) -> Optional[Violation]:
    """"A request for a Final Conditional Payment Amount can only be done once per case."""
    if not facts.already_requested:
        return None
    return _case("already_requested", "The final conditional payment amount has already been requested for this"
                 " case, and it can be requested only once.")


def fcp_case_open(facts: FcpRequestFacts) -> Optional[Violation]:
    """The case must still be open: not in demand and not closed."""
    if facts.case_status == "open":
        return None
    return _case("case_status", f"The case status is {facts.case_status.replace('_', ' ')}, so the final"
                 " conditional payment amount can no longer be requested.")


def fcp_settlement_pending(facts: FcpRequestFacts, today: date) -> Optional[Violation]:
    """The case must be 120 days or less from an anticipated settlement (``fcp_pending_settlement_notice_days``)."""
    limit = value_on("fcp_pending_settlement_notice_days", today)
    days = facts.settlement_expected_within_days
    if days is not None and 0 <= days <= limit:
        return None
    return _case("settlement_not_pending", f"The final conditional payment amount can be requested only when the"
                 f" case is {limit} days or less from an expected settlement.", _FCP_CBT)


def check_fcp_request(facts: FcpRequestFacts, *, today: date) -> Verdict:
    """Every condition for requesting the Final Conditional Payment amount; each failure its own violation."""
    return Verdict.of([
        fcp_case_type_allowed(facts),
        fcp_requester_may_act(facts),
        fcp_once_per_case(facts),
        fcp_case_open(facts),
        fcp_settlement_pending(facts, today),
    ])
