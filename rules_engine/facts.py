"""What the rules read: the notice of settlement being entered and the facts of the case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, Optional

InjuryType = Literal["traumatic", "non_physical_trauma"]
DetailsOption = Literal["none", "attorney_fees", "attorney_fee_percentage", "fixed_percentage"]
CaseType = Literal["liability", "no_fault", "workers_compensation"]
Debtor = Literal["beneficiary", "applicable_plan"]
SubmitterRole = Literal["beneficiary", "attorney", "insurer", "agent"]

INJURY_TYPES: tuple[str, ...] = ("traumatic", "non_physical_trauma")
DETAILS_OPTIONS: tuple[str, ...] = ("none", "attorney_fees", "attorney_fee_percentage", "fixed_percentage")
CASE_TYPES: tuple[str, ...] = ("liability", "no_fault", "workers_compensation")
DEBTORS: tuple[str, ...] = ("beneficiary", "applicable_plan")
SUBMITTER_ROLES: tuple[str, ...] = ("beneficiary", "attorney", "insurer", "agent")

#: MSPRP case statuses the demand and dispute rules read ("open" is the MSPRP's "Open and Active").
CaseStatus = Literal["open", "demand", "demand_in_progress", "closed"]
#: Final Conditional Payment statuses seen on MSPRP pages (msp-rules.md section 4).
FcpStatus = Literal["active", "pending_nos", "complete", "void_in_progress", "voided"]
CASE_STATUSES: tuple[str, ...] = ("open", "demand", "demand_in_progress", "closed")
FCP_STATUSES: tuple[str, ...] = ("active", "pending_nos", "complete", "void_in_progress", "voided")
#: Statuses in which a case is "active in FCP" (a void in progress counts; a completed void does not).
FCP_ACTIVE_STATUSES: tuple[str, ...] = ("active", "pending_nos", "complete", "void_in_progress")


def check_choice(owner: str, name: str, value: object, allowed: tuple[str, ...], optional: bool = False) -> None:
    """Raise ValueError when a case-record fact is not one of its allowed values."""
    if (value is None and optional) or value in allowed:
        return
    raise ValueError(f"{owner}.{name} must be one of {allowed}{' or None' if optional else ''}, not {value!r}")


@dataclass(frozen=True)
class SettlementNotice:
    """The Notice of Settlement (NOS) form of the MSPRP (Settlement Information Help, Tables 1 and 2).

    Values are stored as given; :func:`rules_engine.validate_settlement` reports what is wrong with
    them (an unknown ``injury_type`` is a violation, not a crash). ``details_option=None`` means no
    option was selected, which the MSPRP processes as "none" (Settlement Details section).
    """

    injury_type: Optional[InjuryType]
    settlement_amount: Optional[Decimal]
    settlement_date: Optional[date]
    details_option: Optional[DetailsOption]
    attorney_fees: Optional[Decimal] = None
    attorney_expenses: Optional[Decimal] = None
    attorney_fee_percentage: Optional[int] = None
    med_pip_exclusions: Optional[Decimal] = None
    confirmed: bool = False


NOTICE_FIELDS: tuple[str, ...] = tuple(SettlementNotice.__dataclass_fields__)


@dataclass(frozen=True)
class CaseFacts:
    """Facts of the recovery case the notice belongs to, as the MSPRP knows them.

    ``other_settlements_expected`` is None when nobody has said; ``conditional_payment_amount`` is
    None when the current amount is unknown. The enumerations are checked here, because these facts
    come from the case record, not from the user.
    """

    case_type: CaseType
    debtor: Debtor
    date_of_incident: Optional[date]
    submitter_role: SubmitterRole
    fcp_requested_on: Optional[date] = None
    cpn_issued_on: Optional[date] = None
    demand_issued_on: Optional[date] = None
    other_settlements_expected: Optional[bool] = None
    conditional_payment_amount: Optional[Decimal] = None

    def __post_init__(self) -> None:
        check_choice("CaseFacts", "case_type", self.case_type, CASE_TYPES)
        check_choice("CaseFacts", "debtor", self.debtor, DEBTORS)
        check_choice("CaseFacts", "submitter_role", self.submitter_role, SUBMITTER_ROLES)
