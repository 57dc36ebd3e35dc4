"""Requesting the Final Conditional Payment amount: each condition, just inside and just outside."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rules_engine import FcpRequestFacts, check_fcp_request, fcp_deadlines

TODAY = date(2025, 5, 1)
ELIGIBLE = FcpRequestFacts(case_type="liability", case_status="open", may_act=True, already_requested=False,
                           settlement_expected_within_days=30)


def codes(facts: FcpRequestFacts) -> tuple[str, ...]:
    return check_fcp_request(facts, today=TODAY).codes


def test_an_eligible_request_passes() -> None:
    assert check_fcp_request(ELIGIBLE, today=TODAY).ok
    assert check_fcp_request(replace(ELIGIBLE, case_type="workers_compensation"), today=TODAY).ok


def test_no_fault_cases_are_excluded() -> None:
    assert codes(replace(ELIGIBLE, case_type="no_fault")) == ("case_type",)


def test_only_someone_who_may_act() -> None:
    assert codes(replace(ELIGIBLE, may_act=False)) == ("not_authorized",)


def test_once_per_case() -> None:
    assert codes(replace(ELIGIBLE, already_requested=True)) == ("already_requested",)


@pytest.mark.parametrize("status", ["demand", "demand_in_progress", "closed"])
def test_only_open_cases(status: str) -> None:
    assert codes(replace(ELIGIBLE, case_status=status)) == ("case_status",)


@pytest.mark.parametrize(("days", "ok"), [(0, True), (120, True), (121, False), (-1, False), (None, False)])
def test_settlement_must_be_120_days_or_less_away(days: int | None, ok: bool) -> None:
    verdict = check_fcp_request(replace(ELIGIBLE, settlement_expected_within_days=days), today=TODAY)
    assert verdict.ok is ok
    if not ok:
        assert verdict.codes == ("settlement_not_pending",) and "120 days or less" in verdict.violations[0].message


def test_every_failure_is_its_own_violation_on_the_case() -> None:
    verdict = check_fcp_request(
        FcpRequestFacts("no_fault", "closed", False, True, None), today=TODAY)
    assert verdict.codes == ("case_type", "not_authorized", "already_requested", "case_status", "settlement_not_pending")
    assert {v.field for v in verdict.violations} == {"case"} and all(v.citation for v in verdict.violations)


def test_unknown_case_type_is_refused_at_construction() -> None:
    with pytest.raises(ValueError):
        FcpRequestFacts("auto", "open", True, False, 10)


def test_deadlines_of_a_request_skip_weekends_and_holidays() -> None:
    # Requested Thursday 07/02/2026: Friday 07/03 is the observed Independence Day holiday.
    assert fcp_deadlines(date(2026, 7, 2)) == (date(2026, 7, 8), date(2026, 8, 1))
