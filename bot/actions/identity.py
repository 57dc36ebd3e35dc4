"""Who is asking: sign-in tokens (verified on every turn), beneficiary verification in chat, and
multi-factor authentication for signed-in parties.

Identity slots (beneficiary_id, verification_*, mfa_*) are set only here, by actions; the domain
gives them custom mappings so no user text or entity can fill them.
"""
from __future__ import annotations

from typing import Any

import pyotp
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.contacts import BCRC_CASE_LINE
from bot.actions.services import case_store, signing_secret
from msp_assistant.access import Viewer
from msp_assistant.auth_tokens import verify_token, utc_now

DomainDict = dict[str, Any]

MAX_MFA_ATTEMPTS = 3
VERIFICATION_ANSWERS = ("mbi_answer", "last_name_answer", "dob_answer")


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata sent with the user's latest message (REST and socket.io alike)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


def current_viewer(tracker: Tracker) -> Viewer:
    """Verify this turn's sign-in token; else the beneficiary verified earlier in chat; else anonymous."""
    secret = signing_secret()
    token = latest_metadata(tracker).get("token")
    party = verify_token(token, secret=secret, now=utc_now()) if secret else None
    if party is not None:
        return Viewer(kind="party", party=party, mfa_verified=tracker.get_slot("mfa_party_id") == party.party_id)
    beneficiary_id = tracker.get_slot("beneficiary_id")
    if beneficiary_id is not None:
        return Viewer(kind="beneficiary", beneficiary_id=int(beneficiary_id))
    return Viewer.anonymous()


def audit(tracker: Tracker, viewer: Viewer, action: str, *, case_id: str | None, allowed: bool, detail: str) -> None:
    actor_kind, actor_id = viewer.actor
    case_store().record_access(
        actor_kind=actor_kind, actor_id=actor_id, action=action, case_id=case_id,
        conversation_id=tracker.sender_id, allowed=allowed, detail=detail,
    )


def ask_who_is_asking(dispatcher: CollectingDispatcher, tracker: Tracker, pending_action: str) -> list[EventType]:
    """Before any case data: locked out, or start beneficiary verification and come back after."""
    if tracker.get_slot("verification_locked"):
        dispatcher.utter_message(
            text="I can't verify you in this conversation after three unsuccessful tries. "
            f"Please call the BCRC at {BCRC_CASE_LINE}."
        )
        return []
    dispatcher.utter_message(
        text="Before I show any case information, I need to check who you are. Attorneys, insurers and "
        "help-desk agents: please sign in on the website. If you are the Medicare beneficiary, "
        "I'll ask you three questions."
    )
    return [SlotSet("pending_request", pending_action), FollowupAction("beneficiary_verification_form")]


def clear_slots(slots: tuple[str, ...]) -> list[EventType]:
    return [SlotSet(slot, None) for slot in slots]


class ActionStartMfa(Action):
    def name(self) -> str:
        return "action_start_mfa"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        viewer = current_viewer(tracker)
        if viewer.party is None:
            dispatcher.utter_message(
                text="Multi-factor authentication is for attorneys, insurers and agents who are signed in on "
                "the website. A beneficiary verified in chat already sees the provider names on their claims."
            )
            return []
        if viewer.mfa_verified:
            dispatcher.utter_message(text="You have already completed multi-factor authentication in this conversation.")
            return []
        if int(tracker.get_slot("mfa_failures") or 0) >= MAX_MFA_ATTEMPTS:
            dispatcher.utter_message(text="Multi-factor authentication is locked for this conversation after three wrong codes.")
            return []
        if not case_store().totp_secret(viewer.party.party_id):
            dispatcher.utter_message(
                text="No authenticator app is enrolled for your account yet, so claims data stays masked. "
                "Ask your account administrator to enroll one."
            )
            return []
        return [FollowupAction("mfa_form")]


class ValidateMfaForm(FormValidationAction):
    def name(self) -> str:
        return "validate_mfa_form"

    def validate_mfa_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        code = "".join(str(value or "").split())
        if len(code) != 6 or not code.isdigit():
            dispatcher.utter_message(text="The code is 6 digits, for example 123456.")
            return {"mfa_code": None}
        return {"mfa_code": code}


class ActionVerifyMfa(Action):
    """TOTP (RFC 6238) against the secret enrolled with `msp-admin enroll-mfa`, one step of clock drift allowed."""

    def name(self) -> str:
        return "action_verify_mfa"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        viewer = current_viewer(tracker)
        code = tracker.get_slot("mfa_code")
        events: list[EventType] = [SlotSet("mfa_code", None)]
        if viewer.party is None:
            dispatcher.utter_message(text="Your sign-in has expired. Please sign in again on the website.")
            return events
        secret = case_store().totp_secret(viewer.party.party_id)
        if secret and code and pyotp.TOTP(secret).verify(code, valid_window=1):
            audit(tracker, viewer, "mfa", case_id=None, allowed=True, detail="authenticator code accepted")
            dispatcher.utter_message(text="Thank you. Claims data is unmasked for you for the rest of this conversation.")
            return events + [SlotSet("mfa_party_id", viewer.party.party_id), SlotSet("mfa_failures", 0)]
        failures = int(tracker.get_slot("mfa_failures") or 0) + 1
        audit(tracker, viewer, "mfa", case_id=None, allowed=False, detail=f"wrong code (try {failures})")
        dispatcher.utter_message(
            text="That code is not right, so claims data stays masked."
            + ("" if failures >= MAX_MFA_ATTEMPTS else " You can say 'unmask the claims' to try again.")
        )
        return events + [SlotSet("mfa_failures", failures)]


class ActionCancelForm(Action):
    """Stop the form under way and forget its answers (the form's required slots, read from the domain)."""

    def name(self) -> str:
        return "action_cancel_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        form = (tracker.active_loop or {}).get("name")
        if not form:
            dispatcher.utter_message(text="There's nothing under way to stop. What would you like to do?")
            return []
        dispatcher.utter_message(text="All right, I stopped. Nothing you typed there was kept. What would you like to do?")
        answers = tuple(domain.get("forms", {}).get(form, {}).get("required_slots", ()))
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_request", None),
                *clear_slots(answers)]
