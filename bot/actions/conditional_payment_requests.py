"""Conditional payment information requests (MSPRP feature list items 2 and 4): a copy of the current
conditional payment letter, and initiating the demand letter early when the user agrees with the amount."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_context import CaseContext, open_case, open_confirmed_case, say_refusal
from bot.actions.identity import audit, clear_slots, current_viewer
from bot.actions.services import case_store, today
from msp_assistant.access import Viewer
from msp_assistant.case_state import DEMAND_INITIATION, CaseState
from msp_assistant.case_status import format_case_id
from rules_engine import DemandRequestFacts, check_initiate_demand, format_money

DomainDict = dict[str, Any]

CP_LETTER_ANSWERS = ("cp_letter_delivery",)
DEMAND_ANSWERS = ("demand_confirmation",)
MAIL_WORDS = ("mail", "paper", "post", "letter", "printed", "print")
ELECTRONIC_WORDS = ("electronic", "email", "e-mail", "online", "download", "pdf", "digital", "ecpl")


def electronic_copy_refusal(viewer: Viewer) -> str | None:
    """Electronic copies (eCPL) go to beneficiaries, and to representatives who signed in with MFA
    (MSPRP eCPL help; msp-rules.md section 8). None when this viewer may have one."""
    if viewer.kind == "beneficiary" or (viewer.party is not None and viewer.mfa_verified):
        return None
    return ("An electronic copy needs multi-factor authentication first (say \"unmask the claims\" to do it). "
            "Or choose a copy by mail.")


class ActionRequestCpLetter(Action):
    def name(self) -> str:
        return "action_request_cp_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        if not context.state.cp_letter_issued:
            dispatcher.utter_message(text=f"No conditional payment letter has been issued on case "
                                     f"{format_case_id(context.case_id)} yet, so there is nothing to copy.")
            return [SlotSet("case_id", context.case_id)]
        return [SlotSet("case_id", context.case_id), FollowupAction("cp_letter_form")]


class ValidateCpLetterForm(FormValidationAction):
    def name(self) -> str:
        return "validate_cp_letter_form"

    def validate_cp_letter_delivery(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").lower()
        if any(word in text for word in ELECTRONIC_WORDS):
            refusal = electronic_copy_refusal(current_viewer(tracker))
            if refusal:
                dispatcher.utter_message(text=refusal)
                return {"cp_letter_delivery": None}
            return {"cp_letter_delivery": "electronic"}
        if any(word in text for word in MAIL_WORDS):
            return {"cp_letter_delivery": "mail"}
        dispatcher.utter_message(text="Please say \"by mail\" or \"electronic copy\".")
        return {"cp_letter_delivery": None}


class ActionSubmitCpLetterRequest(Action):
    """Recorded as correspondence on the case, with how the copy will arrive."""

    def name(self) -> str:
        return "action_submit_cp_letter_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context + clear_slots(CP_LETTER_ANSWERS)
        delivery = tracker.get_slot("cp_letter_delivery")
        arrival = ("It will be mailed to the beneficiary's address on file." if delivery == "mail" else
                   "The electronic copy will be posted to the case for download.")
        case_store().record_correspondence(
            context.case_id, type="conditional_payment_letter_copy_request", direction="received", on=today(),
            status="requested", description=f"copy of the current conditional payment letter by {delivery}")
        dispatcher.utter_message(text=f"I have requested a copy of the current conditional payment letter for case "
                                 f"{format_case_id(context.case_id)}. {arrival} It shows the amount as of the day "
                                 "it is produced.")
        return clear_slots(CP_LETTER_ANSWERS)


def demand_facts(state: CaseState, viewer: Viewer) -> DemandRequestFacts:
    """The Initiate Demand Letter conditions (msp-rules.md section 5) from the case store. Authorizations
    loaded into the case store are treated as verified."""
    numbers = [claim.claim_number for claim in state.counted_claims]
    return DemandRequestFacts(
        contractor=state.contractor, requester=state.requester(viewer), case_status=state.case_status,
        cpn_mailed=state.cp_letter_issued, authorization_verified=True, fcp_status=state.fcp_status,
        duplicate_claims=len(numbers) != len(set(numbers)),
        pending_disputes=sum(1 for dispute in state.disputes if dispute.status == "submitted"),
        unresolved_correspondence=any(c.direction == "received" and c.status in ("pending", "open")
                                      and c.type != DEMAND_INITIATION for c in state.correspondence),
        demand_previously_requested=state.demand_requested,
    )


class ActionStartInitiateDemand(Action):
    def name(self) -> str:
        return "action_start_initiate_demand"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        verdict = check_initiate_demand(demand_facts(context.state, context.viewer))
        if not verdict.ok:
            say_refusal(dispatcher, verdict, "The demand letter can't be initiated early for this case:")
            return [SlotSet("case_id", context.case_id)]
        return [SlotSet("case_id", context.case_id), FollowupAction("demand_form")]


class ActionAskDemandConfirmation(Action):
    def name(self) -> str:
        return "action_ask_demand_confirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = CaseState.load(case_store(), str(tracker.get_slot("case_id")))
        dispatcher.utter_message(
            text=f"The current conditional payment amount is {format_money(state.conditional_payment_amount)} in "
            f"{len(state.counted_claims)} claims. Initiating the demand letter now means you agree with this amount: "
            "the demand is issued without waiting out the default 30-day period after the conditional payment "
            "notice, payment is due 60 days from the demand letter's date, and after the demand, claims can only "
            "be challenged by appeal (redetermination). Do you want to initiate the demand letter now?",
            buttons=[{"title": "Yes, initiate it", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
        )
        return []


class ActionInitiateDemand(Action):
    def name(self) -> str:
        return "action_initiate_demand"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = clear_slots(DEMAND_ANSWERS)
        context = open_confirmed_case(dispatcher, tracker, self.name(), confirmation_slot="demand_confirmation",
                                      declined="All right, I did not initiate the demand letter.")
        if not isinstance(context, CaseContext):
            return context + events
        verdict = check_initiate_demand(demand_facts(context.state, context.viewer))
        if not verdict.ok:  # something changed since the question (e.g. a second submission)
            say_refusal(dispatcher, verdict, "The demand letter can't be initiated now:")
            return events
        case_store().record_correspondence(
            context.case_id, type=DEMAND_INITIATION, direction="received", on=today(), status="requested",
            description=f"demand initiated early; agreed amount {format_money(context.state.conditional_payment_amount)}")
        audit(tracker, context.viewer, "initiate_demand", case_id=context.case_id, allowed=True,
              detail="demand letter requested early")
        dispatcher.utter_message(text=f"Done: the demand letter for case {format_case_id(context.case_id)} has been "
                                 "requested. It will be mailed; payment is due 60 days from its date.")
        return events
