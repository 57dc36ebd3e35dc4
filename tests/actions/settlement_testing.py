"""Trackers and a case store for the settlement and FPO action tests (the fixture cases, today 05/01/2025)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import services
from assistant_testing import FIXTURE_CASES, TEST_TODAY, TOKEN_SECRET, msp_admin
from msp_assistant.store.repository import CaseStore

GARCIA_CASE = "200000000000011"
FCP_CASE = "200000000000013"
WC_CASE = "200000000000014"
PLAN_DEBTOR_CASE = "300000000000015"
NO_FAULT_CASE = "200000000000016"
REYES_CASE = "200000000000019"


@pytest.fixture(scope="session")
def settlement_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('settlement-actions')) / 'msp.db'}"
    imported = msp_admin(url, "import", str(FIXTURE_CASES))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    return url


@pytest.fixture()
def store(settlement_store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CaseStore]:
    """The actions' case store on the imported fixture cases, with today pinned."""
    monkeypatch.setenv("MSP_DATABASE_URL", settlement_store_url)
    monkeypatch.setenv("MSP_TODAY", TEST_TODAY)
    monkeypatch.setenv("MSP_TOKEN_SECRET", TOKEN_SECRET)
    services.case_store.cache_clear()
    services.signing_secret.cache_clear()
    yield services.case_store()
    services.case_store().close()
    services.case_store.cache_clear()
    services.signing_secret.cache_clear()


def beneficiary_slots(store: CaseStore, case_id: str) -> dict[str, Any]:
    """The slots of a beneficiary verified in chat, on their case."""
    case = store.case(case_id)
    assert case is not None
    return {"beneficiary_id": case.beneficiary_id, "case_id": case_id}


def form_tracker(text: str, *, requested: str | None, answers: dict[str, Any] | None = None,
                 slots: dict[str, Any] | None = None, intent: str = "inform", form: str = "settlement_form",
                 metadata: dict[str, Any] | None = None) -> Tracker:
    """The tracker a form's validation action gets: earlier answers set before this message, the
    message, and the requested slot filled with it (as the from_text mapping does)."""
    answers = answers or {}
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in answers.items()]
    events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}, "metadata": metadata or {}})
    events += [{"event": "slot", "name": "requested_slot", "value": requested}, {"event": "action", "name": form}]
    current = {**(slots or {}), **answers, "requested_slot": requested}
    if requested is not None:
        events.append({"event": "slot", "name": requested, "value": text})
        current[requested] = text
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "metadata": metadata or {}}
    return Tracker("settlement-test", current, latest, events, False, None,
                   {"name": form} if requested is not None else {}, "action_listen")


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(message.get("text") or "" for message in dispatcher.messages)
