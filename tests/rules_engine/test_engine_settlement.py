"""The Notice of Settlement rules (seed page Tables 1-3): one test per edge, and field/form agreement."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules_engine import CaseFacts, SettlementNotice, check_field, validate_field, validate_settlement
from rules_engine.facts import DETAILS_OPTIONS, NOTICE_FIELDS

from engine_support import TODAY

D = Decimal


def codes(notice: SettlementNotice, case: CaseFacts, today: date = TODAY) -> set[tuple[str, str]]:
    return {(v.field, v.code) for v in validate_settlement(notice, case, today=today).violations}


def warning_codes(notice: SettlementNotice, case: CaseFacts, today: date = TODAY) -> set[tuple[str, str]]:
    return {(v.field, v.code) for v in validate_settlement(notice, case, today=today).warnings}


def test_a_valid_notice_passes(notice: SettlementNotice, case: CaseFacts) -> None:
    verdict = validate_settlement(notice, case, today=TODAY)
    assert verdict.ok and verdict.violations == () and verdict.warnings == ()
    assert verdict.required_documents == ("final_settlement_detail",)


def test_a_valid_fpo_notice_passes(fpo_notice: SettlementNotice, case: CaseFacts) -> None:
    verdict = validate_settlement(fpo_notice, case, today=TODAY)
    assert verdict.ok
    assert verdict.required_documents == ("fpo_election",)


def test_every_violation_has_message_and_citation(case: CaseFacts) -> None:
    empty = SettlementNotice(None, None, None, "bogus", attorney_fee_percentage=7)
    verdict = validate_settlement(empty, replace(case, debtor="applicable_plan"), today=TODAY)
    assert not verdict.ok
    for violation in verdict.violations:
        assert violation.field in NOTICE_FIELDS + ("case",)
        assert violation.code.replace("_", "").isalpha() and violation.code.islower()
        assert violation.message and violation.citation


# --- required fields and choices -------------------------------------------------------------------

@pytest.mark.parametrize("field", ["injury_type", "settlement_amount", "settlement_date"])
def test_required_fields(field: str, notice: SettlementNotice, case: CaseFacts) -> None:
    assert (field, "required") in codes(replace(notice, **{field: None}), case)


def test_unknown_injury_type(notice: SettlementNotice, case: CaseFacts) -> None:
    assert ("injury_type", "invalid_choice") in codes(replace(notice, injury_type="sprain"), case)


def test_unknown_details_option(notice: SettlementNotice, case: CaseFacts) -> None:
    assert ("details_option", "invalid_choice") in codes(replace(notice, details_option="both"), case)


def test_no_details_option_is_processed_as_none(notice: SettlementNotice, case: CaseFacts) -> None:
    plain = replace(notice, details_option=None, attorney_fees=None, attorney_expenses=None)
    assert validate_settlement(plain, case, today=TODAY).ok


def test_non_physical_trauma_is_a_valid_injury_type(notice: SettlementNotice, case: CaseFacts) -> None:
    assert codes(replace(notice, injury_type="non_physical_trauma"), case) == set()


# --- settlement amount -----------------------------------------------------------------------------

@pytest.mark.parametrize("amount, ok", [(D("0.01"), True), (D("0.00"), False), (D("-1.00"), False)])
def test_settlement_amount_minimum(amount: Decimal, ok: bool, case: CaseFacts) -> None:
    notice = SettlementNotice("traumatic", amount, date(2025, 3, 3), "none", confirmed=True)
    assert (("settlement_amount", "below_minimum") not in codes(notice, case)) is ok


@pytest.mark.parametrize(
    "amount, today, ok",
    [
        (D("10000.00"), TODAY, True),
        (D("10000.01"), TODAY, False),
        (D("10000.00"), date(2023, 10, 2), True),  # the new cap's first day
        (D("5000.00"), date(2023, 10, 1), True),
        (D("5000.01"), date(2023, 10, 1), False),  # the old cap, the day before
    ],
)
def test_fpo_cap(amount: Decimal, today: date, ok: bool, fpo_notice: SettlementNotice, case: CaseFacts) -> None:
    notice = replace(fpo_notice, settlement_amount=amount, settlement_date=date(2023, 9, 1))
    found = codes(notice, case, today)
    assert (("settlement_amount", "fpo_over_cap") not in found) is ok


def test_fpo_cap_message_names_the_values(fpo_notice: SettlementNotice, case: CaseFacts) -> None:
    (violation,) = validate_field("settlement_amount", D("12000"), fpo_notice, case, today=TODAY)
    assert violation.message == "Your settlement of $12,000.00 is over the $10,000.00 limit for the Fixed Percentage Option."


def test_cap_does_not_apply_without_fpo(notice: SettlementNotice, case: CaseFacts) -> None:
    assert codes(replace(notice, settlement_amount=D("10000.01")), case) == set()


# --- settlement date -------------------------------------------------------------------------------

@pytest.mark.parametrize("day, ok", [(date(1960, 1, 2), True), (date(1960, 1, 1), False)])
def test_settlement_date_after_1960(day: date, ok: bool, notice: SettlementNotice, with_case: Callable) -> None:
    case = with_case(date_of_incident=date(1959, 6, 1))
    assert (("settlement_date", "before_earliest_date") not in codes(replace(notice, settlement_date=day), case)) is ok


@pytest.mark.parametrize("day, ok", [(TODAY, True), (TODAY + timedelta(days=1), False)])
def test_settlement_date_not_after_today(day: date, ok: bool, notice: SettlementNotice, case: CaseFacts) -> None:
    assert (("settlement_date", "after_today") not in codes(replace(notice, settlement_date=day), case)) is ok


@pytest.mark.parametrize("offset, ok", [(1, True), (0, False), (-1, False)])
def test_settlement_date_after_incident(offset: int, ok: bool, notice: SettlementNotice, case: CaseFacts) -> None:
    day = case.date_of_incident + timedelta(days=offset)
    found = codes(replace(notice, settlement_date=day), case)
    assert (("settlement_date", "not_after_incident") not in found) is ok


def test_unknown_incident_date_is_not_checked(notice: SettlementNotice, with_case: Callable) -> None:
    assert codes(notice, with_case(date_of_incident=None)) == set()


def test_future_date_message(notice: SettlementNotice, case: CaseFacts) -> None:
    (violation,) = validate_field("settlement_date", date(2025, 5, 8), notice, case, today=TODAY)
    assert "05/08/2025 is after today, 05/07/2025" in violation.message


# --- fees, expenses, percentage --------------------------------------------------------------------

@pytest.mark.parametrize(
    "fees, expenses, expected",
    [
        (None, None, {("attorney_expenses", "fees_and_expenses_both_zero")}),
        (D("0.01"), None, set()),
        (None, D("0.01"), set()),
        (D("0.00"), None, {("attorney_fees", "below_minimum"), ("attorney_expenses", "fees_and_expenses_both_zero")}),
        (D("100"), D("0.00"), {("attorney_expenses", "below_minimum")}),
    ],
)
def test_fees_and_expenses(fees: Any, expenses: Any, expected: set, notice: SettlementNotice, case: CaseFacts) -> None:
    assert codes(replace(notice, attorney_fees=fees, attorney_expenses=expenses), case) == expected


@pytest.mark.parametrize("field", ["attorney_fees", "attorney_expenses"])
def test_fees_only_with_the_fees_option(field: str, notice: SettlementNotice, case: CaseFacts) -> None:
    other = replace(notice, details_option="none", **{"attorney_fees": None, "attorney_expenses": None, field: D("5")})
    assert codes(other, case) == {(field, "not_for_selected_option")}


@pytest.mark.parametrize(
    "percentage, expected",
    [
        (1, set()),
        (100, set()),
        (0, {("attorney_fee_percentage", "out_of_range")}),
        (101, {("attorney_fee_percentage", "out_of_range")}),
        (D("33.5"), {("attorney_fee_percentage", "not_whole_number")}),
        (33.0, {("attorney_fee_percentage", "not_whole_number")}),  # a float is never accepted
        (True, {("attorney_fee_percentage", "not_whole_number")}),
        (D("33"), set()),
        (None, {("attorney_fee_percentage", "required")}),
    ],
)
def test_fee_percentage(percentage: Any, expected: set, notice: SettlementNotice, case: CaseFacts) -> None:
    chosen = replace(notice, details_option="attorney_fee_percentage", attorney_fees=None, attorney_expenses=None,
                     attorney_fee_percentage=percentage)
    assert codes(chosen, case) == expected


def test_fee_percentage_only_with_its_option(notice: SettlementNotice, case: CaseFacts) -> None:
    assert codes(replace(notice, attorney_fee_percentage=33), case) == {
        ("attorney_fee_percentage", "not_for_selected_option")
    }


@pytest.mark.parametrize(
    "role, case_type, blocked",
    [
        ("insurer", "workers_compensation", True),
        ("agent", "workers_compensation", True),
        ("attorney", "workers_compensation", False),
        ("beneficiary", "workers_compensation", False),
        ("insurer", "liability", False),
    ],
)
@pytest.mark.parametrize("option", ["attorney_fees", "attorney_fee_percentage"])
def test_workers_compensation_insurer_cannot_enter_fees(
    role: str, case_type: str, blocked: bool, option: str, notice: SettlementNotice, with_case: Callable
) -> None:
    chosen = replace(notice, details_option=option)
    found = codes(chosen, with_case(submitter_role=role, case_type=case_type))
    assert (("details_option", "fees_not_allowed_for_submitter") in found) is blocked


def test_workers_compensation_insurer_uploads_nothing(notice: SettlementNotice, with_case: Callable) -> None:
    case = with_case(submitter_role="insurer", case_type="workers_compensation")
    assert validate_settlement(replace(notice, details_option="none", attorney_fees=None, attorney_expenses=None),
                               case, today=TODAY).required_documents == ()


# --- MED/PIP exclusions, confirmation, case ---------------------------------------------------------

@pytest.mark.parametrize("exclusions, ok", [(None, True), (D("0.00"), False), (D("0.01"), False)])
def test_no_exclusions_with_fpo(exclusions: Any, ok: bool, fpo_notice: SettlementNotice, case: CaseFacts) -> None:
    found = codes(replace(fpo_notice, med_pip_exclusions=exclusions), case)
    assert (("med_pip_exclusions", "fpo_exclusions_not_allowed") not in found) is ok


@pytest.mark.parametrize("exclusions, ok", [(D("0.00"), True), (D("500"), True), (D("-0.01"), False)])
def test_exclusions_without_fpo(exclusions: Decimal, ok: bool, notice: SettlementNotice, case: CaseFacts) -> None:
    found = codes(replace(notice, med_pip_exclusions=exclusions), case)
    assert (found == set()) is ok


@pytest.mark.parametrize("confirmed, ok", [(True, True), (False, False), ("yes", False)])
def test_confirmation_required(confirmed: Any, ok: bool, notice: SettlementNotice, case: CaseFacts) -> None:
    assert (("confirmed", "confirmation_required") not in codes(replace(notice, confirmed=confirmed), case)) is ok


def test_nos_only_on_beneficiary_debtor_cases(notice: SettlementNotice, with_case: Callable) -> None:
    assert codes(notice, with_case(debtor="applicable_plan")) == {("case", "nos_beneficiary_debtor_only")}


def test_fpo_requires_traumatic_injury(fpo_notice: SettlementNotice, case: CaseFacts) -> None:
    assert codes(replace(fpo_notice, injury_type="non_physical_trauma"), case) == {
        ("injury_type", "fpo_requires_traumatic_injury")
    }


def test_fpo_case_criteria_are_reported_on_the_option(fpo_notice: SettlementNotice, with_case: Callable) -> None:
    case = with_case(case_type="no_fault", demand_issued_on=date(2025, 4, 1), other_settlements_expected=None,
                     cpn_issued_on=date(2025, 3, 1))
    assert codes(fpo_notice, case) == {
        ("details_option", "fpo_not_liability"),
        ("details_option", "fpo_demand_already_issued"),
        ("details_option", "fpo_after_cpn_response_due"),
        ("details_option", "fpo_other_settlements_unknown"),
    }


# --- Final Conditional Payment warnings -------------------------------------------------------------

@pytest.mark.parametrize(
    "settled, warned",
    [(date(2025, 5, 1), False), (date(2025, 5, 6), False), (date(2025, 5, 7), True), (date(2025, 4, 30), True)],
)
def test_fcp_settlement_window_warning(settled: date, warned: bool, notice: SettlementNotice, with_case: Callable) -> None:
    case = with_case(fcp_requested_on=date(2025, 5, 1))  # Thursday: 3 business days end Tuesday 05/06
    verdict = validate_settlement(replace(notice, settlement_date=settled), case, today=TODAY)
    assert verdict.ok
    assert (("settlement_date", "fcp_settlement_outside_window") in {(w.field, w.code) for w in verdict.warnings}) is warned


def test_fcp_window_warning_says_void(notice: SettlementNotice, with_case: Callable) -> None:
    case = with_case(fcp_requested_on=date(2025, 5, 1))
    verdict = check_field("settlement_date", date(2025, 5, 7), notice, case, today=TODAY)
    (warning,) = verdict.warnings
    assert "05/01/2025 and 05/06/2025 (3 business days)" in warning.message and "voided" in warning.message


@pytest.mark.parametrize("requested, warned", [(TODAY - timedelta(days=30), False), (TODAY - timedelta(days=31), True)])
def test_fcp_settlement_information_30_days(requested: date, warned: bool, notice: SettlementNotice,
                                            with_case: Callable) -> None:
    case = with_case(fcp_requested_on=requested)
    found = warning_codes(replace(notice, settlement_date=requested), case)
    assert (("case", "fcp_settlement_information_late") in found) is warned


def test_fcp_non_physical_trauma_caveat(notice: SettlementNotice, with_case: Callable) -> None:
    case = with_case(fcp_requested_on=date(2025, 5, 1))
    chosen = replace(notice, injury_type="non_physical_trauma", settlement_date=date(2025, 5, 2))
    assert warning_codes(chosen, case) == {("injury_type", "fcp_non_physical_trauma_caveat")}
    assert warning_codes(chosen, replace(case, fcp_requested_on=None)) == set()


# --- Table 3 documents -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "changes, documents",
    [
        ({}, ("final_settlement_detail",)),
        ({"details_option": "none", "attorney_fees": None, "attorney_expenses": None}, ()),
        ({"details_option": "attorney_fee_percentage", "attorney_fees": None, "attorney_expenses": None,
          "attorney_fee_percentage": 33}, ("final_settlement_detail",)),
        ({"settlement_amount": None}, ()),
    ],
)
def test_required_documents(changes: dict, documents: tuple, notice: SettlementNotice, case: CaseFacts) -> None:
    assert validate_settlement(replace(notice, **changes), case, today=TODAY).required_documents == documents


# --- one field at a time -----------------------------------------------------------------------------

def test_validate_field_with_a_mapping_and_with_nothing(case: CaseFacts) -> None:
    so_far = {"details_option": "fixed_percentage", "unrelated": 1}
    (violation,) = validate_field("settlement_amount", D("10000.01"), so_far, case, today=TODAY)
    assert violation.code == "fpo_over_cap"
    assert validate_field("settlement_amount", D("10000.01"), None, case, today=TODAY) == ()
    assert validate_field("injury_type", None, None, case, today=TODAY)[0].code == "required"


def test_validate_field_refuses_an_unknown_field(notice: SettlementNotice, case: CaseFacts) -> None:
    with pytest.raises(ValueError, match="unknown settlement field"):
        validate_field("settlement", D("1"), notice, case, today=TODAY)


amounts = st.one_of(st.none(), st.decimals(min_value=D("-1"), max_value=D("20000"), places=2))
days = st.one_of(st.none(), st.dates(min_value=date(1959, 12, 1), max_value=date(2025, 6, 1)))
notices = st.builds(
    SettlementNotice,
    injury_type=st.sampled_from([None, "traumatic", "non_physical_trauma", "other"]),
    settlement_amount=amounts,
    settlement_date=days,
    details_option=st.sampled_from([None, "x", *DETAILS_OPTIONS]),
    attorney_fees=amounts,
    attorney_expenses=amounts,
    attorney_fee_percentage=st.one_of(st.none(), st.integers(min_value=-1, max_value=102)),
    med_pip_exclusions=amounts,
    confirmed=st.booleans(),
)
cases = st.builds(
    CaseFacts,
    case_type=st.sampled_from(["liability", "no_fault", "workers_compensation"]),
    debtor=st.sampled_from(["beneficiary", "applicable_plan"]),
    date_of_incident=days,
    submitter_role=st.sampled_from(["beneficiary", "attorney", "insurer", "agent"]),
    fcp_requested_on=st.one_of(st.none(), st.dates(min_value=date(2016, 1, 1), max_value=date(2025, 5, 7))),
    cpn_issued_on=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2025, 6, 1))),
    demand_issued_on=days,
    other_settlements_expected=st.sampled_from([None, True, False]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notices, cases)
def test_each_field_check_is_exactly_the_form_check_for_that_field(notice: SettlementNotice, case: CaseFacts) -> None:
    whole = validate_settlement(notice, case, today=TODAY)
    values = asdict(notice)
    for name in NOTICE_FIELDS:
        single = check_field(name, values[name], values, case, today=TODAY)
        assert single.violations == tuple(v for v in whole.violations if v.field == name)
        assert single.warnings == tuple(w for w in whole.warnings if w.field == name)
        assert validate_field(name, values[name], notice, case, today=TODAY) == single.violations
    assert whole.ok == (whole.violations == ())
