"""The Notice of Settlement form: every data-entry rule of the Settlement Information Help page.

Each rule is a small function ``(notice, case, today) -> Violation | None`` citing its table and
field. Rules are grouped by the form field they concern (or "case"); :func:`validate_settlement`
runs every group and :func:`check_field` runs one, so the two always agree. A rule that reads
several fields belongs to the field the seed page lists it under.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Mapping, Optional, Union

from rules_engine import citations
from rules_engine.deadlines import fcp_deadlines, settlement_within_fcp_window
from rules_engine.facts import DETAILS_OPTIONS, INJURY_TYPES, NOTICE_FIELDS, CaseFacts, SettlementNotice
from rules_engine.formatting import format_date, format_money
from rules_engine.fpo import fpo_case_criteria, fpo_no_exclusions, fpo_physical_trauma, fpo_within_cap
from rules_engine.parameters import value_on
from rules_engine.recovery import procurement_costs
from rules_engine.verdict import Verdict, Violation

SingleRule = Callable[[SettlementNotice, CaseFacts, date], Optional[Violation]]
Rule = Callable[[SettlementNotice, CaseFacts, date], Union[Optional[Violation], list[Optional[Violation]]]]
NoticeSoFar = Union[SettlementNotice, Mapping[str, Any], None]

FPO_OPTION = "fixed_percentage"
FEES_OPTION = "attorney_fees"
PERCENTAGE_OPTION = "attorney_fee_percentage"
#: Submitters who enter a workers' compensation notice for the insurer/employer (an agent acts under
#: a Recovery Agent Authorization for the insurer; msp-rules.md section 8).
INSURER_SIDE_ROLES = ("insurer", "agent")

FPO_ELECTION_DOCUMENT = "fpo_election"
FINAL_SETTLEMENT_DETAIL_DOCUMENT = "final_settlement_detail"

_LABELS = {
    "injury_type": "the injury type",
    "settlement_amount": "the settlement amount",
    "settlement_date": "the settlement date",
    "attorney_fee_percentage": "the attorney fee percentage",
}


def _required(name: str, citation: str) -> SingleRule:
    def rule(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
        if getattr(notice, name) is not None:
            return None
        return Violation(name, "required", f"Please give {_LABELS[name]}; it is required.", citation)

    rule.__doc__ = f"{name} is required ({citation})."
    return rule


def _at_least_minimum(name: str, label: str, citation: str) -> SingleRule:
    def rule(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
        amount = getattr(notice, name)
        minimum = value_on("minimum_amount", today)
        if amount is None or amount >= minimum:
            return None
        return Violation(name, "below_minimum",
                         f"{label} must be at least {format_money(minimum)}; you entered {format_money(amount)}.",
                         citation)

    rule.__doc__ = f"{name}, when entered, is at least $0.01 (parameter minimum_amount; {citation})."
    return rule


def _only_with_option(name: str, label: str, option: str) -> SingleRule:
    def rule(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
        if getattr(notice, name) is None or notice.details_option == option:
            return None
        return Violation(name, "not_for_selected_option",
                         f"{label} can only be entered with the \"{option.replace('_', ' ')}\" settlement detail.",
                         citations.SETTLEMENT_DETAILS)

    rule.__doc__ = f"{name} belongs to the {option!r} option only (Settlement Details, Table 2)."
    return rule


# --- case ------------------------------------------------------------------------------------------

def nos_beneficiary_debtor_only(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"Submitting settlement information pertains only to beneficiary-debtor cases." (Title Line note)"""
    if case.debtor == "beneficiary":
        return None
    return Violation("case", "nos_beneficiary_debtor_only",
                     "Settlement information can only be submitted on a case where the beneficiary is the debtor.",
                     citations.NOS_BENEFICIARY_DEBTOR)


def fcp_settlement_information_late(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """Warning: the Final Conditional Payment amount stays final only if the settlement information is
    submitted within 30 calendar days of the request ("Cases in Final Conditional Payment Process")."""
    if case.fcp_requested_on is None:
        return None
    due = fcp_deadlines(case.fcp_requested_on)[1]
    if today <= due:
        return None
    return Violation("case", "fcp_settlement_information_late",
                     f"Settlement information for a Final Conditional Payment requested on"
                     f" {format_date(case.fcp_requested_on)} was due by {format_date(due)}. Submitted now, the"
                     " frozen Final Conditional Payment amount may no longer be final.",
                     citations.NOS_FCP_PROCESS)


# --- injury_type -----------------------------------------------------------------------------------

def injury_type_known(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """Injury Type is Traumatic Injury or Non-Physical Trauma-Based Injury (Table 1, Injury Type)."""
    if notice.injury_type is None or notice.injury_type in INJURY_TYPES:
        return None
    return Violation("injury_type", "invalid_choice",
                     "The injury type must be a traumatic injury or a non-physical trauma-based injury.",
                     citations.INJURY_TYPE)


def fpo_requires_traumatic_injury(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """Traumatic Injury must be selected when the Fixed Percentage Option is selected (Table 1 note)."""
    if notice.details_option != FPO_OPTION or notice.injury_type not in INJURY_TYPES:
        return None
    return fpo_physical_trauma(notice.injury_type)


def fcp_non_physical_trauma_caveat(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """Warning: in the Final Conditional Payment process, for a Non-Physical Trauma-Based injury
    "Medicare reserves the right to amend or modify the Final Conditional Payment Amount" if related
    claims are later identified (Table 1, Injury Type note)."""
    if case.fcp_requested_on is None or notice.injury_type != "non_physical_trauma":
        return None
    return Violation("injury_type", "fcp_non_physical_trauma_caveat",
                     "Because this injury came from exposure, implantation or ingestion, Medicare may still change"
                     " the Final Conditional Payment amount if related claims it did not include are found later.",
                     citations.INJURY_TYPE)


# --- settlement_amount -----------------------------------------------------------------------------

def settlement_within_fpo_cap(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """Must be less than or equal to $10,000 if the Fixed Percentage Option is selected (Table 1,
    Settlement Amount; the cap in force on the election date, parameter ``fpo_settlement_cap``)."""
    if notice.details_option != FPO_OPTION:
        return None
    return fpo_within_cap(notice.settlement_amount, today)


# --- settlement_date -------------------------------------------------------------------------------

def settlement_date_after_earliest(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"Date must be greater than 01/01/1960." (Table 1, Settlement Date; ``earliest_settlement_date``)"""
    earliest = value_on("earliest_settlement_date", today)
    if notice.settlement_date is None or notice.settlement_date > earliest:
        return None
    return Violation("settlement_date", "before_earliest_date",
                     f"The settlement date must be after {format_date(earliest)};"
                     f" you entered {format_date(notice.settlement_date)}.",
                     citations.SETTLEMENT_DATE)


def settlement_date_not_future(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"Date must be less than or equal to the current date." (Table 1, Settlement Date)"""
    if notice.settlement_date is None or notice.settlement_date <= today:
        return None
    return Violation("settlement_date", "after_today",
                     f"The settlement date can't be in the future: {format_date(notice.settlement_date)} is after"
                     f" today, {format_date(today)}. If the case hasn't settled yet, please wait until it has.",
                     citations.SETTLEMENT_DATE)


def settlement_date_after_incident(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"Date must be greater than the Date of Incident on the case." (Table 1, Settlement Date)"""
    incident = case.date_of_incident
    if notice.settlement_date is None or incident is None or notice.settlement_date > incident:
        return None
    return Violation("settlement_date", "not_after_incident",
                     f"The settlement date must be after the date of incident, {format_date(incident)};"
                     f" you entered {format_date(notice.settlement_date)}.",
                     citations.SETTLEMENT_DATE)


def fcp_settlement_outside_window(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """Warning: a settlement date not within 3 business days of the Final Conditional Payment request
    voids the case from the process (Table 1, Settlement Date note; "Cases in Final Conditional
    Payment Process")."""
    requested = case.fcp_requested_on
    if requested is None or notice.settlement_date is None:
        return None
    if settlement_within_fcp_window(notice.settlement_date, requested):
        return None
    last = fcp_deadlines(requested)[0]
    window = value_on("fcp_settlement_window_days", requested)
    kind = value_on("fcp_settlement_window_day_kind", requested)
    return Violation("settlement_date", "fcp_settlement_outside_window",
                     f"Please check the settlement date: {format_date(notice.settlement_date)} is not between your"
                     f" Final Conditional Payment request on {format_date(requested)} and {format_date(last)}"
                     f" ({window} {kind} days). If it is correct, the case will be voided from the Final Conditional"
                     " Payment process and the amount may change.",
                     citations.SETTLEMENT_DATE_FCP_NOTE)


# --- details_option --------------------------------------------------------------------------------

def details_option_known(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """One of None, Attorney Fees, Attorney Fee Percentage or Fixed Percentage Option; no selection
    is processed as None (Settlement Details)."""
    if notice.details_option is None or notice.details_option in DETAILS_OPTIONS:
        return None
    return Violation("details_option", "invalid_choice",
                     "The settlement detail must be none, attorney fees, an attorney fee percentage or the"
                     " Fixed Percentage Option.",
                     citations.SETTLEMENT_DETAILS)


def workers_compensation_insurer_cannot_enter_fees(
    notice: SettlementNotice, case: CaseFacts, today: date
) -> Optional[Violation]:
    """An insurer/employer entering a workers' compensation notice cannot enter attorney fees and
    costs borne by the beneficiary: "The MSPRP will prevent you from entering attorney fees and
    costs"; send them in writing instead (Table 2, Attorney Fees and Attorney Fee Percentage)."""
    if (
        case.case_type != "workers_compensation"
        or case.submitter_role not in INSURER_SIDE_ROLES
        or notice.details_option not in (FEES_OPTION, PERCENTAGE_OPTION)
    ):
        return None
    return Violation("details_option", "fees_not_allowed_for_submitter",
                     "On a workers' compensation case, the insurer or employer can't enter attorney fees and costs"
                     " paid by the beneficiary. Send them in writing to PO Box 138832, Oklahoma City, OK 73113"
                     " or fax (405) 869-3309 (BCRC cases only), and don't upload settlement documents.",
                     citations.ATTORNEY_FEES_WC_INSURER)


def fpo_case_must_qualify(notice: SettlementNotice, case: CaseFacts, today: date) -> list[Optional[Violation]]:
    """Fixed Percentage Option: "Case must meet specific criteria" (Table 2, which refers to the FPO
    help page): the case-level criteria, reported under ``details_option``."""
    if notice.details_option != FPO_OPTION:
        return []
    return fpo_case_criteria(case, today, "details_option")


# --- attorney fees, expenses, percentage -----------------------------------------------------------

def fees_and_expenses_not_both_zero(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"Attorney Fees and/or Attorney Expenses cannot both be zero." (Table 2, Attorney Fees); a blank
    counts as zero. Reported under ``attorney_expenses``, the second of the two asked."""
    if notice.details_option != FEES_OPTION or (notice.attorney_fees or 0) or (notice.attorney_expenses or 0):
        return None
    return Violation("attorney_expenses", "fees_and_expenses_both_zero",
                     "Attorney fees and attorney expenses can't both be zero. Enter at least one of them, or"
                     " choose \"none\" if there were no attorney fees.",
                     citations.ATTORNEY_FEES)


def fee_percentage_required(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """The Attorney Fee Percentage option needs its percentage (Table 2, Attorney Fee Percentage)."""
    if notice.details_option != PERCENTAGE_OPTION:
        return None
    return _required("attorney_fee_percentage", citations.ATTORNEY_FEE_PERCENTAGE)(notice, case, today)


def fee_percentage_whole_in_range(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"Enter a whole number between 1 and 100 (Fractions or percentages are not allowed)." (Table 2,
    Attorney Fee Percentage; parameters ``fee_percentage_minimum``/``maximum``, inclusive)"""
    percentage = notice.attorney_fee_percentage
    if percentage is None:
        return None
    if isinstance(percentage, bool) or not isinstance(percentage, (int, Decimal)) or percentage != int(percentage):
        return Violation("attorney_fee_percentage", "not_whole_number",
                         f"The attorney fee percentage must be a whole number; you entered {percentage}.",
                         citations.ATTORNEY_FEE_PERCENTAGE)
    low, high = value_on("fee_percentage_minimum", today), value_on("fee_percentage_maximum", today)
    if low <= percentage <= high:
        return None
    return Violation("attorney_fee_percentage", "out_of_range",
                     f"The attorney fee percentage must be a whole number from {low} to {high}; you entered {percentage}.",
                     citations.ATTORNEY_FEE_PERCENTAGE)


# --- med_pip_exclusions, confirmed -----------------------------------------------------------------

def exclusions_not_with_fpo(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"Cannot be entered if the Fixed Percentage Option has been selected." (MED/PIP/Other Exclusions)"""
    if notice.details_option != FPO_OPTION:
        return None
    return fpo_no_exclusions(notice.med_pip_exclusions)


def exclusions_not_negative(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"When entered, it must contain a numeric value" (MED/PIP/Other Exclusions): a coverage amount
    paid, so never negative. The seed page sets no $0.01 minimum for this field."""
    if notice.med_pip_exclusions is None or notice.med_pip_exclusions >= 0:
        return None
    return Violation("med_pip_exclusions", "negative_amount",
                     f"MED/PIP or other exclusions can't be negative; you entered {format_money(notice.med_pip_exclusions)}.",
                     citations.MED_PIP_EXCLUSIONS)


def confirmation_required(notice: SettlementNotice, case: CaseFacts, today: date) -> Optional[Violation]:
    """"You must select this box in order to submit your settlement information." (confirmation checkbox)"""
    if notice.confirmed is True:
        return None
    return Violation("confirmed", "confirmation_required",
                     "Please confirm that the settlement information is accurate before it is submitted.",
                     citations.CONFIRMATION)


#: Blocking rules, by the field they are reported under ("case" first).
RULES: dict[str, tuple[Rule, ...]] = {
    "case": (nos_beneficiary_debtor_only,),
    "injury_type": (_required("injury_type", citations.INJURY_TYPE), injury_type_known, fpo_requires_traumatic_injury),
    "settlement_amount": (
        _required("settlement_amount", citations.SETTLEMENT_AMOUNT),
        _at_least_minimum("settlement_amount", "The settlement amount", citations.SETTLEMENT_AMOUNT),
        settlement_within_fpo_cap,
    ),
    "settlement_date": (
        _required("settlement_date", citations.SETTLEMENT_DATE),
        settlement_date_after_earliest, settlement_date_not_future, settlement_date_after_incident,
    ),
    "details_option": (details_option_known, workers_compensation_insurer_cannot_enter_fees, fpo_case_must_qualify),
    "attorney_fees": (
        _only_with_option("attorney_fees", "Attorney fees", FEES_OPTION),
        _at_least_minimum("attorney_fees", "Attorney fees", citations.ATTORNEY_FEES),
    ),
    "attorney_expenses": (
        _only_with_option("attorney_expenses", "Attorney expenses", FEES_OPTION),
        _at_least_minimum("attorney_expenses", "Attorney expenses", citations.ATTORNEY_FEES),
        fees_and_expenses_not_both_zero,
    ),
    "attorney_fee_percentage": (
        _only_with_option("attorney_fee_percentage", "An attorney fee percentage", PERCENTAGE_OPTION),
        fee_percentage_required, fee_percentage_whole_in_range,
    ),
    "med_pip_exclusions": (exclusions_not_with_fpo, exclusions_not_negative),
    "confirmed": (confirmation_required,),
}

#: Non-blocking rules (the Final Conditional Payment consequences), by field.
WARNINGS: dict[str, tuple[Rule, ...]] = {
    "case": (fcp_settlement_information_late,),
    "injury_type": (fcp_non_physical_trauma_caveat,),
    "settlement_date": (fcp_settlement_outside_window,),
}


def _run(rules: tuple[Rule, ...], notice: SettlementNotice, case: CaseFacts, today: date) -> tuple[Violation, ...]:
    found: list[Violation] = []
    for rule in rules:
        result = rule(notice, case, today)
        for violation in result if isinstance(result, list) else [result]:
            if violation is not None:
                found.append(violation)
    return tuple(found)


def required_documents(notice: SettlementNotice, case: CaseFacts, today: date) -> tuple[str, ...]:
    """Table 3: the FPO election document when the Fixed Percentage Option is selected; the Final
    Settlement Detail when the settlement information exceeds the MSPRP threshold restrictions.

    CMS does not publish those restrictions; parameter ``final_settlement_detail_ratio`` holds our
    choice (procurement costs above 0% of the settlement, i.e. any fees or expenses claimed). An
    insurer or employer on a workers' compensation case is told not to upload settlement documents
    (Table 2), so nothing is required of it.
    """
    if case.case_type == "workers_compensation" and case.submitter_role in INSURER_SIDE_ROLES:
        return ()
    if notice.details_option == FPO_OPTION:
        return (FPO_ELECTION_DOCUMENT,)
    amount = notice.settlement_amount
    if amount is None or amount <= 0:
        return ()
    if procurement_costs(notice) / amount > value_on("final_settlement_detail_ratio", today):
        return (FINAL_SETTLEMENT_DETAIL_DOCUMENT,)
    return ()


def validate_settlement(notice: SettlementNotice, case: CaseFacts, *, today: date) -> Verdict:
    """Every rule of the Settlement Information Help page for this notice on this case.

    Violations block submission; warnings (the Final Conditional Payment consequences) do not.
    ``required_documents`` lists what Table 3 asks to upload.
    """
    return Verdict(
        violations=tuple(v for name in RULES for v in _run(RULES[name], notice, case, today)),
        warnings=tuple(v for name in WARNINGS for v in _run(WARNINGS[name], notice, case, today)),
        required_documents=required_documents(notice, case, today),
    )


def _notice_with(name: str, value: Any, notice_so_far: NoticeSoFar) -> SettlementNotice:
    if isinstance(notice_so_far, SettlementNotice):
        known = {field.name: getattr(notice_so_far, field.name) for field in dataclass_fields(SettlementNotice)}
    else:
        known = {key: val for key, val in (notice_so_far or {}).items() if key in NOTICE_FIELDS}
    defaults = {"injury_type": None, "settlement_amount": None, "settlement_date": None, "details_option": None}
    return SettlementNotice(**{**defaults, **known, name: value})


def check_field(name: str, value: Any, notice_so_far: NoticeSoFar, case: CaseFacts, *, today: date) -> Verdict:
    """The violations and warnings for one form field, given the answers so far (a SettlementNotice,
    a mapping of field names, or None). Exactly what :func:`validate_settlement` reports for that field."""
    if name not in NOTICE_FIELDS:
        raise ValueError(f"unknown settlement field {name!r}; expected one of {NOTICE_FIELDS}")
    notice = _notice_with(name, value, notice_so_far)
    return Verdict(
        violations=_run(RULES.get(name, ()), notice, case, today),
        warnings=_run(WARNINGS.get(name, ()), notice, case, today),
    )


def validate_field(
    name: str, value: Any, notice_so_far: NoticeSoFar, case: CaseFacts, *, today: date
) -> tuple[Violation, ...]:
    """The violations for one form field alone, consistent with :func:`validate_settlement`."""
    return check_field(name, value, notice_so_far, case, today=today).violations
