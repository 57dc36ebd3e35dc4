"""Conversations survive a restart of the servers (SQLite and PostgreSQL); stopping leaves nothing behind."""
from __future__ import annotations

import signal
import uuid
from pathlib import Path

import pytest

from assistant_testing import TEST_TODAY, stored_events
from msp_assistant.harness import RunningAssistant

pytestmark = pytest.mark.e2e

def start(log: Path, database_url: str) -> RunningAssistant:
    return RunningAssistant.start(log, database_url=database_url, extra_env={"MSP_TODAY": TEST_TODAY})


def converse_across_a_restart(tmp_path: Path, database_url: str, stop_signal: signal.Signals) -> None:
    sender = f"restart-{uuid.uuid4().hex[:8]}"
    first = start(tmp_path / "first.log", database_url)
    assert "Recovery Assistant" in first.say(sender, "hello")
    assert "automated assistant" in first.say(sender, "are you a bot?")
    assert first.stop(stop_signal) == set(), "processes left behind after stopping"
    assert first.process.returncode == 0

    second = start(tmp_path / "second.log", database_url)
    try:
        assert second.say(sender, "hi") == (
            "Welcome back. We can pick up where we left off. What would you like to do?"
        )
    finally:
        assert second.stop() == set()
    user_intents = [intent for kind, intent, _ in stored_events(database_url, sender) if kind == "user"]
    assert user_intents == ["greet", "bot_challenge", "greet"]


def test_conversation_continues_after_restart_on_sqlite(tmp_path: Path) -> None:
    converse_across_a_restart(tmp_path, f"sqlite:///{tmp_path / 'var' / 'msp.db'}", signal.SIGINT)


@pytest.mark.postgres
def test_conversation_continues_after_restart_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    converse_across_a_restart(tmp_path, postgres_url, signal.SIGTERM)


def test_launcher_refuses_a_malformed_msp_today(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="MSP_TODAY must be a date written YYYY-MM-DD"):
        RunningAssistant.start(
            tmp_path / "bad.log", database_url=f"sqlite:///{tmp_path / 'msp.db'}",
            extra_env={"MSP_TODAY": "next week"}, timeout=60,
        )
