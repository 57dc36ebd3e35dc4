"""Disputing claims in the conditional payment amount (MSPRP feature list item 3;
rules_engine.check_dispute_eligibility). The user picks the unrelated claims in plain words, gives the
reason, confirms; the dispute is stored in one transaction and the case status shows it."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_context import CaseContext, open_case, open_confirmed_case, say_refusal
from bot.actions.documents import offer_upload
from bot.actions.identity import audit, clear_slots, current_viewer
from bot.actions.presentation import claims_table
from bot.actions.services import case_store, today
from msp_assistant.access import Viewer, claim_view
from msp_assistant.case_state import CaseState
from msp_assistant.case_status import format_case_id
from msp_assistant.claim_selection import SelectionError, select_claims
from msp_assistant.store.records import ClaimRecord
from rules_engine import DisputeFacts, Verdict, check_dispute_eligibility, format_date, format_money, redetermination_due

DomainDict = dict[str, Any]

DISPUTE_ANSWERS = ("dispute_claim_numbers", "dispute_reason", "dispute_confirmation")


def dispute_facts(state: CaseState, viewer: Viewer, *, explanation: str = "", claims: tuple[ClaimRecord, ...] = ()) -> DisputeFacts:
    """The dispute conditions from the case store; ``claims`` are those being disputed. Authorizations
    in the case store are treated as verified."""
    earlier = {number for dispute in state.disputes for number in dispute.claim_numbers}
    return DisputeFacts(
        contractor=state.contractor, requester=state.requester(viewer), case_status=state.case_status,
        current_cp_amount=state.conditional_payment_amount, cpn_or_cpl_issued=state.cp_letter_issued,
        authorization_verified=True, fcp_status=state.fcp_status,
        claim_already_disputed_in_fcp=any(c.claim_number in earlier for c in claims),
        explanation=explanation,
    )


def verdict_before_reason(state: CaseState, viewer: Viewer, claims: tuple[ClaimRecord, ...] = ()) -> Verdict:
    """Every condition but the explanation, which is asked for later."""
    verdict = check_dispute_eligibility(dispute_facts(state, viewer, claims=claims), today=today())
    return Verdict(violations=tuple(v for v in verdict.violations if v.code != "explanation_missing"))


def appeal_instead(state: CaseState) -> str:
    """After the demand, relatedness is challenged by redetermination (msp-rules.md sections 5-6)."""
    if state.demand is None:
        return ""
    due = redetermination_due(state.demand.issued_on)
    if today() <= due:
        return (f"\nTo challenge the demand instead, request a redetermination (first-level appeal) by "
                f"{format_date(due)}.")
    return f"\nThe deadline to appeal the demand (redetermination) was {format_date(due)}."


def listed_claims(state: CaseState) -> tuple[ClaimRecord, ...]:
    """The claims offered for dispute, numbered in this order."""
    return state.counted_claims


def state_for(tracker: Tracker) -> CaseState:
    return CaseState.load(case_store(), str(tracker.get_slot("case_id")))


def chosen(state: CaseState, numbers: list[str]) -> tuple[ClaimRecord, ...]:
    return tuple(c for c in listed_claims(state) if c.claim_number in numbers)


def total(claims: tuple[ClaimRecord, ...]) -> Decimal:
    return sum((c.amount_paid for c in claims), Decimal("0.00"))


class ActionStartDispute(Action):
    def name(self) -> str:
        return "action_start_dispute"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        state = context.state
        verdict = verdict_before_reason(state, context.viewer)
        if not verdict.ok:
            say_refusal(dispatcher, verdict, "Claims on this case can't be disputed:")
            if appeal_instead(state):
                dispatcher.utter_message(text=appeal_instead(state).strip())
            return [SlotSet("case_id", context.case_id)]
        views = [claim_view(context.viewer, claim) for claim in listed_claims(state)]
        dispatcher.utter_message(
            text=f"These are the claims in the conditional payment amount of case {format_case_id(context.case_id)} "
            f"({format_money(state.conditional_payment_amount)}):\n{claims_table(views)}"
        )
        return [SlotSet("case_id", context.case_id), FollowupAction("dispute_form")]


class ValidateDisputeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_dispute_form"

    def validate_dispute_claim_numbers(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        state, viewer = state_for(tracker), current_viewer(tracker)
        claims = listed_claims(state)
        try:
            picked = tuple(claims[i] for i in select_claims(str(value or ""), [claim_view(viewer, c) for c in claims]))
        except SelectionError as error:
            dispatcher.utter_message(text=error.message)
            return {"dispute_claim_numbers": None}
        in_dispute = [n for n, c in enumerate(claims, start=1) if c in picked and c.status == "disputed"]
        if in_dispute:
            dispatcher.utter_message(text=f"Claim {', '.join(map(str, in_dispute))} is already in dispute. "
                                     "Please pick other claims, or say cancel.")
            return {"dispute_claim_numbers": None}
        verdict = verdict_before_reason(state, viewer, picked)
        if not verdict.ok:
            dispatcher.utter_message(text=" ".join(v.message for v in verdict.violations))
            return {"dispute_claim_numbers": None}
        return {"dispute_claim_numbers": [c.claim_number for c in picked]}

    def validate_dispute_reason(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        reason = " ".join(str(value or "").split())
        verdict = check_dispute_eligibility(
            dispute_facts(state_for(tracker), current_viewer(tracker), explanation=reason), today=today())
        problems = [v for v in verdict.violations if v.code in ("explanation_missing", "explanation_too_long")]
        if problems:
            dispatcher.utter_message(text=problems[0].message)
            return {"dispute_reason": None}
        return {"dispute_reason": reason}


class ActionAskDisputeClaimNumbers(Action):
    def name(self) -> str:
        return "action_ask_dispute_claim_numbers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="Which claims are not related to the injury? You can say their numbers "
                                 "(\"2 and 5\"), or describe them (\"the cardiology ones\", \"the ones from December\").")
        return []


class ActionAskDisputeConfirmation(Action):
    def name(self) -> str:
        return "action_ask_dispute_confirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = state_for(tracker)
        picked = chosen(state, tracker.get_slot("dispute_claim_numbers") or [])
        views = [claim_view(current_viewer(tracker), c) for c in picked]
        after = state.conditional_payment_amount - total(picked)
        dispatcher.utter_message(
            text=f"You are disputing {len(picked)} claims totalling {format_money(total(picked))}:\n"
            f"{claims_table(views)}\nReason: {tracker.get_slot('dispute_reason')}\n"
            f"If CMS accepts the dispute, the conditional payment amount would go from "
            f"{format_money(state.conditional_payment_amount)} to {format_money(after)}. Submit the dispute?",
            buttons=[{"title": "Yes, submit it", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
        )
        return []


class ActionSubmitDispute(Action):
    def name(self) -> str:
        return "action_submit_dispute"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = clear_slots(DISPUTE_ANSWERS)
        context = open_confirmed_case(dispatcher, tracker, self.name(), confirmation_slot="dispute_confirmation",
                                      declined="All right, I did not submit the dispute. Nothing was stored.")
        if not isinstance(context, CaseContext):
            return context + events
        numbers = list(tracker.get_slot("dispute_claim_numbers") or [])
        picked = chosen(context.state, numbers)
        if len(picked) != len(numbers) or any(c.status == "disputed" for c in picked):
            dispatcher.utter_message(text="Those claims are already in dispute (this dispute may have been "
                                     "submitted already), so nothing new was stored.")
            return events
        reason = str(tracker.get_slot("dispute_reason"))
        verdict = check_dispute_eligibility(dispute_facts(context.state, context.viewer, explanation=reason,
                                                          claims=picked), today=today())
        if not verdict.ok:
            say_refusal(dispatcher, verdict, "The dispute can't be submitted:")
            return events
        dispute = case_store().record_dispute(context.case_id, numbers, reason, conversation_id=tracker.sender_id)
        audit(tracker, context.viewer, "submit_dispute", case_id=context.case_id, allowed=True,
              detail=f"dispute {dispute.id} of {len(numbers)} claims")
        after = context.state.conditional_payment_amount - total(picked)
        dispatcher.utter_message(
            text=f"Your dispute of {len(picked)} claims ({format_money(total(picked))}) on case "
            f"{format_case_id(context.case_id)} was submitted on {format_date(today())}. "
            f"If it is accepted, the conditional payment amount would be {format_money(after)}. "
            "The case status shows the dispute while it is reviewed."
        )
        offer_upload(dispatcher, tracker, context.viewer, context.case_id, "dispute_support")
        return events
