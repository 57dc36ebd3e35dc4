"""Case status, "which of my cases need action?", and the current conditional payment amount."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_context import CaseContext, open_case, viewer_with_case_list
from bot.actions.case_resolution import visible_cases
from bot.actions.identity import audit
from msp_assistant.access import Viewer
from bot.actions.services import case_store, today
from msp_assistant.case_state import CaseState
from msp_assistant.case_status import format_case_id, needs_action_line, status_report
from rules_engine import format_date, format_money

DomainDict = dict[str, Any]


class ActionCaseStatus(Action):
    def name(self) -> str:
        return "action_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        dispatcher.utter_message(text=status_report(context.state, today()))
        return [SlotSet("case_id", context.case_id)]


class ActionCasesNeedingAction(Action):
    def name(self) -> str:
        return "action_cases_needing_action"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        viewer = viewer_with_case_list(dispatcher, tracker, self.name())
        if not isinstance(viewer, Viewer):
            return viewer
        lines = []
        for case in visible_cases(viewer):
            state = CaseState.load(case_store(), case.case_id)
            access = state.access(viewer)
            audit(tracker, viewer, self.name(), case_id=case.case_id, allowed=access.can_view, detail=access.reason)
            line = needs_action_line(state, today()) if access.can_view else None
            if line:
                lines.append(line)
        if not lines:
            dispatcher.utter_message(text="None of your cases needs anything from you right now.")
            return []
        dispatcher.utter_message(text=f"{len(lines)} of your cases need action:\n"
                                 + "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1)))
        return []


class ActionConditionalPaymentAmount(Action):
    def name(self) -> str:
        return "action_conditional_payment_amount"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        state = context.state
        text = (f"The current conditional payment amount on case {format_case_id(context.case_id)} is "
                f"{format_money(state.conditional_payment_amount)} in {len(state.counted_claims)} claims "
                f"(as of {format_date(today())}).")
        if state.disputed_claims:
            text += (f" {format_money(state.disputed_amount)} of it is in disputed claims; if the disputes are "
                     f"accepted it would be {format_money(state.conditional_payment_amount - state.disputed_amount)}.")
        if state.frozen_amount is not None:
            text += f" The Final Conditional Payment amount is frozen at {format_money(state.frozen_amount)}."
        dispatcher.utter_message(text=text)
        return [SlotSet("case_id", context.case_id)]
