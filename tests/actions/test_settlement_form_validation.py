"""The settlement form's validation, slot by slot: each data-entry rule of the Settlement Information
page accepted and rejected, with the rules engine's words reaching the user."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answer_validation import BLANK, FAILURES_SLOT
from bot.actions.settlement_form import ValidateSettlementForm
from msp_assistant.auth_tokens import SignedInParty, issue_token, utc_now
from msp_assistant.store.repository import CaseStore
from assistant_testing import TOKEN_SECRET
from settlement_testing import (  # noqa: F401  (fixtures)
    FCP_CASE,
    GARCIA_CASE,
    NO_FAULT_CASE,
    WC_CASE,
    beneficiary_slots,
    form_tracker,
    settlement_store_url,
    store,
    texts,
)

EARLIER = {"nos_injury_type": "traumatic", "nos_settlement_amount": "8000.00", "nos_settlement_date": "2025-03-03"}


def validate(store: CaseStore, slot: str, text: str, *, answers: dict[str, Any] | None = None,
             case_id: str = GARCIA_CASE, slots: dict[str, Any] | None = None, intent: str = "inform",
             metadata: dict[str, Any] | None = None) -> tuple[dict[str, Any], str]:
    """Run validate_<slot> on ``text`` as the form would; the slots it returns and what the user reads."""
    tracker = form_tracker(text, requested=slot, answers=answers,
                           slots={**beneficiary_slots(store, case_id), **(slots or {})}, intent=intent,
                           metadata=metadata)
    if metadata:
        tracker.slots.pop("beneficiary_id")
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateSettlementForm(), f"validate_{slot}")(text, dispatcher, tracker, {})
    return result, texts(dispatcher)


# --- injury type (Table 1) -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [("traumatic", "traumatic"), ("it was a slip and fall", "traumatic"),
                                             ("non-physical", "non_physical_trauma"),
                                             ("exposure to asbestos", "non_physical_trauma")])
def test_injury_type_accepted_and_said_back(store: CaseStore, text: str, value: str) -> None:
    result, said = validate(store, "nos_injury_type", text)
    assert result["nos_injury_type"] == value and "Got it: the injury type" in said


def test_injury_type_unclear_is_asked_again(store: CaseStore) -> None:
    result, said = validate(store, "nos_injury_type", "blue")
    assert result["nos_injury_type"] is None and "Please say \"traumatic\"" in said
    assert result[FAILURES_SLOT] == {"nos_injury_type": 1}


def test_traumatic_injury_must_be_selected_with_the_fpo(store: CaseStore) -> None:
    result, said = validate(store, "nos_injury_type", "implant", answers={"nos_details_option": "fixed_percentage"})
    assert result["nos_injury_type"] is None and "only for a traumatic injury" in said


def test_second_failure_explains_why_and_how_to_stop(store: CaseStore) -> None:
    result, said = validate(store, "nos_injury_type", "blue", slots={FAILURES_SLOT: {"nos_injury_type": 1}})
    assert "type of accident, injury or illness" in said and "say \"cancel\"" in said
    assert result[FAILURES_SLOT] == {"nos_injury_type": 2}


# --- settlement amount (Table 1: numeric, cents optional, >= $0.01, <= $10,000 with the FPO) ------

@pytest.mark.parametrize(("text", "value"), [("8000", "8000.00"), ("10,000.00", "10000.00"), ("$8,000", "8000.00"),
                                             ("8000.50", "8000.50"), ("eight thousand dollars", "8000.00"),
                                             ("10k", "10000.00")])
def test_settlement_amount_accepted_in_msprp_format(store: CaseStore, text: str, value: str) -> None:
    result, said = validate(store, "nos_settlement_amount", text)
    assert result["nos_settlement_amount"] == value
    assert f"Got it: the settlement amount, ${float(value):,.2f}." in said


@pytest.mark.parametrize(("text", "message"), [
    ("0", "The settlement amount must be at least $0.01; you entered $0.00."),
    ("8000.505", "at most two digits after the decimal point"),
    ("-5", "can't be negative"),
    ("a lot", "I couldn't find an amount"),
    ("8000 or 9000", "more than one amount"),
])
def test_settlement_amount_rejected_with_the_reason(store: CaseStore, text: str, message: str) -> None:
    result, said = validate(store, "nos_settlement_amount", text)
    assert result["nos_settlement_amount"] is None and message in said


def test_settlement_amount_over_the_fpo_cap(store: CaseStore) -> None:
    answers = {"nos_details_option": "fixed_percentage"}
    result, said = validate(store, "nos_settlement_amount", "12,000", answers=answers)
    assert result["nos_settlement_amount"] is None and "over the $10,000.00 limit" in said
    result, _ = validate(store, "nos_settlement_amount", "10,000", answers=answers)
    assert result["nos_settlement_amount"] == "10000.00"


def test_a_changed_amount_is_said_back_as_a_change(store: CaseStore) -> None:
    result, said = validate(store, "nos_settlement_amount", "9,500", answers=EARLIER)
    assert result["nos_settlement_amount"] == "9500.00"
    assert "I changed the settlement amount from $8,000.00 to $9,500.00." in said


# --- settlement date (Table 1: valid, after 01/01/1960, not after today, after the incident) ------

@pytest.mark.parametrize(("text", "value"), [("03/03/2025", "2025-03-03"), ("March 3", "2025-03-03"),
                                             ("March 3rd, 2025", "2025-03-03"), ("last Friday", "2025-04-25"),
                                             ("yesterday", "2025-04-30"), ("2025-05-01", "2025-05-01")])
def test_settlement_date_accepted(store: CaseStore, text: str, value: str) -> None:
    result, said = validate(store, "nos_settlement_date", text)
    assert result["nos_settlement_date"] == value and "Got it: the settlement date" in said


@pytest.mark.parametrize(("text", "message"), [
    ("06/01/2025", "can't be in the future"),
    ("01/01/1960", "must be after 01/01/1960"),
    ("09/01/2024", "must be after the date of incident, 10/01/2024"),
    ("13/45/2025", "isn't a real date"),
    ("last month", "Please give the exact day"),
    ("soon", "couldn't read that as a date"),
])
def test_settlement_date_rejected(store: CaseStore, text: str, message: str) -> None:
    result, said = validate(store, "nos_settlement_date", text)
    assert result["nos_settlement_date"] is None and message in said


def test_fcp_settlement_date_outside_the_window_is_typed_again_to_confirm(store: CaseStore) -> None:
    result, said = validate(store, "nos_settlement_date", "03/03/2025", case_id=FCP_CASE)
    assert result["nos_settlement_date"] is None and "type it again" in said
    assert result["nos_date_to_confirm"] == "2025-03-03"
    result, said = validate(store, "nos_settlement_date", "03/03/2025", case_id=FCP_CASE,
                            slots={"nos_date_to_confirm": "2025-03-03"})
    assert result["nos_settlement_date"] == "2025-03-03" and "voided" in said


# --- settlement details (four options; WC insurer; FPO criteria) ---------------------------------

@pytest.mark.parametrize(("text", "value"), [("none", "none"), ("no lawyer", "none"), ("attorney fees", "attorney_fees"),
                                             ("a percentage", "attorney_fee_percentage"),
                                             ("the Fixed Percentage Option", "fixed_percentage")])
def test_details_option_accepted(store: CaseStore, text: str, value: str) -> None:
    result, _ = validate(store, "nos_details_option", text, answers=EARLIER)
    assert result["nos_details_option"] == value


def test_changing_the_option_clears_the_other_options_fields(store: CaseStore) -> None:
    answers = {**EARLIER, "nos_details_option": "attorney_fees", "nos_attorney_fees": "100.00"}
    result, said = validate(store, "nos_details_option", "none", answers=answers)
    assert result["nos_details_option"] == "none" and result["nos_attorney_fees"] is None
    assert "I changed the settlement detail from attorney fees to none (no attorney fees)." in said


def test_fpo_refused_on_a_no_fault_case(store: CaseStore) -> None:
    result, said = validate(store, "nos_details_option", "fixed percentage option", answers=EARLIER,
                            case_id=NO_FAULT_CASE)
    assert result["nos_details_option"] is None and "only for liability settlements; this is a no-fault case" in said


def test_fpo_refused_with_exclusions_or_over_the_cap(store: CaseStore) -> None:
    answers = {**EARLIER, "nos_settlement_amount": "12000.00", "nos_exclusions": "500.00"}
    result, said = validate(store, "nos_details_option", "fpo", answers=answers)
    assert result["nos_details_option"] is None
    assert "over the $10,000.00 limit" in said and "can't be entered with the Fixed Percentage Option" in said


def test_insurer_on_workers_compensation_cannot_choose_fees(store: CaseStore) -> None:
    insurer = store.party_by_username("wcins")
    token = issue_token(SignedInParty(insurer.id, "insurer", insurer.name), secret=TOKEN_SECRET, now=utc_now())
    for text in ("attorney fees", "attorney fee percentage"):
        result, said = validate(store, "nos_details_option", text, answers=EARLIER, case_id=WC_CASE,
                                metadata={"token": token})
        assert result["nos_details_option"] is None
        assert "PO Box 138832, Oklahoma City, OK 73113" in said and "(405) 869-3309" in said
    result, _ = validate(store, "nos_details_option", "none", answers=EARLIER, case_id=WC_CASE, metadata={"token": token})
    assert result["nos_details_option"] == "none"


def test_other_settlements_expected_rules_the_fpo_out_and_asks_the_option_again(store: CaseStore) -> None:
    answers = {**EARLIER, "nos_details_option": "fixed_percentage"}
    result, said = validate(store, "nos_other_settlements", "yes", answers=answers, intent="affirm")
    assert result["nos_other_settlements"] is None and result["nos_details_option"] is None
    assert "isn't available when another settlement" in said
    result, _ = validate(store, "nos_other_settlements", "no", answers=answers, intent="deny")
    assert result["nos_other_settlements"] is False


# --- attorney fees and expenses (Table 2: >= $0.01 when entered; not both zero) -------------------

FEES = {**EARLIER, "nos_details_option": "attorney_fees"}


def test_attorney_fees_accepted_or_left_blank(store: CaseStore) -> None:
    assert validate(store, "nos_attorney_fees", "2,666.67", answers=FEES)[0]["nos_attorney_fees"] == "2666.67"
    assert validate(store, "nos_attorney_fees", "none", answers=FEES)[0]["nos_attorney_fees"] == BLANK


def test_attorney_fees_below_one_cent_rejected(store: CaseStore) -> None:
    result, said = validate(store, "nos_attorney_fees", "0", answers=FEES)
    assert result["nos_attorney_fees"] is None and "Attorney fees must be at least $0.01; you entered $0.00." in said


def test_fees_and_expenses_cannot_both_be_zero(store: CaseStore) -> None:
    answers = {**FEES, "nos_attorney_fees": BLANK}
    result, said = validate(store, "nos_attorney_expenses", "none", answers=answers)
    assert result["nos_attorney_expenses"] is None and "can't both be zero" in said
    result, _ = validate(store, "nos_attorney_expenses", "$150", answers=answers)
    assert result["nos_attorney_expenses"] == "150.00"


# --- attorney fee percentage (Table 2: whole number from 1 to 100) --------------------------------

PERCENTAGE = {**EARLIER, "nos_details_option": "attorney_fee_percentage"}


@pytest.mark.parametrize(("text", "value"), [("33", 33), ("33%", 33), ("a third", 33), ("thirty-three percent", 33),
                                             ("100", 100), ("1", 1)])
def test_fee_percentage_accepted(store: CaseStore, text: str, value: int) -> None:
    result, said = validate(store, "nos_fee_percentage", text, answers=PERCENTAGE)
    assert result["nos_fee_percentage"] == value and f"{value}%" in said


@pytest.mark.parametrize(("text", "message"), [("33.5", "whole number"), ("33 1/3", "whole number"),
                                               ("150", "from 1 to 100; you entered 150"),
                                               ("0", "from 1 to 100; you entered 0")])
def test_fee_percentage_rejected(store: CaseStore, text: str, message: str) -> None:
    result, said = validate(store, "nos_fee_percentage", text, answers=PERCENTAGE)
    assert result["nos_fee_percentage"] is None and message in said


# --- MED/PIP/Other exclusions (numeric when entered) and the confirmation --------------------------

def test_exclusions_accepted_or_none(store: CaseStore) -> None:
    answers = {**EARLIER, "nos_details_option": "none"}
    assert validate(store, "nos_exclusions", "$500", answers=answers)[0]["nos_exclusions"] == "500.00"
    assert validate(store, "nos_exclusions", "none", answers=answers)[0]["nos_exclusions"] == BLANK
    result, said = validate(store, "nos_exclusions", "some", answers=answers)
    assert result["nos_exclusions"] is None and "I couldn't find an amount" in said


def test_confirmation_yes_submits_and_no_asks_what_to_change(store: CaseStore) -> None:
    assert validate(store, "nos_confirmed", "yes", answers=EARLIER, intent="affirm")[0]["nos_confirmed"] is True
    result, said = validate(store, "nos_confirmed", "no", answers=EARLIER, intent="deny")
    assert result["nos_confirmed"] is None and "What would you like to change?" in said
