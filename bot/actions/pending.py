"""Requests that wait: for the beneficiary's verification, or for the case number.

An action that cannot go on without something sets ``pending_request`` to its own name (the slot is
set only by actions) and asks; when the answer comes, the waiting action runs again, in the same turn.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

DomainDict = dict[str, Any]

WITHOUT_A_PENDING_REQUEST = "action_case_status"
"""A case number on its own, with nothing waiting for it, asks for that case's status."""


def action_named(name: str) -> Action | None:
    """The custom action with this name among those the action server loaded (every module of
    bot.actions is imported by it)."""
    stack = list(Action.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("bot.actions."):
            continue
        try:
            action = cls()
            if action.name() == name:
                return action
        except (TypeError, NotImplementedError):  # abstract bases
            continue
    return None


async def resume(pending: str | None, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: DomainDict, slots: dict[str, Any]) -> list[EventType]:
    """Run the request that was waiting, on a copy of the tracker that already holds ``slots``."""
    action = action_named(pending) if pending else None
    if action is None:
        return []
    resumed = tracker.copy()
    resumed.slots.update(slots)
    return list(await action.run(dispatcher, resumed, domain))


class ActionContinueWithCase(Action):
    """The user answered "Which case?": run the request that asked (it finds the case in this message)."""

    def name(self) -> str:
        return "action_continue_with_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        pending = tracker.get_slot("pending_request") or WITHOUT_A_PENDING_REQUEST
        cleared = {"pending_request": None}
        return [SlotSet("pending_request", None)] + await resume(pending, dispatcher, tracker, domain, cleared)
