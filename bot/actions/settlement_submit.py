"""Before submitting: the summary, the documents Table 3 requires and Medicare's estimated recovery.
On confirmation: the Notice of Settlement stored once, a confirmation number, the next steps.

Idempotency: the key is a hash of the conversation, the case and the submitted answers, so the same
notice confirmed twice in a conversation (the same message sent twice, a retry after a timeout, the
form filled again with the same answers) is stored once and answered with the first confirmation number.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answer_validation import FAILURES_SLOT, show
from bot.actions.documents import offer_upload
from bot.actions.identity import audit, current_viewer
from msp_assistant.case_status import format_case_id
from bot.actions.services import case_store, today
from bot.actions.settlement_case import case_facts, case_state, fcp_requested_on
from bot.actions.settlement_form import (
    DATE_TO_CONFIRM_SLOT,
    OPENING_SLOT,
    READY_SLOT,
    SETTLEMENT_ANSWERS,
    SETTLEMENT_SLOTS,
    notice_from_slots,
    other_settlements_expected,
)
from msp_assistant.access import Viewer
from msp_assistant.case_state import CaseState
from msp_assistant.upload_tickets import DOCUMENT_PURPOSES
from rules_engine import (
    CaseFacts,
    MissingFactError,
    RecoveryEstimate,
    SettlementNotice,
    Verdict,
    estimate_recovery,
    format_date,
    format_money,
    nos_review_due,
    validate_settlement,
)

DomainDict = dict[str, Any]

VOIDS_FCP = "fcp_settlement_outside_window"
LATE = "fcp_settlement_information_late"
DOCUMENTS_EXPLAINED = {
    "fpo_election": "a document with the information in CMS's Fixed Percentage Option Election Model Language",
    "final_settlement_detail": "a Final Settlement Detail document with the amount and date of the settlement, the "
                               "attorney's fees paid by the beneficiary (if any), and an itemized list of the attorney "
                               "expenses paid by the beneficiary",
}


def review(tracker: Tracker, viewer: Viewer, state: CaseState) -> tuple[SettlementNotice, CaseFacts, Verdict]:
    facts = case_facts(state, viewer, other_settlements_expected=other_settlements_expected(tracker.slots))
    notice = notice_from_slots({**tracker.slots, "nos_confirmed": True})
    return notice, facts, validate_settlement(notice, facts, today=today())


def estimate_of(notice: SettlementNotice, facts: CaseFacts) -> tuple[Optional[RecoveryEstimate], str]:
    try:
        estimate = estimate_recovery(notice, facts)
    except MissingFactError as missing:
        return None, missing.message
    return estimate, (f"Estimate of Medicare's recovery: {format_money(estimate.amount)}. This is an estimate, not "
                      "Medicare's demand. How it was worked out:\n" + "\n".join(f"- {step}" for step in estimate.steps))


def summary_lines(tracker: Tracker) -> list[str]:
    lines = []
    for answer in SETTLEMENT_ANSWERS:
        value = tracker.get_slot(answer.slot)
        if value is not None and answer.slot not in ("nos_confirmed", "nos_other_settlements"):
            name = answer.label.removeprefix("the ")
            lines.append(f"- {name[:1].upper()}{name[1:]}: {show(answer, value)}")
    return lines


def documents_text(documents: tuple[str, ...], facts: CaseFacts) -> str:
    if facts.case_type == "workers_compensation" and facts.submitter_role in ("insurer", "agent"):
        return "Don't upload settlement documentation for this workers' compensation case."
    if not documents:
        return "No supporting documents are required for this notice."
    return "Documents you'll need to upload: " + "; ".join(
        f"{DOCUMENTS_EXPLAINED.get(d, DOCUMENT_PURPOSES.get(d, d))}" for d in documents) + "."


def idempotency_key(conversation_id: str, case_id: str, answers: dict[str, Any]) -> str:
    payload = json.dumps({"conversation": conversation_id, "case": case_id, "answers": answers},
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def stored_answers(tracker: Tracker) -> dict[str, Any]:
    return {answer.field: tracker.get_slot(answer.slot) for answer in SETTLEMENT_ANSWERS
            if tracker.get_slot(answer.slot) is not None}


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    def items(violations: tuple[Any, ...]) -> list[dict[str, str]]:
        return [{"field": v.field, "code": v.code, "message": v.message, "citation": v.citation} for v in violations]

    return {"ok": verdict.ok, "violations": items(verdict.violations), "warnings": items(verdict.warnings),
            "required_documents": list(verdict.required_documents)}


def estimate_json(estimate: Optional[RecoveryEstimate], note: str) -> Optional[dict[str, Any]]:
    if estimate is None:
        return {"unavailable": note}
    return {"amount": estimate.amount, "method": estimate.method, "procurement_costs": estimate.procurement_costs,
            "procurement_ratio": estimate.procurement_ratio, "medicare_share_of_costs": estimate.medicare_share_of_costs,
            "steps": list(estimate.steps), "citation": estimate.citation, "is_estimate": True}


class ActionAskNosConfirmed(Action):
    """The last question: everything entered, the documents owed, the estimate; then "is it accurate?"."""

    def name(self) -> str:
        return "action_ask_nos_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        viewer = current_viewer(tracker)
        state = case_state(tracker)
        if state is None:
            dispatcher.utter_message(text="I lost track of the case. Please say cancel and start again.")
            return []
        case = state.case
        notice, facts, verdict = review(tracker, viewer, state)
        lines = [f"Here is the notice of settlement for case {format_case_id(case.case_id)}:", *summary_lines(tracker)]
        lines += [w.message for w in verdict.warnings]
        lines.append(documents_text(verdict.required_documents, facts))
        lines.append(estimate_of(notice, facts)[1])
        lines.append("Is all of this accurate? Say yes to submit it, tell me what to change (for example \"the amount "
                     "was 9,500\"), or say cancel.")
        dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionSubmitSettlement(Action):
    """Store the confirmed notice once (one transaction), then give the confirmation and the next steps."""

    def name(self) -> str:
        return "action_submit_settlement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        done = [SlotSet(slot, None) for slot in (*SETTLEMENT_SLOTS, FAILURES_SLOT, DATE_TO_CONFIRM_SLOT, OPENING_SLOT,
                                                  READY_SLOT)]
        viewer = current_viewer(tracker)
        store = case_store()
        state = case_state(tracker)
        if tracker.get_slot("nos_confirmed") is not True or state is None:
            dispatcher.utter_message(text="Nothing was submitted.")
            return done
        case = state.case
        access = state.access(viewer)
        if not access.can_act:
            audit(tracker, viewer, "submit_settlement", case_id=case.case_id, allowed=False, detail=access.reason)
            dispatcher.utter_message(text=f"{access.reason} Nothing was submitted.")
            return done
        notice, facts, verdict = review(tracker, viewer, state)
        if not verdict.ok:
            dispatcher.utter_message(text=" ".join(v.message for v in verdict.violations) + " Nothing was submitted.")
            return done
        estimate, note = estimate_of(notice, facts)
        answers = stored_answers(tracker)
        key = idempotency_key(tracker.sender_id, case.case_id, answers)
        first = store.settlement_by_key(key)
        actor_kind, actor_id = viewer.actor
        record = store.record_settlement(
            case.case_id, answers=answers, verdict=verdict_json(verdict), estimate=estimate_json(estimate, note),
            documents_owed=verdict.required_documents, confirmation_number=f"NOS-{key[:10].upper()}",
            idempotency_key=key, conversation_id=tracker.sender_id, actor_kind=actor_kind,
            actor_id=None if actor_id is None else str(actor_id),
        )
        voided = self.settle_fcp(state, verdict)
        audit(tracker, viewer, "submit_settlement", case_id=case.case_id, allowed=True,
              detail=f"confirmation {record.confirmation_number}" + (" (retry, nothing new stored)" if first else ""))
        lines = [
            (f"This notice was already submitted; nothing new was stored. Your confirmation number is still "
             f"{record.confirmation_number}.") if first else
            f"Your notice of settlement is submitted. Your confirmation number is {record.confirmation_number}.",
        ]
        if voided:
            lines.append("Because the settlement date is outside the 3-business-day window, the case is voided from "
                         "the Final Conditional Payment process: the frozen amount no longer applies and the "
                         "conditional payment amount may change.")
        lines.append(f"Next steps: please allow 20 days (until about {format_date(nos_review_due(today()))}) for CMS to "
                     "review the supporting documentation and send the Final Demand Letter. Follow the instructions "
                     "in the letter you receive to avoid any penalties.")
        if verdict.required_documents:
            lines.append(documents_text(verdict.required_documents, facts) + " Don't also mail or fax what you upload "
                         "here; that slows the review. Upload settlement documents only, and no disputes.")
        dispatcher.utter_message(text="\n".join(lines))
        for document in verdict.required_documents:
            offer_upload(dispatcher, tracker, viewer, case.case_id, document)
        return done

    @staticmethod
    def settle_fcp(state: CaseState, verdict: Verdict) -> bool:
        """A settlement outside the window voids the Final Conditional Payment process (seed page, Settlement
        Date note); one within it completes it. Repeating it on a retry changes nothing."""
        if fcp_requested_on(state) is None:
            return False
        case = state.case
        codes = {w.code for w in verdict.warnings}
        if VOIDS_FCP in codes:
            case_store().set_final_conditional_payment_status(case.case_id, "voided")
            return True
        if LATE not in codes:
            case_store().set_final_conditional_payment_status(case.case_id, "complete")
        return False
