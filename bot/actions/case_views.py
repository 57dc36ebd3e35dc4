"""The cases a person may see, and the claims on one, masked by who is asking. Every look is audited."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_resolution import resolve_case_id, visible_cases
from bot.actions.identity import ask_who_is_asking, audit, current_viewer
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
        viewer = current_viewer(tracker)
        if viewer.kind == "anonymous":
            return ask_who_is_asking(dispatcher, tracker, self.name())
        if viewer.party is not None and viewer.party.role == "agent":
            dispatcher.utter_message(text="Help-desk agents can look up any case: tell me the 15-digit case number.")
            return []
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
        viewer = current_viewer(tracker)
        if viewer.kind == "anonymous":
            return ask_who_is_asking(dispatcher, tracker, self.name())
        case_id = resolve_case_id(tracker, viewer)
        if case_id is None:
            dispatcher.utter_message(text="Which case? Please tell me the 15-digit case number.")
            return []
        store = case_store()
        case = store.case(case_id)
        if case is None:
            audit(tracker, viewer, "view_claims", case_id=case_id, allowed=False, detail="no such case")
            dispatcher.utter_message(text=f"I can't find case {format_case_id(case_id)}. Please check the number.")
            return [SlotSet("case_id", None)]
        access = case_access(viewer, case, store.authorizations(case_id))
        audit(tracker, viewer, "view_claims", case_id=case_id, allowed=access.can_view, detail=access.reason)
        if not access.can_view:
            dispatcher.utter_message(text=access.reason)
            return [SlotSet("case_id", None)]
        claims = [claim_view(viewer, claim) for claim in store.claims(case_id)]
        total = sum((claim.amount_paid for claim in claims), Decimal("0"))
        dispatcher.utter_message(
            text=f"Case {format_case_id(case_id)} has {len(claims)} claims totalling {format_money(total)}:\n"
            + claims_table(claims) + "\n" + masking_note(viewer)
        )
        return [SlotSet("case_id", case_id)]
