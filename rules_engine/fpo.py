"""The Fixed Percentage Option (FPO): each criterion a small rule, and the whole eligibility check.

Source for every criterion unless noted: MSPRP "Fixed Percentage Option" help,
https://cob.cms.hhs.gov/MSPRP/assets/msprp/case/FixedPercentInfo.htm (msp-rules.md section 2).
Each rule returns a :class:`Violation` when the criterion fails and None when it holds; ``field``
says which form field (or "case") the violation is reported under, since the settlement validator
reports the case-level criteria under the ``details_option`` the user chose.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from rules_engine import citations
from rules_engine.deadlines import cpn_response_due
from rules_engine.facts import CaseFacts, SettlementNotice
from rules_engine.formatting import format_date, format_money
from rules_engine.parameters import parameter, value_on
from rules_engine.verdict import Verdict, Violation

FPO = "the Fixed Percentage Option"
THE_FPO = "The Fixed Percentage Option"


def fpo_in_force(today: date, field: str = "details_option") -> Optional[Violation]:
    """The option exists on the election date (from 11/07/2011; parameter ``fpo_settlement_cap``)."""
    if parameter("fpo_settlement_cap").in_force(today):
        return None
    return Violation(field, "fpo_not_available", f"{THE_FPO} was not available on {format_date(today)}.",
                     citations.FPO_HELP)


def fpo_liability_only(case: CaseFacts, field: str = "case") -> Optional[Violation]:
    """Criterion 1: a liability insurance (including self-insurance) settlement; no-fault and workers'
    compensation cases are excluded (FPO help; Franco Signor 2012)."""
    if case.case_type == "liability":
        return None
    kind = case.case_type.replace("_", "-") if case.case_type == "no_fault" else "workers' compensation"
    return Violation(field, "fpo_not_liability",
                     f"{THE_FPO} is only for liability settlements; this is a {kind} case.",
                     citations.FPO_HELP)


def fpo_beneficiary_debtor_only(case: CaseFacts, field: str = "case") -> Optional[Violation]:
    """The option is elected on the notice of settlement, which pertains only to beneficiary-debtor
    cases (Settlement Information Help, Title Line note; msp-rules.md section 2, by inference)."""
    if case.debtor == "beneficiary":
        return None
    return Violation(field, "fpo_beneficiary_debtor_only",
                     f"{THE_FPO} is only for cases where the beneficiary is the debtor.",
                     citations.NOS_BENEFICIARY_DEBTOR)


def fpo_physical_trauma(injury_type: Optional[str], field: str = "injury_type") -> Optional[Violation]:
    """Criterion 1: a physical trauma-based injury; Traumatic Injury must be selected (Settlement
    Information Help, Table 1, Injury Type note)."""
    if injury_type is None or injury_type == "traumatic":
        return None
    return Violation(field, "fpo_requires_traumatic_injury",
                     f"{THE_FPO} is only for a traumatic injury (such as a fall or a car accident),"
                     " not one from exposure, ingestion or a medical implant.",
                     citations.FPO_TRAUMATIC)


def fpo_within_cap(amount: Optional[Decimal], today: date, field: str = "settlement_amount") -> Optional[Violation]:
    """Criterion 2: total settlement at or under the cap in force on the election date, "$10,000 or
    less" from 10/02/2023, $5,000 before (Table 1, Settlement Amount; parameter ``fpo_settlement_cap``)."""
    if amount is None or not parameter("fpo_settlement_cap").in_force(today):
        return None
    cap = value_on("fpo_settlement_cap", today)
    if amount <= cap:
        return None
    return Violation(field, "fpo_over_cap",
                     f"Your settlement of {format_money(amount)} is over the {format_money(cap)} limit for {FPO}.",
                     citations.FPO_CAP)


def fpo_no_exclusions(med_pip_exclusions: Optional[Decimal], field: str = "med_pip_exclusions") -> Optional[Violation]:
    """MED/PIP/Other exclusions cannot be entered with the option (MED/PIP/Other Exclusions, Data
    Entry Requirements; FPO help). Any entered value, even $0.00, counts as entered."""
    if med_pip_exclusions is None:
        return None
    return Violation(field, "fpo_exclusions_not_allowed",
                     f"MED/PIP or other exclusions can't be entered with {FPO}"
                     f" (you entered {format_money(med_pip_exclusions)}).",
                     citations.FPO_EXCLUSIONS)


def fpo_no_demand_issued(case: CaseFacts, field: str = "case") -> Optional[Violation]:
    """Criterion 3: Medicare has not issued a demand letter or other request for reimbursement."""
    if case.demand_issued_on is None:
        return None
    return Violation(field, "fpo_demand_already_issued",
                     f"{THE_FPO} can't be chosen after Medicare's demand letter"
                     f" (issued {format_date(case.demand_issued_on)}).",
                     citations.FPO_HELP)


def fpo_elected_by_cpn_response_due(case: CaseFacts, today: date, field: str = "case") -> Optional[Violation]:
    """Criterion 3: if a Conditional Payment Notice was issued, elected on or before its response due
    date, 30 days from the date of the CPN (parameter ``cpn_response_days``)."""
    if case.cpn_issued_on is None:
        return None
    due = cpn_response_due(case.cpn_issued_on)
    if today <= due:
        return None
    return Violation(field, "fpo_after_cpn_response_due",
                     f"{THE_FPO} had to be chosen by {format_date(due)}, the response date of the"
                     f" Conditional Payment Notice of {format_date(case.cpn_issued_on)}.",
                     citations.FPO_HELP)


def fpo_no_other_settlements(case: CaseFacts, field: str = "case") -> Optional[Violation]:
    """Criterion 4: the beneficiary has not received and does not expect any other settlement,
    judgment, award or payment for the incident. Unknown (None) is not yet shown, so it fails too,
    with its own code, so that the bot can ask."""
    if case.other_settlements_expected is False:
        return None
    if case.other_settlements_expected is None:
        return Violation(field, "fpo_other_settlements_unknown",
                         f"Before choosing {FPO}, please confirm that no other settlement, judgment, award or"
                         " payment has been received or is expected for this incident.",
                         citations.FPO_HELP)
    return Violation(field, "fpo_other_settlements_expected",
                     f"{THE_FPO} isn't available when another settlement, judgment, award or"
                     " payment has been received or is expected for this incident.",
                     citations.FPO_HELP)


def fpo_case_criteria(case: CaseFacts, today: date, field: str) -> list[Optional[Violation]]:
    """The criteria about the case rather than the form, each reported under ``field``."""
    return [
        fpo_in_force(today, field if field != "case" else "details_option"),
        fpo_liability_only(case, field),
        fpo_no_demand_issued(case, field),
        fpo_elected_by_cpn_response_due(case, today, field),
        fpo_no_other_settlements(case, field),
    ]


def check_fpo_eligibility(notice: SettlementNotice, case: CaseFacts, *, today: date) -> Verdict:
    """Every Fixed Percentage Option criterion, each failure its own violation.

    The criterion "elected before or at the time the settlement documentation is submitted" holds by
    construction: the election is made on this notice. The option also requires the notice itself
    to be valid; that is :func:`rules_engine.validate_settlement`'s business.
    """
    return Verdict.of([
        *fpo_case_criteria(case, today, "case"),
        fpo_beneficiary_debtor_only(case),
        fpo_physical_trauma(notice.injury_type),
        fpo_within_cap(notice.settlement_amount, today),
        fpo_no_exclusions(notice.med_pip_exclusions),
    ])
