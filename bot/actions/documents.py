"""Offering a document upload for a case, and confirming what was uploaded (by name)."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_context import CaseContext, open_case
from bot.actions.identity import audit
from msp_assistant.case_status import format_case_id
from bot.actions.services import case_store, signing_secret
from msp_assistant.access import Viewer
from msp_assistant.auth_tokens import utc_now
from msp_assistant.upload_tickets import (
    ACCEPTED_TYPES,
    DOCUMENT_PURPOSES,
    MAX_UPLOAD_BYTES,
    UploadTicket,
    issue_upload_ticket,
)
from rules_engine import format_date

DomainDict = dict[str, Any]

PURPOSE_WORDS: tuple[tuple[str, str], ...] = (
    (r"proof of representation|\bpor\b", "proof_of_representation"),
    (r"consent to release|\bctr\b", "consent_to_release"),
    (r"letter of authority|\bloa\b", "letter_of_authority"),
    (r"fixed percentage|\bfpo\b|election", "fpo_election"),
    (r"final settlement detail|breakdown", "final_settlement_detail"),
    (r"dispute|unrelated", "dispute_support"),
)


def purpose_in(text: str, default: str = "settlement_documentation") -> str:
    lowered = (text or "").lower()
    for pattern, purpose in PURPOSE_WORDS:
        if re.search(pattern, lowered):
            return purpose
    return default


def offer_upload(dispatcher: CollectingDispatcher, tracker: Tracker, viewer: Viewer, case_id: str, purpose: str) -> None:
    """Send the page an upload ticket for this case and purpose (the caller checked the right to act)."""
    secret = signing_secret()
    if secret is None:
        dispatcher.utter_message(text="Uploads are not available right now. You can mail or fax documents to the BCRC.")
        return
    actor_kind, actor_id = viewer.actor
    ticket = issue_upload_ticket(
        UploadTicket(case_id=case_id, purpose=purpose, conversation_id=tracker.sender_id,
                     actor_kind=actor_kind, actor_id=None if actor_id is None else str(actor_id)),
        secret=secret, now=utc_now(),
    )
    kinds = ", ".join(ACCEPTED_TYPES.values())
    limit_mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    dispatcher.utter_message(
        text=f"You can upload the {DOCUMENT_PURPOSES[purpose]} for case {format_case_id(case_id)} now "
        f"({kinds}; up to {limit_mb} MB each), or later.",
        # Under "data": Rasa's socket.io channel emits a custom payload's keys as emit() arguments, so
        # the page receives {"upload": ...} as the bot_uttered payload (REST: custom.data.upload).
        json_message={"data": {"upload": {"ticket": ticket, "case_id": case_id, "purpose": purpose,
                                          "accepted": list(ACCEPTED_TYPES), "max_bytes": MAX_UPLOAD_BYTES}}},
    )


class ActionOfferUpload(Action):
    def name(self) -> str:
        return "action_offer_upload"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        access = context.state.access(context.viewer)
        if not access.can_act:
            audit(tracker, context.viewer, "upload", case_id=context.case_id, allowed=False, detail=access.reason)
            dispatcher.utter_message(text=access.reason + " Uploading documents to a case needs the right to act on it.")
            return []
        offer_upload(dispatcher, tracker, context.viewer, context.case_id,
                     purpose_in(tracker.latest_message.get("text") or ""))
        return [SlotSet("case_id", context.case_id)]


class ActionListDocuments(Action):
    """Confirm uploads by name, as the MSPRP's upload page does, so a wrong file can be deleted."""

    def name(self) -> str:
        return "action_list_documents"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = open_case(dispatcher, tracker, self.name())
        if not isinstance(context, CaseContext):
            return context
        case_label = format_case_id(context.case_id)
        documents = case_store().documents(context.case_id)
        if not documents:
            dispatcher.utter_message(text=f"No documents have been uploaded to case {case_label} here yet.")
            return [SlotSet("case_id", context.case_id)]
        lines = [f"{n}. {d.filename} ({DOCUMENT_PURPOSES.get(d.purpose, d.purpose)}, {d.size:,} bytes, "
                 f"uploaded {format_date(d.uploaded_at.date())})" for n, d in enumerate(documents, start=1)]
        dispatcher.utter_message(
            text=f"These documents are on case {case_label}:\n" + "\n".join(lines)
            + "\nIf one is wrong, delete it on the page before you submit."
        )
        return [SlotSet("case_id", context.case_id)]
