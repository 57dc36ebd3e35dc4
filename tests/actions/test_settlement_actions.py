"""The settlement and FPO actions: the rules engine's verdicts, the estimate and the documents reach
the user; one message fills several answers; a submission is stored once."""
from __future__ import annotations

from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from action_harness import run_action
from bot.actions.fpo_check import ActionAnswerFpo, ActionCheckFpo
from bot.actions.settlement_form import ActionStartSettlementReport, ValidateSettlementForm
from bot.actions.settlement_submit import ActionAskNosConfirmed, ActionSubmitSettlement
from msp_assistant.settings import PROJECT_ROOT
from msp_assistant.store.repository import CaseStore
from settlement_testing import (  # noqa: F401  (fixtures)
    FCP_CASE,
    GARCIA_CASE,
    NO_FAULT_CASE,
    PLAN_DEBTOR_CASE,
    REYES_CASE,
    beneficiary_slots,
    form_tracker,
    settlement_store_url,
    store,
    texts,
)

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
ANSWERED = {"nos_injury_type": "traumatic", "nos_settlement_amount": "8000.00", "nos_settlement_date": "2025-03-03",
            "nos_details_option": "attorney_fees", "nos_attorney_fees": "2666.67", "nos_attorney_expenses": "none",
            "nos_exclusions": "none"}


async def validate_turn(tracker: Tracker) -> tuple[dict[str, Any], str]:
    dispatcher = CollectingDispatcher()
    events = await ValidateSettlementForm().run(dispatcher, tracker, DOMAIN)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, texts(dispatcher)


def slot_tracker(text: str, slots: dict[str, Any], intent: str = "report_settlement") -> Tracker:
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    return Tracker("settlement-actions", slots, {"text": text, "intent": {"name": intent}}, events, False, None, {},
                   "action_listen")


async def test_one_message_fills_every_answer_it_carries(store: CaseStore) -> None:
    opening = "we settled a slip and fall for $8,000 on March 3, attorney fees $2,666.67"
    tracker = form_tracker("", requested=None, slots={**beneficiary_slots(store, GARCIA_CASE), "nos_opening": opening})
    slots, said = await validate_turn(tracker)
    assert slots["nos_injury_type"] == "traumatic" and slots["nos_settlement_amount"] == "8000.00"
    assert slots["nos_settlement_date"] == "2025-03-03" and slots["nos_details_option"] == "attorney_fees"
    assert slots["nos_attorney_fees"] == "2666.67" and slots["requested_slot"] == "nos_attorney_expenses"
    assert "Got it: the settlement amount, $8,000.00." in said and "Got it: the settlement date, 03/03/2025." in said


async def test_a_question_is_answered_and_the_same_question_asked_again(store: CaseStore) -> None:
    tracker = form_tracker("why do you need this?", requested="nos_settlement_amount",
                           slots=beneficiary_slots(store, GARCIA_CASE), answers={"nos_injury_type": "traumatic"})
    slots, said = await validate_turn(tracker)
    assert "Medicare is entitled to recover" in said and slots["requested_slot"] == "nos_settlement_amount"
    assert slots.get("nos_settlement_amount") is None


async def test_a_correction_during_another_question_keeps_the_question(store: CaseStore) -> None:
    tracker = form_tracker("actually the amount was 9,500", requested="nos_settlement_date",
                           slots=beneficiary_slots(store, GARCIA_CASE),
                           answers={"nos_injury_type": "traumatic", "nos_settlement_amount": "8000.00"})
    slots, said = await validate_turn(tracker)
    assert slots["nos_settlement_amount"] == "9500.00" and slots["requested_slot"] == "nos_settlement_date"
    assert "I changed the settlement amount from $8,000.00 to $9,500.00." in said


async def test_cancel_is_never_taken_as_an_answer(store: CaseStore) -> None:
    tracker = form_tracker("cancel", requested="nos_settlement_date", slots=beneficiary_slots(store, GARCIA_CASE),
                           intent="cancel")
    assert await ValidateSettlementForm().get_extraction_events(CollectingDispatcher(), tracker, DOMAIN) == []


async def test_start_refuses_a_case_where_the_plan_is_the_debtor(store: CaseStore) -> None:
    reyes = store.party_by_username("jreyes")
    from assistant_testing import TOKEN_SECRET
    from msp_assistant.auth_tokens import SignedInParty, issue_token, utc_now

    token = issue_token(SignedInParty(reyes.id, "attorney", reyes.name), secret=TOKEN_SECRET, now=utc_now())
    tracker = slot_tracker(f"report a settlement for case {PLAN_DEBTOR_CASE}", {})
    tracker.latest_message["metadata"] = {"token": token}
    tracker.events[-1]["metadata"] = {"token": token}
    said, events = await run_action(ActionStartSettlementReport(), tracker)
    assert "only be submitted on a case where the beneficiary is the debtor" in said[-1]
    assert {"event": "slot", "timestamp": None, "name": "nos_ready", "value": False} in events


async def test_start_on_an_fcp_case_gives_the_windows_with_dates(store: CaseStore) -> None:
    case = store.case(FCP_CASE)
    tracker = slot_tracker("report a settlement", {"beneficiary_id": case.beneficiary_id, "case_id": FCP_CASE})
    said, events = await run_action(ActionStartSettlementReport(), tracker)
    assert "requested on 04/28/2025" in said[0] and "to 05/01/2025" in said[0] and "by 05/28/2025" in said[0]
    assert "proposed amount" in said[0]
    assert any(e.get("event") == "followup" and e.get("name") == "settlement_form" for e in events)


async def test_start_asks_an_anonymous_person_who_they_are(store: CaseStore) -> None:
    said, events = await run_action(ActionStartSettlementReport(), slot_tracker("report a settlement", {}))
    assert "check who you are" in said[0]
    assert {"event": "slot", "timestamp": None, "name": "nos_opening", "value": "report a settlement"} in events


async def test_summary_shows_documents_and_the_estimate_with_its_breakdown(store: CaseStore) -> None:
    tracker = slot_tracker("none", {**beneficiary_slots(store, GARCIA_CASE), **ANSWERED}, intent="deny")
    said, _ = await run_action(ActionAskNosConfirmed(), tracker)
    assert "- Attorney fees: $2,666.67" in said[0] and "Final Settlement Detail document" in said[0]
    assert "Estimate of Medicare's recovery: $2,000.00. This is an estimate" in said[0]
    assert "Medicare's share of the costs: $3,000.00 × 33.33% = $1,000.00." in said[0]


async def test_submission_is_stored_once_with_answers_verdict_estimate_and_documents(store: CaseStore) -> None:
    tracker = slot_tracker("yes", {**beneficiary_slots(store, GARCIA_CASE), **ANSWERED, "nos_confirmed": True},
                           intent="affirm")
    first, _ = await run_action(ActionSubmitSettlement(), tracker)
    again, events = await run_action(ActionSubmitSettlement(), tracker)
    assert "Your confirmation number is NOS-" in first[0] and "already submitted; nothing new was stored" in again[0]
    (stored,) = [s for s in store.settlements(GARCIA_CASE) if s.conversation_id == "settlement-actions"]
    assert stored.confirmation_number in first[0] and stored.confirmation_number in again[0]
    assert stored.verdict["ok"] is True and stored.estimate["amount"] == "2000.00" and stored.estimate["is_estimate"]
    assert stored.documents_owed == ("final_settlement_detail",) and stored.answers["attorney_fees"] == "2666.67"
    assert {"event": "slot", "timestamp": None, "name": "nos_confirmed", "value": None} in events


async def test_an_unconfirmed_notice_is_not_stored(store: CaseStore) -> None:
    tracker = slot_tracker("no", {**beneficiary_slots(store, REYES_CASE), **ANSWERED}, intent="deny")
    said, _ = await run_action(ActionSubmitSettlement(), tracker)
    assert said == ["Nothing was submitted."]


async def test_fpo_check_on_a_no_fault_case_gives_the_reason_at_once(store: CaseStore) -> None:
    case = store.case(NO_FAULT_CASE)
    tracker = slot_tracker("can I use the fixed percentage option?", {"beneficiary_id": case.beneficiary_id,
                                                                       "case_id": NO_FAULT_CASE}, intent="check_fpo")
    said, events = await run_action(ActionCheckFpo(), tracker)
    assert "only for liability settlements; this is a no-fault case" in said[0]
    assert {"event": "slot", "timestamp": None, "name": "fpo_ready", "value": False} in events


async def test_fpo_answer_compares_the_25_percent_with_the_standard_formula(store: CaseStore) -> None:
    slots = {"fpo_case_type": "liability", "fpo_injury_type": "traumatic", "fpo_settlement_amount": "8000.00",
             "fpo_exclusions": "none", "fpo_other_settlements": False, "fpo_demand_issued": "none",
             "fpo_conditional_payments": "3000.00", "fpo_costs": "2000.00"}
    said, _ = await run_action(ActionAnswerFpo(), slot_tracker("2000", slots, intent="inform"))
    assert "Yes: this settlement qualifies" in said[0]
    assert "- Fixed Percentage Option: $2,000.00" in said[0] and "- Standard formula: $2,250.00" in said[0]
    assert "The Fixed Percentage Option is lower, by $250.00." in said[0] and "it is final" in said[0]
