"""Open a case for a request: who is asking, which case, may they see it; every look audited."""
from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_resolution import resolve_case_id
from bot.actions.identity import ask_who_is_asking, audit, current_viewer
from bot.actions.services import case_store
from msp_assistant.access import Viewer
from msp_assistant.case_state import CaseState
from msp_assistant.case_status import format_case_id
from rules_engine import Verdict


@dataclass(frozen=True)
class CaseContext:
    viewer: Viewer
    state: CaseState

    @property
    def case_id(self) -> str:
        return self.state.case.case_id


def open_case(dispatcher: CollectingDispatcher, tracker: Tracker, action: str) -> CaseContext | list[EventType]:
    """The case this request is about, if the viewer may see it; otherwise the events to return
    (verification started, a question for the case number, or a refusal with its reason). The look
    is audited under the action's name without its ``action_`` prefix (e.g. ``show_claims``)."""
    label = action.removeprefix("action_")
    viewer = current_viewer(tracker)
    if viewer.kind == "anonymous":
        return ask_who_is_asking(dispatcher, tracker, action)
    case_id = resolve_case_id(tracker, viewer)
    if case_id is None:
        dispatcher.utter_message(text="Which case? Please tell me the 15-digit case number or the beneficiary's last name.")
        return [SlotSet("pending_request", action)]
    state = CaseState.load(case_store(), case_id)
    if state is None:
        audit(tracker, viewer, label, case_id=case_id, allowed=False, detail="no such case")
        dispatcher.utter_message(text=f"I can't find case {format_case_id(case_id)}. Please check the number.")
        return [SlotSet("case_id", None)]
    access = state.access(viewer)
    audit(tracker, viewer, label, case_id=case_id, allowed=access.can_view, detail=access.reason)
    if not access.can_view:
        dispatcher.utter_message(text=access.reason)
        return [SlotSet("case_id", None)]
    return CaseContext(viewer, state)


def open_confirmed_case(dispatcher: CollectingDispatcher, tracker: Tracker, action: str, *,
                        confirmation_slot: str, declined: str) -> CaseContext | list[EventType]:
    """The case of a request the user has just confirmed (a yes to the form's last question); when the
    answer was no, says ``declined`` and returns no events: nothing is stored."""
    if tracker.get_slot(confirmation_slot) is not True:
        dispatcher.utter_message(text=declined)
        return []
    return open_case(dispatcher, tracker, action)


def viewer_with_case_list(dispatcher: CollectingDispatcher, tracker: Tracker, action: str) -> Viewer | list[EventType]:
    """A viewer who has a list of cases (a verified beneficiary, an attorney or an insurer); otherwise
    the events to return: verification started, or agents asked for a case number."""
    viewer = current_viewer(tracker)
    if viewer.kind == "anonymous":
        return ask_who_is_asking(dispatcher, tracker, action)
    if viewer.party is not None and viewer.party.role == "agent":
        dispatcher.utter_message(text="Help-desk agents can look up any case: tell me the 15-digit case number.")
        return []
    return viewer


def say_refusal(dispatcher: CollectingDispatcher, verdict: Verdict, lead: str) -> None:
    """The rules engine's reasons, one per line, after a plain lead-in."""
    reasons = "\n".join(f"- {violation.message}" for violation in verdict.violations)
    dispatcher.utter_message(text=f"{lead}\n{reasons}")
