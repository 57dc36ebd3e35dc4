"""Beneficiary verification in chat: MBI, last name and date of birth must all match one beneficiary.

Three failed tries end verification for the conversation. The MBI is never repeated back. On
success the request that needed verification (e.g. "show me my claims") runs at once, in this same
action, so the dialogue never has to guess what comes after a follow-up.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.contacts import BCRC_CASE_LINE
from bot.actions.identity import VERIFICATION_ANSWERS, audit, clear_slots
from bot.actions.pending import resume
from bot.actions.services import case_store, today
from msp_assistant.access import Viewer
from rules_engine import AnswerError, normalize_mbi, parse_date

DomainDict = dict[str, Any]

MAX_VERIFICATION_ATTEMPTS = 3
"""Three failed tries end verification for the conversation (issue 4)."""


class ValidateBeneficiaryVerificationForm(FormValidationAction):
    """Shape checks only (the match against the case store happens once all three are given).
    The MBI is never repeated back."""

    def name(self) -> str:
        return "validate_beneficiary_verification_form"

    def validate_mbi_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
        try:
            return {"mbi_answer": normalize_mbi(str(value or ""))}
        except AnswerError as error:
            dispatcher.utter_message(text=error.message)
            return {"mbi_answer": None}

    def validate_last_name_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        name = " ".join(str(value or "").split())
        if not name or len(name) > 60 or not any(c.isalpha() for c in name):
            dispatcher.utter_message(text="Please type your last name in letters, as it is on your Medicare card.")
            return {"last_name_answer": None}
        return {"last_name_answer": name}

    def validate_dob_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
        try:
            born = parse_date(str(value or ""), today=today())
        except AnswerError as error:
            dispatcher.utter_message(text=error.message)
            return {"dob_answer": None}
        if born >= today():
            dispatcher.utter_message(text="A date of birth has to be in the past. Please try again.")
            return {"dob_answer": None}
        return {"dob_answer": born.isoformat()}


class ActionVerifyBeneficiary(Action):
    """All three answers must match one beneficiary; three failures lock verification."""

    def name(self) -> str:
        return "action_verify_beneficiary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        mbi, last_name, born = (tracker.get_slot(slot) for slot in VERIFICATION_ANSWERS)
        events = clear_slots(VERIFICATION_ANSWERS)
        beneficiary = None
        if mbi and last_name and born:
            beneficiary = case_store().find_beneficiary(mbi, last_name, date.fromisoformat(born))
        if beneficiary is not None:
            viewer = Viewer(kind="beneficiary", beneficiary_id=beneficiary.id)
            audit(tracker, viewer, "verify_beneficiary", case_id=None, allowed=True,
                  detail=f"verified in chat, MBI ending {beneficiary.mbi_last4}")
            dispatcher.utter_message(text=f"Thank you, {beneficiary.first_name}. You are verified for this conversation.")
            verified = {"beneficiary_id": beneficiary.id, "verification_failures": 0, "pending_request": None}
            events += [SlotSet(name, value) for name, value in verified.items()]
            return events + await resume(tracker.get_slot("pending_request"), dispatcher, tracker, domain, verified)
        failures = int(tracker.get_slot("verification_failures") or 0) + 1
        audit(tracker, Viewer.anonymous(), "verify_beneficiary", case_id=None, allowed=False,
              detail=f"details did not match (try {failures} of {MAX_VERIFICATION_ATTEMPTS})")
        events.append(SlotSet("verification_failures", failures))
        if failures >= MAX_VERIFICATION_ATTEMPTS:
            dispatcher.utter_message(
                text="Those details don't match our records, and that was the third try, so I can't verify you "
                f"in this conversation. Please call the BCRC at {BCRC_CASE_LINE} for help with your case."
            )
            return events + [SlotSet("verification_locked", True), SlotSet("pending_request", None)]
        dispatcher.utter_message(
            text="Those details don't match our records. Let's try again "
            f"(try {failures + 1} of {MAX_VERIFICATION_ATTEMPTS})."
        )
        return events + [FollowupAction("beneficiary_verification_form")]
