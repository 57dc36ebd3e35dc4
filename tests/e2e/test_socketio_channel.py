"""The page's chat channel: Rasa's socket.io channel reached through the website's origin (WEB_PORT),
with session persistence and the sign-in token in the message metadata."""
from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
import socketio

from msp_assistant.harness import RunningAssistant

pytestmark = pytest.mark.e2e

LOPEZ_CASE = "200000000000001"


class Listener:
    """A socket.io client like the page: long-polling to WEB_PORT's /socket.io/."""

    def __init__(self, url: str) -> None:
        self.messages: list[dict[str, Any]] = []
        self.session: str | None = None
        self.arrived = threading.Event()
        self.client = socketio.Client()
        self.client.on("session_confirm", self._confirmed)
        self.client.on("bot_uttered", self._uttered)
        self.client.connect(url, socketio_path="/socket.io/", transports=["polling"])

    def _confirmed(self, session_id: str) -> None:
        self.session = session_id
        self.arrived.set()

    def _uttered(self, message: dict[str, Any]) -> None:
        self.messages.append(message)
        self.arrived.set()

    def wait(self, count: int, timeout: float = 30) -> list[dict[str, Any]]:
        while len(self.messages) < count and self.arrived.wait(timeout):
            self.arrived.clear()
        return self.messages

    def start_session(self, session_id: str) -> None:
        self.client.emit("session_request", {"session_id": session_id})
        self.arrived.wait(30)
        assert self.session == session_id

    def say(self, session_id: str, text: str, metadata: dict[str, Any] | None = None) -> None:
        self.client.emit("user_uttered", {"message": text, "session_id": session_id, "metadata": metadata or {}})


def test_hello_over_socketio_through_the_website(assistant: RunningAssistant) -> None:
    session = uuid.uuid4().hex
    listener = Listener(assistant.web_url)
    try:
        listener.start_session(session)
        listener.say(session, "hello")
        [reply] = listener.wait(1)
        assert reply["text"].startswith("Hello! I'm the Medicare Secondary Payer (MSP) Recovery Assistant.")
    finally:
        listener.client.disconnect()
    # A new connection with the same session id continues the same conversation (a page reload).
    again = Listener(assistant.web_url)
    try:
        again.start_session(session)
        again.say(session, "hi")
        assert again.wait(1)[0]["text"].startswith("Welcome back.")
    finally:
        again.client.disconnect()


def test_the_upload_offer_reaches_the_page_with_the_token_in_metadata(assistant: RunningAssistant) -> None:
    session = uuid.uuid4().hex
    token = assistant.login("alee", "lee-attorney-pass-1")
    listener = Listener(assistant.web_url)
    try:
        listener.start_session(session)
        listener.say(session, f"upload my proof of representation for case {LOPEZ_CASE}", {"token": token})
        messages = listener.wait(2)
    finally:
        listener.client.disconnect()
    [offer] = [m["upload"] for m in messages if "upload" in m]
    assert offer["case_id"] == LOPEZ_CASE and offer["purpose"] == "proof_of_representation" and offer["ticket"]
    assert any("Proof of Representation for case 20000 00000 00001" in m.get("text", "") for m in messages)
