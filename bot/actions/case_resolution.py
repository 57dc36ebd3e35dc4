"""Which case the user means: a case number in the message, a beneficiary's last name ("the Lopez
case"), the case under discussion, or the user's only case."""
from __future__ import annotations

import re

from rasa_sdk import Tracker

from bot.actions.presentation import case_id_in
from bot.actions.services import case_store
from msp_assistant.access import Viewer
from msp_assistant.store.records import CaseRecord


def visible_cases(viewer: Viewer) -> list[CaseRecord]:
    """The cases listed for this viewer: their own (beneficiary) or those they hold an authorization on."""
    store = case_store()
    if viewer.kind == "beneficiary" and viewer.beneficiary_id is not None:
        return list(store.cases_for_beneficiary(viewer.beneficiary_id))
    if viewer.party is not None and viewer.party.role != "agent":
        return [authorized.case for authorized in store.cases_for_party(viewer.party.party_id)]
    return []


def cases_named_in(text: str, viewer: Viewer) -> list[str]:
    """Case IDs whose beneficiary's last name appears in the text (agents may name any case)."""
    words = set(re.findall(r"[a-z][a-z'-]+", (text or "").lower()))
    if not words:
        return []
    agent = viewer.party is not None and viewer.party.role == "agent"
    candidates = case_store().all_cases() if agent else visible_cases(viewer)
    return [case.case_id for case in candidates if case.beneficiary.last_name.lower() in words]


def resolve_case_id(tracker: Tracker, viewer: Viewer) -> str | None:
    """The case named in the message (number, then last name when it names exactly one case), else
    the one under discussion, else the viewer's only case; None when it is not clear."""
    text = tracker.latest_message.get("text") or ""
    named = case_id_in(text)
    if named:
        return named
    by_name = cases_named_in(text, viewer)
    if len(by_name) == 1:
        return by_name[0]
    if tracker.get_slot("case_id"):
        return str(tracker.get_slot("case_id"))
    cases = visible_cases(viewer)
    return cases[0].case_id if len(cases) == 1 else None
