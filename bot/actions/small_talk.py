"""Greeting, help, hand-over to a person, and the honest answer to anything out of scope."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.capabilities import capabilities_text
from bot.actions.contacts import how_to_reach_a_person

DomainDict = dict[str, Any]


def user_turns(tracker: Tracker) -> int:
    """How many messages the user has sent in this conversation session (the current one included)."""
    return sum(1 for event in tracker.events if event.get("event") == "user")


class ActionGreet(Action):
    """Welcome a new visitor with what the assistant does; welcome back one who has talked before."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if user_turns(tracker) > 1:
            dispatcher.utter_message(text="Welcome back. We can pick up where we left off. What would you like to do?")
            return []
        dispatcher.utter_message(
            text="Hello! I'm the Medicare Secondary Payer (MSP) Recovery Assistant.\n" + capabilities_text()
        )
        return []


class ActionShowCapabilities(Action):
    def name(self) -> str:
        return "action_show_capabilities"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=capabilities_text() + "\n" + "Or ask for a person at any time.")
        return []


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=how_to_reach_a_person())
        return []


class ActionOutOfScope(Action):
    """Used for the out_of_scope intent and for NLU fallback (confidence below the threshold)."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="Sorry, I can't help with that here. This assistant only handles Medicare Secondary Payer "
            "recovery cases.\n" + capabilities_text()
        )
        return []
