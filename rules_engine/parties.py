"""Who may act on a case: the beneficiary, the debtor, or a representative with a verified authorization."""

from __future__ import annotations

from typing import Literal, Optional

from rules_engine.facts import CASE_STATUSES, FCP_STATUSES, check_choice

Contractor = Literal["bcrc", "crc"]
#: "por" = Beneficiary Proof of Representation; "raa" = Recovery Agent Authorization;
#: "ctr" = Beneficiary Consent to Release (may view, never act).
Requester = Literal["beneficiary", "debtor", "por", "raa", "ctr", "other"]

CONTRACTORS: tuple[str, ...] = ("bcrc", "crc")
REQUESTERS: tuple[str, ...] = ("beneficiary", "debtor", "por", "raa", "ctr", "other")

_MAY_ACT = {
    "bcrc": {"beneficiary": False, "debtor": False, "por": True, "raa": True},
    "crc": {"debtor": False, "raa": True},
}


def may_act_on_case(contractor: str, requester: str, authorization_verified: bool) -> bool:
    """Whether the requester may initiate a demand or dispute claims on the case.

    BCRC cases: the case beneficiary, the case debtor, or a user with a verified Beneficiary Proof of
    Representation or Recovery Agent Authorization. CRC cases: the case debtor or an insurer
    representative with a verified Recovery Agent Authorization. A Consent to Release holder may
    view but not act. Sources: MSPRP "What is Initiate Demand Letter" and "Claims Listing" help pages
    (msp-rules.md sections 5 and 6). The table maps each allowed requester to whether it needs a
    verified authorization.
    """
    needs_authorization = _MAY_ACT[contractor].get(requester)
    if needs_authorization is None:
        return False
    return authorization_verified or not needs_authorization


def check_case_record(owner: str, contractor: str, requester: str, case_status: str, fcp_status: Optional[str]) -> None:
    """Raise ValueError for an unknown contractor, requester, case status or FCP status (case-record facts)."""
    check_choice(owner, "contractor", contractor, CONTRACTORS)
    check_choice(owner, "requester", requester, REQUESTERS)
    check_choice(owner, "case_status", case_status, CASE_STATUSES)
    check_choice(owner, "fcp_status", fcp_status, FCP_STATUSES, optional=True)
