"""The repository API on SQLite and PostgreSQL: plain frozen records, lookups, audit log, MFA secrets."""
from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy

from msp_assistant.store.importer import import_file
from msp_assistant.store.repository import CaseStore
from rules_engine.errors import AnswerError
from store_testing import TODAY, connected, database_url, postgres_database, small_file  # noqa: F401

FULL_MBI = "1EG4TE5MK73"


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[CaseStore]:
    """A store holding the small test file."""
    source = tmp_path / "cases.json"
    source.write_text(json.dumps(small_file()))
    import_file(source, database_url, today=TODAY)
    with CaseStore(database_url) as opened:
        yield opened


def party_id(store: CaseStore, username: str) -> int:
    party = store.party_by_username(username)
    assert party is not None
    return party.id


def test_constructing_a_store_opens_nothing_until_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'later' / 'msp.db'}"
    import msp_assistant.store.repository  # noqa: F401  (importing creates no engine, no file)

    assert not (tmp_path / "later" / "msp.db").exists()
    with CaseStore(url, upgrade=True) as store:
        assert store.all_cases() == []


def test_authenticate_party(store: CaseStore) -> None:
    party = store.authenticate_party("ann", "ann-password-1")
    assert party is not None and (party.role, party.name, party.username) == ("attorney", "Ann Attorney", "ann")
    assert party.mfa_enrolled is False
    assert store.authenticate_party(" ann ", "ann-password-1") == party
    assert store.authenticate_party("ann", "wrong-password") is None
    assert store.authenticate_party("ann", "ANN-PASSWORD-1") is None
    assert store.authenticate_party("nobody", "ann-password-1") is None
    assert store.party(party.id) == party
    assert store.party(999_999) is None


def test_an_unknown_username_still_spends_a_password_check(store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from msp_assistant.store import passwords

    checked: list[str] = []
    real_verify = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda hashed, pw: checked.append(pw) or real_verify(hashed, pw))
    assert store.authenticate_party("nobody", "guess-1") is None
    assert checked == ["guess-1"]


def test_passwords_are_stored_as_argon2_hashes(store: CaseStore) -> None:
    with connected(store.url) as connection:
        hashes = dict(connection.execute(sqlalchemy.text("SELECT username, password_hash FROM parties")).all())
    assert set(hashes) == {"ann", "iris", "alan"}
    for username, hashed in hashes.items():
        assert hashed.startswith("$argon2id$")
        assert f"{username}-password-1" not in hashed


def test_find_beneficiary_needs_all_three(store: CaseStore) -> None:
    found = store.find_beneficiary("1eg4-te5-mk73", "  alvarez ", date(1951, 3, 14))
    assert found is not None and (found.first_name, found.last_name, found.mbi) == ("Maria", "Alvarez", FULL_MBI)
    assert found.mbi_last4 == "MK73" and found.masked_mbi == "*******MK73"
    assert FULL_MBI not in repr(found) and "1951" not in repr(found)
    assert store.find_beneficiary(FULL_MBI, "Alvares", date(1951, 3, 14)) is None
    assert store.find_beneficiary(FULL_MBI, "Alvarez", date(1951, 3, 15)) is None
    assert store.find_beneficiary("2HW7RT3PK19", "Alvarez", date(1951, 3, 14)) is None
    assert store.find_beneficiary("9AA9AA9AA99", "Alvarez", date(1951, 3, 14)) is None
    with pytest.raises(AnswerError):
        store.find_beneficiary("1EG4-TE5-MK7", "Alvarez", date(1951, 3, 14))
    assert store.beneficiary(found.id) == found


def test_cases_for_beneficiary_and_case(store: CaseStore) -> None:
    beneficiary = store.find_beneficiary(FULL_MBI, "Alvarez", date(1951, 3, 14))
    assert beneficiary is not None
    [case] = store.cases_for_beneficiary(beneficiary.id)
    assert case.case_id == "202501000000101"
    assert (case.case_type, case.debtor, case.phase) == ("liability", "beneficiary", "final_conditional_payment")
    assert case.date_of_incident == date(2024, 9, 12)
    assert case.final_conditional_payment_requested_on == date(2025, 4, 22)
    assert case.conditional_payment_notice_on == date(2024, 12, 2)
    assert case.beneficiary == beneficiary and case.beneficiary_id == beneficiary.id
    assert case.mbi_last4 == "MK73" and case.recovery_contractor == "BCRC"
    assert FULL_MBI not in repr(case)
    assert store.case("20250-10000-00101") == case == store.case("20250 10000 00101")
    assert store.case("202501000000999") is None
    other = store.case("302401000000202")
    assert other is not None and other.recovery_contractor == "CRC" and other.phase == "demand"
    assert [c.case_id for c in store.all_cases()] == ["202501000000101", "302401000000202"]


def test_cases_for_party_carry_the_authorization_kinds(store: CaseStore) -> None:
    cases = store.cases_for_party(party_id(store, "ann"))
    assert [(c.case.case_id, c.authorization_kinds) for c in cases] == [
        ("202501000000101", frozenset({"proof_of_representation"})),
        ("302401000000202", frozenset({"consent_to_release"})),
    ]
    assert [c.case.case_id for c in store.cases_for_party(party_id(store, "iris"))] == ["302401000000202"]
    assert store.cases_for_party(party_id(store, "alan")) == []
    assert store.authorization_kinds("302401000000202", party_id(store, "iris")) == {"letter_of_authority"}
    assert store.authorization_kinds("202501000000101", party_id(store, "iris")) == frozenset()


def test_authorizations_claims_correspondence_requests_demand(store: CaseStore) -> None:
    authorizations = store.authorizations("302401000000202")
    assert [(a.party_name, a.party_role, a.kind, a.received_on) for a in authorizations] == [
        ("Iris Insurer", "insurer", "letter_of_authority", date(2024, 2, 1)),
        ("Ann Attorney", "attorney", "consent_to_release", date(2024, 2, 3)),
    ]
    claims = store.claims("202501000000101")
    assert [(c.claim_number, c.amount_paid, c.diagnosis_codes, c.status) for c in claims] == [
        ("1001", Decimal("1842.36"), ("S62.101A",), "related"),
        ("1002", Decimal("986.10"), ("I48.91",), "related"),
    ]
    assert all(isinstance(c.amount_paid, Decimal) for c in claims)
    [letter] = store.correspondence("202501000000101")
    assert (letter.type, letter.direction, letter.date, letter.status) == (
        "Conditional Payment Letter", "sent", date(2024, 12, 2), "Mailed")
    [request] = store.requests("302401000000202")
    assert (request.kind, request.received_on, request.decision, request.decision_on) == (
        "redetermination", date(2025, 3, 1), "denied", date(2025, 4, 1))
    demand = store.demand("302401000000202")
    assert demand is not None and (demand.issued_on, demand.amount) == (date(2025, 1, 15), Decimal("1200.50"))
    assert store.demand("202501000000101") is None
    assert store.requests("202501000000101") == [] and store.claims("202501000000999") == []


def test_records_are_frozen(store: CaseStore) -> None:
    case = store.case("202501000000101")
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.phase = "closed"  # type: ignore[misc, union-attr]


def test_totp_secret(store: CaseStore) -> None:
    ann = party_id(store, "ann")
    assert store.totp_secret(ann) is None
    store.set_totp_secret(ann, "JBSWY3DPEHPK3PXP")
    assert store.totp_secret(ann) == "JBSWY3DPEHPK3PXP"
    assert store.party(ann).mfa_enrolled is True  # type: ignore[union-attr]
    assert "JBSWY3DPEHPK3PXP" not in repr(store.party(ann))
    with pytest.raises(LookupError):
        store.set_totp_secret(999_999, "JBSWY3DPEHPK3PXP")


def test_audit_log_appends_and_never_holds_a_full_mbi(store: CaseStore) -> None:
    first = store.record_access(actor_kind="party", actor_id=party_id(store, "ann"), action="view_claims",
                                case_id="20250-10000-00101", conversation_id="conv-1", allowed=True)
    second = store.record_access(actor_kind="anonymous", actor_id=None, action="verify_beneficiary",
                                 case_id=None, conversation_id="conv-2", allowed=False,
                                 detail="no match for MBI 1EG4-TE5-MK73 / 1eg4te5mk73")
    assert isinstance(first.at, datetime) and first.at.tzinfo is not None
    assert second.detail == "no match for MBI *******MK73 / *******MK73"
    assert store.audit_entries() == [first, second]
    assert store.audit_entries("202501000000101") == [first]
    assert store.audit_entries(conversation_id="conv-2") == [second]
    with connected(store.url) as connection:
        rows = connection.execute(sqlalchemy.text("SELECT * FROM audit_log")).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert FULL_MBI not in stored.upper().replace("-", "")
    assert not hasattr(store, "delete_audit_entry") and not hasattr(store, "update_audit_entry")
    with pytest.raises(ValueError):
        store.record_access(actor_kind="hacker", actor_id=None, action="x", case_id=None, conversation_id=None,
                            allowed=True)


def test_disputes_mark_claims_disputed(store: CaseStore) -> None:
    dispute = store.record_dispute("202501000000101", ["1002"], "Cardiology is unrelated to a fall.", "conv-1")
    assert (dispute.claim_numbers, dispute.status, dispute.conversation_id) == (("1002",), "submitted", "conv-1")
    assert [c.status for c in store.claims("202501000000101")] == ["related", "disputed"]
    assert store.disputes("202501000000101") == [dispute]
    with pytest.raises(ValueError, match="9999"):
        store.record_dispute("202501000000101", ["9999"], "no such claim")
    with pytest.raises(ValueError):
        store.record_dispute("202501000000101", [], "nothing")


def test_a_settlement_is_stored_once_however_often_it_is_retried(store: CaseStore) -> None:
    submission = dict(
        answers={"settlement_amount": Decimal("25000.00"), "settlement_date": date(2025, 4, 23)},
        verdict={"ok": True}, estimate={"recovery": Decimal("4100.12")}, documents_owed=["settlement agreement"],
        confirmation_number="NOS-0001", idempotency_key="conv-1:nos:1", conversation_id="conv-1",
        actor_kind="party", actor_id="1",
    )
    first = store.record_settlement("202501000000101", **submission)
    again = store.record_settlement("202501000000101", **{**submission, "confirmation_number": "NOS-0002"})
    assert again == first and again.confirmation_number == "NOS-0001"
    assert first.answers == {"settlement_amount": "25000.00", "settlement_date": "2025-04-23"}
    assert first.estimate == {"recovery": "4100.12"} and first.documents_owed == ("settlement agreement",)
    assert store.settlements("202501000000101") == [first]


def test_documents(store: CaseStore) -> None:
    document = store.record_document("202501000000101", purpose="settlement", filename="agreement.pdf",
                                     content_type="application/pdf", size=1234, sha256="ab" * 32,
                                     path="var/uploads/x.pdf", conversation_id="conv-1")
    assert store.documents("202501000000101") == [document]
    assert store.delete_document(document.id) is True
    assert store.documents("202501000000101") == []
    [deleted] = store.documents("202501000000101", include_deleted=True)
    assert deleted.deleted is True and deleted.sha256 == "ab" * 32
    assert store.delete_document(999_999) is False
