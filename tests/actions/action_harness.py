"""Build rasa-sdk trackers and run actions the way the action server does."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker_after(*user_texts: str, slots: dict[str, Any] | None = None) -> Tracker:
    """A tracker whose session holds these user messages (the last one is the current message)."""
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"}]
    for text in user_texts:
        events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": "greet"}}})
        events.append({"event": "action", "name": "action_listen"})
    latest = {"text": user_texts[-1], "intent": {"name": "greet", "confidence": 1.0}} if user_texts else {}
    return Tracker("test-user", slots or {}, latest, events, False, None, {}, "action_listen")


async def run_action(action: Action, tracker: Tracker) -> tuple[list[str], list[dict[str, Any]]]:
    """The texts the action says and the events it returns."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return [message.get("text") or "" for message in dispatcher.messages], events
