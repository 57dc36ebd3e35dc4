"""Claim disputes (msp-rules.md section 6) and the Initiate Demand Letter conditions (section 5)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from rules_engine import DemandRequestFacts, DisputeFacts, check_dispute_eligibility, check_initiate_demand
from rules_engine.facts import CaseFacts

from engine_support import TODAY

DISPUTE = DisputeFacts(
    contractor="bcrc", requester="por", case_status="open", current_cp_amount=Decimal("1200.00"),
    cpn_or_cpl_issued=True, authorization_verified=True, explanation="The knee surgery is unrelated to the fall.",
)
DEMAND = DemandRequestFacts(contractor="bcrc", requester="beneficiary", case_status="open", cpn_mailed=True)


def dispute_codes(facts: DisputeFacts) -> set[str]:
    verdict = check_dispute_eligibility(facts, today=TODAY)
    assert all(v.field == "case" and v.citation for v in verdict.violations)
    return set(verdict.codes)


def test_an_eligible_dispute() -> None:
    assert check_dispute_eligibility(DISPUTE, today=TODAY).ok


@pytest.mark.parametrize(
    "changes, ok",
    [
        ({"case_status": "demand"}, True),
        ({"case_status": "closed"}, False),
        ({"case_status": "demand_in_progress"}, False),
        ({"case_status": "closed", "fcp_status": "complete"}, True),
        ({"case_status": "closed", "fcp_status": "pending_nos"}, True),
        ({"case_status": "closed", "fcp_status": "active"}, False),
        ({"case_status": "closed", "fcp_status": "complete", "contractor": "crc", "requester": "raa"}, False),
    ],
)
def test_dispute_case_status(changes: dict, ok: bool) -> None:
    assert ("case_status" not in dispute_codes(replace(DISPUTE, **changes))) is ok


@pytest.mark.parametrize(
    "contractor, requester, verified, ok",
    [
        ("bcrc", "beneficiary", False, True),
        ("bcrc", "debtor", False, True),
        ("bcrc", "por", True, True),
        ("bcrc", "por", False, False),
        ("bcrc", "raa", True, True),
        ("bcrc", "ctr", True, False),  # a Consent to Release may view, never dispute
        ("bcrc", "other", True, False),
        ("crc", "debtor", False, True),
        ("crc", "raa", True, True),
        ("crc", "raa", False, False),
        ("crc", "beneficiary", False, False),
        ("crc", "por", True, False),
    ],
)
def test_who_may_dispute(contractor: str, requester: str, verified: bool, ok: bool) -> None:
    facts = replace(DISPUTE, contractor=contractor, requester=requester, authorization_verified=verified)
    assert ("not_authorized" not in dispute_codes(facts)) is ok


@pytest.mark.parametrize("amount, ok", [(Decimal("0.01"), True), (Decimal("0.00"), False)])
def test_dispute_needs_conditional_payments(amount: Decimal, ok: bool) -> None:
    assert ("no_conditional_payments" not in dispute_codes(replace(DISPUTE, current_cp_amount=amount))) is ok


def test_dispute_needs_a_cpn_or_cpl() -> None:
    assert dispute_codes(replace(DISPUTE, cpn_or_cpl_issued=False)) == {"no_cpn_or_cpl"}


@pytest.mark.parametrize(
    "fcp_status, already, ok",
    [("active", True, False), ("pending_nos", True, False), ("active", False, True), (None, True, True),
     ("voided", True, True)],
)
def test_fcp_claims_are_disputed_once(fcp_status, already: bool, ok: bool) -> None:
    facts = replace(DISPUTE, fcp_status=fcp_status, claim_already_disputed_in_fcp=already)
    assert ("fcp_claim_already_disputed" not in dispute_codes(facts)) is ok


@pytest.mark.parametrize(
    "explanation, documents, expected",
    [
        ("x" * 500, False, set()),
        ("x" * 501, False, {"explanation_too_long"}),
        ("x" * 501, True, {"explanation_too_long"}),
        ("   ", False, {"explanation_missing"}),
        ("", True, set()),
    ],
)
def test_dispute_explanation(explanation: str, documents: bool, expected: set) -> None:
    facts = replace(DISPUTE, explanation=explanation, documents_uploaded=documents)
    assert dispute_codes(facts) == expected


def test_demand_allowed() -> None:
    assert check_initiate_demand(DEMAND).ok


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"requester": "ctr"}, "not_authorized"),
        ({"requester": "por"}, "not_authorized"),  # not verified
        ({"duplicate_claims": True}, "duplicate_claims"),
        ({"pending_disputes": 2}, "pending_disputes"),
        ({"unresolved_correspondence": True}, "unresolved_correspondence"),
        ({"fcp_status": "active"}, "in_final_conditional_payment"),
        ({"fcp_status": "pending_nos"}, "in_final_conditional_payment"),
        ({"fcp_status": "complete"}, "in_final_conditional_payment"),
        ({"fcp_status": "void_in_progress"}, "in_final_conditional_payment"),
        ({"cpn_mailed": False}, "no_cpn"),
        ({"case_status": "demand"}, "case_status"),
        ({"case_status": "demand_in_progress"}, "case_status"),
        ({"case_status": "closed"}, "case_status"),
        ({"demand_previously_requested": True}, "demand_already_requested"),
    ],
)
def test_each_demand_condition(changes: dict, code: str) -> None:
    verdict = check_initiate_demand(replace(DEMAND, **changes))
    assert verdict.codes == (code,)
    assert verdict.violations[0].field == "case" and verdict.violations[0].message


def test_demand_conditions_that_pass() -> None:
    for changes in ({"fcp_status": "voided"}, {"demand_previously_requested": True, "demand_mailed_in_error": True},
                    {"requester": "por", "authorization_verified": True}, {"contractor": "crc", "requester": "debtor"}):
        assert check_initiate_demand(replace(DEMAND, **changes)).ok


@pytest.mark.parametrize(
    "build",
    [
        lambda: replace(DEMAND, contractor="mac"),
        lambda: replace(DEMAND, requester="lawyer"),
        lambda: replace(DEMAND, case_status="pending"),
        lambda: replace(DISPUTE, fcp_status="frozen"),
        lambda: CaseFacts("tort", "beneficiary", None, "attorney"),
        lambda: CaseFacts("liability", "insurer", None, "attorney"),
        lambda: CaseFacts("liability", "beneficiary", None, "employer"),
    ],
)
def test_unknown_case_record_values_are_refused(build) -> None:
    with pytest.raises(ValueError, match="must be one of"):
        build()
