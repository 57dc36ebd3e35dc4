"""The small talk, end to end: real action server and Rasa server, messages over the REST channel."""
from __future__ import annotations

import uuid

import pytest

from bot.actions.capabilities import CAPABILITIES
from assistant_testing import stored_events
from msp_assistant.harness import RunningAssistant

pytestmark = pytest.mark.e2e


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def test_hello_is_answered_by_the_greeting_action_with_all_capabilities(
    assistant: RunningAssistant, sqlite_url: str
) -> None:
    sender = new_sender()
    reply = assistant.say(sender, "hello")
    assert reply.startswith("Hello! I'm the Medicare Secondary Payer (MSP) Recovery Assistant.")
    for capability in CAPABILITIES:
        assert capability in reply
    events = stored_events(sqlite_url, sender)
    assert ("user", "greet", None) in events
    assert ("action", None, "action_greet") in events  # the custom action ran in the action server


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what can you do?", "Or ask for a person at any time."),
        ("thanks a lot", "You're welcome."),
        ("goodbye", "Goodbye."),
        ("are you a bot?", "Yes, I am an automated assistant, not a person."),
        ("I want to talk to a real person", "1-855-798-2627"),
        ("can I speak to a human", "1-646-458-6740"),
    ],
)
def test_small_talk(assistant: RunningAssistant, message: str, expected: str) -> None:
    assert expected in assistant.say(new_sender(), message)


@pytest.mark.parametrize(
    "message",
    ["what's the weather like in Chicago?", "tell me a joke", "zxqv blorf wug", "order me a pizza"],
)
def test_out_of_scope_gets_an_honest_answer_and_the_alternatives(assistant: RunningAssistant, message: str) -> None:
    reply = assistant.say(new_sender(), message)
    assert reply.startswith("Sorry, I can't help with that here.")
    assert CAPABILITIES[0] in reply


def test_nonsense_goes_through_the_nlu_fallback(assistant: RunningAssistant, sqlite_url: str) -> None:
    sender = new_sender()
    assistant.say(sender, "qwpeoir asdkfj zzkj")
    assert ("user", "nlu_fallback", None) in stored_events(sqlite_url, sender)


def test_each_conversation_is_stored_under_its_own_sender(assistant: RunningAssistant, sqlite_url: str) -> None:
    first, second = new_sender(), new_sender()
    assistant.say(first, "hello")
    assistant.say(second, "are you a bot?")
    assert [e for e in stored_events(sqlite_url, first) if e[0] == "user"] == [("user", "greet", None)]
    assert [e for e in stored_events(sqlite_url, second) if e[0] == "user"] == [("user", "bot_challenge", None)]
