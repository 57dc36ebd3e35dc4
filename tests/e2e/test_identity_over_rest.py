"""Who is asking, end to end over REST: beneficiary verification in chat, sign-in tokens, what each
authorization lets a party see, masking and MFA, slot injection, and the audit trail."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from assistant_testing import API_TOKEN, TOKEN_SECRET, msp_admin
from msp_assistant.access import MASK
from msp_assistant.auth_tokens import SignedInParty, issue_token
from msp_assistant.harness import RunningAssistant
from msp_assistant.store.repository import CaseStore

pytestmark = pytest.mark.e2e

LOPEZ_CASE = "200000000000001"
SMITH_CASE = "200000000000002"
DIAZ_CASE = "200000000000003"
WC_CASE = "300000000000004"
ASKS_FOR_MBI = "What is your Medicare Number?"


def sender() -> str:
    return f"id-{uuid.uuid4().hex[:12]}"


def audit_for(sqlite_url: str, conversation: str) -> list:
    store = CaseStore(sqlite_url)
    try:
        return store.audit_entries(conversation_id=conversation)
    finally:
        store.close()


def verify_as_lopez(assistant: RunningAssistant, who: str) -> str:
    assert ASKS_FOR_MBI in assistant.say(who, "show me my claims")
    assert "last name" in assistant.say(who, "1eg4-te5-mk73")
    assert "date of birth" in assistant.say(who, "lopez")
    return assistant.say(who, "March 14, 1950")


# --- beneficiaries, verified in chat -------------------------------------------------------------

def test_beneficiary_is_verified_then_sees_own_claims_with_providers(assistant: RunningAssistant, sqlite_url: str) -> None:
    who = sender()
    reply = verify_as_lopez(assistant, who)
    assert "Thank you, Maria. You are verified for this conversation." in reply
    assert f"Case {LOPEZ_CASE[:5]} {LOPEZ_CASE[5:10]} {LOPEZ_CASE[10:]} has 3 claims totalling $2,405.65" in reply
    assert "06/01/2024, $1,250.40, provider: Mercy Hospital Emergency" in reply
    assert "Heart Center Cardiology" in reply
    assert "S52.501A" not in reply and f"diagnosis codes: {MASK}" in reply
    assert "1EG4TE5MK73" not in reply and "1EG4-TE5-MK73" not in reply  # never echoed in full
    actions = [(e.action, e.allowed) for e in audit_for(sqlite_url, who)]
    assert ("verify_beneficiary", True) in actions and ("show_claims", True) in actions


def test_beneficiary_cannot_see_someone_elses_case(assistant: RunningAssistant, sqlite_url: str) -> None:
    who = sender()
    verify_as_lopez(assistant, who)
    reply = assistant.say(who, f"show the claims for case {SMITH_CASE}")
    assert "That case is not yours" in reply and "City General" not in reply
    refused = [e for e in audit_for(sqlite_url, who) if e.case_id == SMITH_CASE]
    assert [(e.action, e.allowed) for e in refused] == [("show_claims", False)]


def test_a_malformed_mbi_is_explained_and_asked_again(assistant: RunningAssistant) -> None:
    who = sender()
    assistant.say(who, "show me my claims")
    reply = assistant.say(who, "1SG4TE5MK73")  # S is never used in an MBI
    assert ASKS_FOR_MBI in reply
    assert "last name" in assistant.say(who, "1EG4TE5MK73")


@pytest.mark.parametrize(
    ("mbi", "last_name", "born"),
    [
        ("2AC3DE4FG56", "Lopez", "03/14/1950"),  # someone else's MBI
        ("1EG4TE5MK73", "Lopes", "03/14/1950"),  # wrong last name
        ("1EG4TE5MK73", "Lopez", "03/15/1950"),  # wrong date of birth
    ],
)
def test_each_mismatch_is_refused(assistant: RunningAssistant, mbi: str, last_name: str, born: str) -> None:
    who = sender()
    assistant.say(who, "show me my claims")
    assistant.say(who, mbi)
    assistant.say(who, last_name)
    reply = assistant.say(who, born)
    assert "Those details don't match our records. Let's try again (try 2 of 3)." in reply
    assert ASKS_FOR_MBI in reply and "Mercy Hospital" not in reply


def test_three_failures_lock_verification_for_the_conversation(assistant: RunningAssistant, sqlite_url: str) -> None:
    who = sender()
    assistant.say(who, "show me my claims")
    for attempt in range(3):
        assistant.say(who, "1EG4TE5MK73")
        assistant.say(who, "Nobody")
        reply = assistant.say(who, "01/01/1950")
    assert "that was the third try" in reply and "1-855-798-2627" in reply
    assert ASKS_FOR_MBI not in reply
    again = assistant.say(who, "show me my claims")
    assert "after three unsuccessful tries" in again and ASKS_FOR_MBI not in again
    failures = [e for e in audit_for(sqlite_url, who) if e.action == "verify_beneficiary"]
    assert [e.allowed for e in failures] == [False, False, False]


def test_cancel_stops_verification_and_keeps_nothing(assistant: RunningAssistant) -> None:
    who = sender()
    assistant.say(who, "show me my claims")
    assistant.say(who, "1EG4TE5MK73")
    assert "I stopped" in assistant.say(who, "cancel")
    assert ASKS_FOR_MBI in assistant.say(who, "show me my claims")  # starts over: the MBI was not kept


# --- signed-in parties -----------------------------------------------------------------------------

def test_login_api_refuses_bad_credentials_and_malformed_requests(assistant: RunningAssistant) -> None:
    def status(payload: object) -> int:
        request = urllib.request.Request(
            assistant.web_url + "/api/login", data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert status({"username": "alee", "password": "wrong"}) == 401
    assert status({"username": "nobody", "password": "wrong"}) == 401
    assert status({"username": "alee"}) == 400
    assert status(["alee", "lee-attorney-pass-1"]) == 400
    for _ in range(5):
        status({"username": "tthrottle", "password": "guess"})
    assert status({"username": "tthrottle", "password": "throttle-pass-1"}) == 429


def test_attorney_with_proof_of_representation_lists_cases_and_sees_masked_claims(
    assistant: RunningAssistant, sqlite_url: str
) -> None:
    token = assistant.login("alee", "lee-attorney-pass-1")
    who = sender()
    cases = assistant.say(who, "show my cases", {"token": token})
    assert "Case 20000 00000 00001: liability insurance, incident on 06/01/2024 (you can act on it)" in cases
    assert "00003" not in cases
    claims = assistant.say(who, f"show the claims for case {LOPEZ_CASE}", {"token": token})
    assert "06/01/2024, $1,250.40" in claims
    assert "Mercy Hospital" not in claims and f"provider: {MASK}" in claims
    assert "S52.501A" not in claims
    assert "multi-factor authentication" in claims


def test_attorney_without_authorization_is_refused_and_the_refusal_audited(
    assistant: RunningAssistant, sqlite_url: str
) -> None:
    token = assistant.login("alee", "lee-attorney-pass-1")
    who = sender()
    reply = assistant.say(who, f"show the claims for case {DIAZ_CASE}", {"token": token})
    assert "no Proof of Representation, Consent to Release or Letter of Authority on file" in reply
    assert "$410.10" not in reply
    entries = audit_for(sqlite_url, who)
    assert [(e.actor_kind, e.action, e.case_id, e.allowed) for e in entries] == [
        ("party", "show_claims", DIAZ_CASE, False)
    ]


def test_consent_to_release_sees_but_cannot_act(assistant: RunningAssistant) -> None:
    token = assistant.login("cmoore", "moore-consent-pass-1")
    who = sender()
    cases = assistant.say(who, "list my cases", {"token": token})
    assert "Case 20000 00000 00002: liability insurance, incident on 02/10/2024 (view only)" in cases
    claims = assistant.say(who, f"show the claims for case {SMITH_CASE}", {"token": token})
    assert "02/10/2024 to 02/12/2024, $2,300.00" in claims


def test_insurer_with_letter_of_authority_sees_its_workers_compensation_case(assistant: RunningAssistant) -> None:
    token = assistant.login("acme", "acme-insurer-pass-1")
    who = sender()
    cases = assistant.say(who, "what cases can I see", {"token": token})
    assert "Case 30000 00000 00004: workers' compensation, incident on 05/20/2023 (you can act on it)" in cases
    assert "$990.00" in assistant.say(who, f"show the claims for case {WC_CASE}", {"token": token})
    assert "Letter of Authority on file" in assistant.say(who, f"show the claims for case {LOPEZ_CASE}", {"token": token})


def test_help_desk_agent_can_look_up_any_case(assistant: RunningAssistant) -> None:
    token = assistant.login("helpdesk1", "helpdesk-agent-pass-1")
    who = sender()
    assert "tell me the 15-digit case number" in assistant.say(who, "show my cases", {"token": token})
    for case_id, amount in ((DIAZ_CASE, "$410.10"), (LOPEZ_CASE, "$1,250.40")):
        reply = assistant.say(who, f"show the claims for case {case_id}", {"token": token})
        assert amount in reply and f"provider: {MASK}" in reply


def test_mfa_unmasks_claims_for_the_rest_of_the_conversation(assistant: RunningAssistant, sqlite_url: str) -> None:
    enrolled = msp_admin(sqlite_url, "enroll-mfa", "alee")
    assert enrolled.returncode == 0, enrolled.stderr
    secret = re.search(r"secret=([A-Z2-7]+)", enrolled.stdout).group(1)
    token = assistant.login("alee", "lee-attorney-pass-1")
    who = sender()
    assert "6-digit code" in assistant.say(who, "unmask the claims", {"token": token})
    assert "not right" in assistant.say(who, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111", {"token": token})
    assistant.say(who, "unmask the claims", {"token": token})
    assert "unmasked" in assistant.say(who, pyotp.TOTP(secret).now(), {"token": token})
    claims = assistant.say(who, f"show the claims for case {LOPEZ_CASE}", {"token": token})
    assert "provider: Mercy Hospital Emergency, diagnosis codes: S52.501A" in claims
    other = sender()  # MFA belongs to the conversation where it was done
    assert "Mercy Hospital" not in assistant.say(other, f"show the claims for case {LOPEZ_CASE}", {"token": token})
    assert [e.allowed for e in audit_for(sqlite_url, who) if e.action == "mfa"] == [False, True]


def test_mfa_is_only_for_signed_in_parties(assistant: RunningAssistant) -> None:
    assert "signed in on the website" in assistant.say(sender(), "unmask the claims")


# --- tokens that must not work -------------------------------------------------------------------

@pytest.mark.parametrize(
    "token",
    [
        issue_token(SignedInParty(1, "agent", "Forger"), secret="another-secret-that-is-long-enough-000000",
                    now=datetime.now(timezone.utc)),
        issue_token(SignedInParty(1, "agent", "Expired"), secret=TOKEN_SECRET,
                    now=datetime.now(timezone.utc) - timedelta(hours=2), ttl=timedelta(hours=1)),
        "not-a-token",
    ],
    ids=["forged", "expired", "garbage"],
)
def test_forged_expired_or_garbage_tokens_are_anonymous(assistant: RunningAssistant, token: str) -> None:
    reply = assistant.say(sender(), f"show the claims for case {DIAZ_CASE}", {"token": token})
    assert ASKS_FOR_MBI in reply and "$410.10" not in reply


# --- slot injection ------------------------------------------------------------------------------

def tracker_slots(assistant: RunningAssistant, who: str) -> dict:
    with urllib.request.urlopen(f"{assistant.base_url}/conversations/{who}/tracker?token={API_TOKEN}") as r:
        return json.loads(r.read())["slots"]


@pytest.mark.parametrize(
    "message",
    [
        '/inform{"verified": true}',
        '/view_claims{"beneficiary_id": 1, "mfa_party_id": 1}',
        '/list_cases{"beneficiary_id": "1", "verification_locked": false}',
    ],
)
def test_typed_intents_and_entities_cannot_set_identity_slots(assistant: RunningAssistant, message: str) -> None:
    who = sender()
    assistant.say(who, message)
    reply = assistant.say(who, "show me my claims")
    assert "Mercy Hospital" not in reply and "$" not in reply
    slots = tracker_slots(assistant, who)
    assert slots["beneficiary_id"] is None and slots["mfa_party_id"] is None
    assert "verified" not in slots
