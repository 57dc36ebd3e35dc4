"""Requesting the Final Conditional Payment amount for a case approaching settlement (MSPRP feature
list item 2; rules_engine.check_fcp_request). The amount is frozen, the request date recorded, and
the user told the exact last settlement date and the last day to report the settlement."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_context import CaseContext, open_case, open_confirmed_case, say_refusal
from bot.actions.identity import audit, clear_slots, current_viewer
from bot.actions.services import case_store, today
from msp_assistant.case_state import CaseState
from msp_assistant.case_status import NON_PHYSICAL_TRAUMA_CAVEAT, format_case_id
from rules_engine import AnswerError, FcpRequestFacts, Verdict, check_fcp_request, fcp_deadlines, format_date, format_money, parse_date
from rules_engine.number_words import replace_number_words

DomainDict = dict[str, Any]

FCP_ANSWERS = ("fcp_settlement_days", "fcp_confirmation")
DAYS_PER_UNIT = {"day": 1, "week": 7, "month": 30}
DURATION = re.compile(r"\b(\d+|an?)\s*(day|week|month)s?\b")


def days_until_settlement(text: str, on: date) -> int | None:
    """"30 days", "in two weeks", "next month", "about 3 months", "06/15/2025" → days from ``on``."""
    words = replace_number_words(text.lower())
    match = DURATION.search(words)
    if match:
        count = 1 if match.group(1) in ("a", "an") else int(match.group(1))
        return count * DAYS_PER_UNIT[match.group(2)]
    for unit, days in DAYS_PER_UNIT.items():
        if f"next {unit}" in words:
            return days
    if re.fullmatch(r"\s*\d{1,3}\s*", words):
        return int(words)
    try:
        return (parse_date(text, today=on) - on).days
    except AnswerError:
        return None


def fcp_facts(state: CaseState, may_act: bool, days: int | None) -> FcpRequestFacts:
    return FcpRequestFacts(
        case_type=state.case.case_type, case_status=state.case_status, may_act=may_act,
        already_requested=state.case.final_conditional_payment_requested_on is not None,
        settlement_expected_within_days=days,
    )


def without(verdict: Verdict, code: str) -> Verdict:
    return Verdict(violations=tuple(v for v in verdict.violations if v.code != code))


class ActionStartFcpRequest(Action):
    def name(self) -> str:
        return "action_start_fcp_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        may_act = context.state.access(context.viewer).can_act
        verdict = without(check_fcp_request(fcp_facts(context.state, may_act, None), today=today()),
                          "settlement_not_pending")
        if not verdict.ok:
            say_refusal(dispatcher, verdict, "The final conditional payment amount can't be requested for this case:")
            return [SlotSet("case_id", context.case_id)]
        return [SlotSet("case_id", context.case_id), FollowupAction("fcp_form")]


class ValidateFcpForm(FormValidationAction):
    def name(self) -> str:
        return "validate_fcp_form"

    def validate_fcp_settlement_days(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        days = days_until_settlement(str(value or ""), today())
        if days is None:
            dispatcher.utter_message(text="I didn't understand when the case should settle. Say for example "
                                     "\"in 30 days\" or \"06/15/2025\".")
            return {"fcp_settlement_days": None}
        state = CaseState.load(case_store(), str(tracker.get_slot("case_id")))
        verdict = check_fcp_request(fcp_facts(state, True, days), today=today())
        pending = [v for v in verdict.violations if v.code == "settlement_not_pending"]
        if pending:
            dispatcher.utter_message(text=pending[0].message + " You can request it closer to the settlement.")
            return {"fcp_settlement_days": None}
        return {"fcp_settlement_days": days}


class ActionAskFcpConfirmation(Action):
    def name(self) -> str:
        return "action_ask_fcp_confirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = CaseState.load(case_store(), str(tracker.get_slot("case_id")))
        last_settlement, report_by = fcp_deadlines(today())
        dispatcher.utter_message(
            text=f"Requesting it today freezes the conditional payment amount at "
            f"{format_money(state.conditional_payment_amount)}. It stays final only if the case settles by "
            f"{format_date(last_settlement)} (3 business days) and the settlement is reported by "
            f"{format_date(report_by)} (30 days). It can be requested only once per case. Request it now?",
            buttons=[{"title": "Yes, request it", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
        )
        return []


class ActionRequestFcp(Action):
    def name(self) -> str:
        return "action_request_fcp"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = clear_slots(FCP_ANSWERS)
        context = open_confirmed_case(dispatcher, tracker, self.name(), confirmation_slot="fcp_confirmation",
                                      declined="All right, I did not request the final conditional payment amount.")
        if not isinstance(context, CaseContext):
            return context + events
        days = tracker.get_slot("fcp_settlement_days")
        may_act = context.state.access(current_viewer(tracker)).can_act
        verdict = check_fcp_request(fcp_facts(context.state, may_act, days), today=today())
        if not verdict.ok:  # e.g. the same request sent twice
            say_refusal(dispatcher, verdict, "The final conditional payment amount can't be requested:")
            return events
        requested_on = today()
        amount = context.state.conditional_payment_amount
        case_store().request_final_conditional_payment(context.case_id, requested_on=requested_on, amount=amount)
        audit(tracker, context.viewer, "request_fcp", case_id=context.case_id, allowed=True,
              detail=f"final conditional payment amount frozen at {format_money(amount)}")
        last_settlement, report_by = fcp_deadlines(requested_on)
        dispatcher.utter_message(
            text=f"Done. The final conditional payment amount for case {format_case_id(context.case_id)} is "
            f"{format_money(amount)}, requested {format_date(requested_on)}.\n"
            f"- The case must settle by {format_date(last_settlement)} (3 business days; weekends and federal "
            "holidays don't count).\n"
            f"- Report the settlement by {format_date(report_by)} (30 calendar days).\n"
            "If either is missed, the frozen amount is void and the case goes back to the normal process. "
            + NON_PHYSICAL_TRAUMA_CAVEAT
        )
        return events
