"""The cases a person may see, and the claims on one, masked by who is asking. Every look is audited."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_context import CaseContext, open_case, viewer_with_case_list
from bot.actions.case_resolution import visible_cases
from bot.actions.identity import audit
from bot.actions.presentation import claims_table
from msp_assistant.case_status import CASE_TYPE_NAMES, format_case_id
from bot.actions.services import case_store
from msp_assistant.access import MASK, Viewer, case_access, claim_view
from rules_engine import format_date, format_money

DomainDict = dict[str, Any]


def case_line(number: int, case: Any, can_act: bool) -> str:
    kind = CASE_TYPE_NAMES.get(case.case_type, case.case_type)
    rights = "you can act on it" if can_act else "view only"
    return (f"{number}. Case {format_case_id(case.case_id)}: {kind}, incident on "
            f"{format_date(case.date_of_incident)} ({rights})")


class ActionListCases(Action):
    def name(self) -> str:
        return "action_list_cases"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        viewer = viewer_with_case_list(dispatcher, tracker, self.name())
        if not isinstance(viewer, Viewer):
            return viewer
        store = case_store()
        lines = []
        for number, case in enumerate(visible_cases(viewer), start=1):
            access = case_access(viewer, case, store.authorizations(case.case_id))
            audit(tracker, viewer, "list_cases", case_id=case.case_id, allowed=access.can_view, detail=access.reason)
            lines.append(case_line(number, case, access.can_act))
        if not lines:
            dispatcher.utter_message(text="I don't see any cases you can view.")
            return []
        dispatcher.utter_message(text="Here are the cases you can see:\n" + "\n".join(lines))
        return []


def masking_note(viewer: Viewer) -> str:
    if viewer.kind == "beneficiary":
        return f"Diagnosis codes are masked ({MASK})."
    if not viewer.mfa_verified:
        return (f"Provider names and diagnosis codes are masked ({MASK}). To unmask them, complete "
                "multi-factor authentication: say \"unmask the claims\".")
    return "Nothing is masked: you completed multi-factor authentication in this conversation."


class ActionShowClaims(Action):
    def name(self) -> str:
        return "action_show_claims"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        claims = [claim_view(context.viewer, claim) for claim in context.state.claims]
        total = sum((claim.amount_paid for claim in claims), Decimal("0"))
        dispatcher.utter_message(
            text=f"Case {format_case_id(context.case_id)} has {len(claims)} claims totalling {format_money(total)}:\n"
            + claims_table(claims) + "\n" + masking_note(context.viewer)
        )
        return [SlotSet("case_id", context.case_id)]
