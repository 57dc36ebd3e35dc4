"""Rasa's HTTP API is on only behind a token: no unauthenticated tracker reads or writes."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from assistant_testing import API_TOKEN
from msp_assistant.harness import RunningAssistant

pytestmark = pytest.mark.e2e

INJECTED = [{"event": "slot", "name": "verified", "value": True}]


def status_of(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def append_events(assistant: RunningAssistant, sender: str, token: str | None) -> int:
    query = f"?token={token}" if token else ""
    return status_of(urllib.request.Request(
        f"{assistant.base_url}/conversations/{sender}/tracker/events{query}",
        data=json.dumps(INJECTED).encode(), headers={"Content-Type": "application/json"}, method="POST",
    ))


def read_tracker(assistant: RunningAssistant, sender: str, token: str | None) -> int:
    query = f"?token={token}" if token else ""
    return status_of(urllib.request.Request(f"{assistant.base_url}/conversations/{sender}/tracker{query}"))


def test_tracker_writes_without_the_token_are_refused(assistant: RunningAssistant) -> None:
    assert append_events(assistant, "api-intruder", None) == 401
    assert append_events(assistant, "api-intruder", "wrong-token") == 401


def test_tracker_reads_without_the_token_are_refused(assistant: RunningAssistant) -> None:
    assistant.say("api-reader", "hello")
    assert read_tracker(assistant, "api-reader", None) == 401
    assert read_tracker(assistant, "api-reader", API_TOKEN) == 200
