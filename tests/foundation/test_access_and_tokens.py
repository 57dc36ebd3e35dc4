"""Who may see and do what on a case, claim masking, sign-in tokens and the login throttle."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from msp_assistant.access import MASK, Viewer, case_access, claim_view
from msp_assistant.auth_tokens import SignedInParty, issue_token, token_secret, token_ttl, verify_token
from msp_assistant.web.login_throttle import LOCKOUT_SECONDS, MAX_FAILURES, LoginThrottle
from bot.actions.presentation import case_id_in
from msp_assistant.case_status import format_case_id

SECRET = "s" * 40
NOW = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Case:
    case_id: str = "200000000000001"
    beneficiary_id: int = 7


@dataclass(frozen=True)
class Authorization:
    party_id: int
    kind: str


@dataclass(frozen=True)
class Claim:
    claim_number: str = "1024170000101"
    from_date: date = date(2024, 6, 1)
    to_date: date = date(2024, 6, 2)
    provider: str = "Mercy Hospital"
    diagnosis_codes: tuple[str, ...] = ("S52.501A", "W01")
    amount_paid: Decimal = Decimal("1250.40")


def party(role: str, party_id: int = 1, mfa: bool = False) -> Viewer:
    return Viewer(kind="party", party=SignedInParty(party_id, role, "Someone"), mfa_verified=mfa)


@pytest.mark.parametrize(
    ("kind", "can_view", "can_act"),
    [("proof_of_representation", True, True), ("letter_of_authority", True, True), ("consent_to_release", True, False)],
)
def test_each_authorization_kind(kind: str, can_view: bool, can_act: bool) -> None:
    access = case_access(party("attorney"), Case(), [Authorization(1, kind)])
    assert (access.can_view, access.can_act) == (can_view, can_act)


def test_consent_to_release_says_why_it_cannot_act() -> None:
    access = case_access(party("attorney"), Case(), [Authorization(1, "consent_to_release")])
    assert "not act" in access.reason and "Proof of Representation" in access.reason


def test_another_partys_authorization_does_not_count() -> None:
    access = case_access(party("attorney", party_id=2), Case(), [Authorization(1, "proof_of_representation")])
    assert not access.can_view and "no Proof of Representation" in access.reason


def test_agents_see_every_case_but_act_on_none() -> None:
    access = case_access(party("agent"), Case(), [])
    assert access.can_view and not access.can_act


def test_beneficiaries_see_and_act_on_their_own_cases_only() -> None:
    own = case_access(Viewer(kind="beneficiary", beneficiary_id=7), Case(), [])
    other = case_access(Viewer(kind="beneficiary", beneficiary_id=8), Case(), [])
    assert (own.can_view, own.can_act) == (True, True)
    assert (other.can_view, other.can_act) == (False, False)


def test_anonymous_sees_nothing() -> None:
    assert not case_access(Viewer.anonymous(), Case(), [Authorization(1, "proof_of_representation")]).can_view
    with pytest.raises(PermissionError):
        claim_view(Viewer.anonymous(), Claim())


def test_masking_by_viewer() -> None:
    beneficiary = claim_view(Viewer(kind="beneficiary", beneficiary_id=7), Claim())
    assert (beneficiary.provider, beneficiary.diagnosis_codes) == ("Mercy Hospital", MASK)
    masked = claim_view(party("attorney"), Claim())
    assert (masked.provider, masked.diagnosis_codes) == (MASK, MASK)
    assert masked.amount_paid == Decimal("1250.40") and masked.service_dates == (date(2024, 6, 1), date(2024, 6, 2))
    unmasked = claim_view(party("attorney", mfa=True), Claim())
    assert (unmasked.provider, unmasked.diagnosis_codes) == ("Mercy Hospital", "S52.501A, W01")


def test_audit_actor_never_carries_names() -> None:
    assert party("insurer", party_id=5).actor == ("party", 5)
    assert Viewer(kind="beneficiary", beneficiary_id=7).actor == ("beneficiary", 7)
    assert Viewer.anonymous().actor == ("anonymous", None)


def test_token_round_trip() -> None:
    who = SignedInParty(3, "attorney", "Avery Lee")
    assert verify_token(issue_token(who, secret=SECRET, now=NOW), secret=SECRET, now=NOW) == who


def test_token_expires_exactly_at_its_ttl() -> None:
    token = issue_token(SignedInParty(3, "attorney", "A"), secret=SECRET, now=NOW, ttl=timedelta(minutes=10))
    assert verify_token(token, secret=SECRET, now=NOW + timedelta(minutes=10) - timedelta(seconds=1)) is not None
    assert verify_token(token, secret=SECRET, now=NOW + timedelta(minutes=10)) is None


@pytest.mark.parametrize("token", [None, "", 42, "a.b.c", "not-a-token"])
def test_malformed_tokens_are_anonymous(token: object) -> None:
    assert verify_token(token, secret=SECRET, now=NOW) is None


def test_forged_and_tampered_tokens_are_anonymous() -> None:
    genuine = issue_token(SignedInParty(3, "attorney", "A"), secret=SECRET, now=NOW)
    forged = issue_token(SignedInParty(3, "agent", "A"), secret="x" * 40, now=NOW)
    header, payload, signature = genuine.split(".")
    tampered = ".".join([header, forged.split(".")[1], signature])
    assert verify_token(forged, secret=SECRET, now=NOW) is None
    assert verify_token(tampered, secret=SECRET, now=NOW) is None


def test_unsigned_tokens_are_refused() -> None:
    import jwt
    unsigned = jwt.encode({"sub": "3", "role": "agent", "name": "A", "iss": "msp-recovery-assistant",
                           "exp": int((NOW + timedelta(hours=1)).timestamp())}, key=None, algorithm="none")
    assert verify_token(unsigned, secret=SECRET, now=NOW) is None


def test_secret_and_ttl_come_from_the_environment() -> None:
    assert token_secret({"MSP_TOKEN_SECRET": SECRET}) == SECRET
    with pytest.raises(ValueError, match="at least 32 characters"):
        token_secret({"MSP_TOKEN_SECRET": "short"})
    assert token_ttl({}) == timedelta(hours=1)
    assert token_ttl({"MSP_TOKEN_TTL_SECONDS": "60"}) == timedelta(seconds=60)
    with pytest.raises(ValueError):
        token_ttl({"MSP_TOKEN_TTL_SECONDS": "soon"})


def test_login_throttle_locks_after_repeated_failures_and_forgets_later() -> None:
    clock = [0.0]
    throttle = LoginThrottle(clock=lambda: clock[0])
    for _ in range(MAX_FAILURES - 1):
        throttle.record_failure("alee")
    assert not throttle.is_locked("alee")
    throttle.record_failure("alee")
    assert throttle.is_locked("alee") and not throttle.is_locked("other")
    clock[0] += LOCKOUT_SECONDS + 1
    assert not throttle.is_locked("alee")


def test_case_ids_are_found_and_shown_in_groups_of_five() -> None:
    assert case_id_in("claims for case 2000 0000 0000 001 please") == "200000000000001"
    assert case_id_in("case 20000-00000-00001") == "200000000000001"
    assert case_id_in("call 1-855-798-2627") is None
    assert case_id_in("2000000000000012") is None  # 16 digits is not a case ID
    assert format_case_id("200000000000001") == "20000 00000 00001"
