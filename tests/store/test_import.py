"""``msp-admin import``: a good file loads, every kind of bad file is rejected whole with one line per
problem and nothing written, and importing the same file again changes nothing."""
from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from msp_assistant.store.importer import ImportRejected, import_file
from msp_assistant.store.repository import CaseStore
from rules_engine.errors import AnswerError
from rules_engine.mbi import normalize_mbi
from store_testing import MSP_ADMIN, TODAY, database_url, postgres_database, small_file, snapshot  # noqa: F401


def write(tmp_path: Path, document: Any, name: str = "cases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document) if name.endswith(".json") else yaml.safe_dump(document, sort_keys=False))
    return path


def run_admin(url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The real console script, as `make run` and an operator call it."""
    env = {**os.environ, "MSP_DATABASE_URL": url, "MSP_TODAY": TODAY.isoformat()}
    return subprocess.run([str(MSP_ADMIN), *arguments], env=env, capture_output=True, text=True, timeout=120)


def mbi_message(text: str) -> str:
    with pytest.raises(AnswerError) as raised:
        normalize_mbi(text)
    return raised.value.message


def at(document: Any, path: str) -> tuple[Any, Any]:
    """The container and key that a dotted path like ``cases.0.claims.1.amount_paid`` ends in."""
    *parents, last = path.split(".")
    for part in parents:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document, int(last) if isinstance(document, list) else last


def setting(path: str, value: Any) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        container, key = at(document, path)
        container[key] = value
    return change


def deleting(path: str) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        container, key = at(document, path)
        del container[key]
    return change


def appending(path: str, value: Any) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        container, key = at(document, path)
        container[key].append(value)
    return change


BAD_FILES = {
    "mbi too short": (
        [setting("beneficiaries.0.mbi", "1EG4-TE5-MK7")],
        [f"beneficiaries[0].mbi: {mbi_message('1EG4-TE5-MK7')}"],
    ),
    "mbi with an excluded letter": (
        [setting("beneficiaries.1.mbi", "1SG4TE5MK73")],
        [f"beneficiaries[1].mbi: {mbi_message('1SG4TE5MK73')}"],
    ),
    "unknown beneficiary": (
        [setting("cases.0.beneficiary", 9)],
        ["cases[0].beneficiary: no beneficiary with id '9' in this file"],
    ),
    "unknown party": (
        [setting("cases.1.authorizations.0.party", "nobody")],
        ["cases[1].authorizations[0].party: no party with id 'nobody' in this file"],
    ),
    "negative claim amount": (
        [setting("cases.1.claims.0.amount_paid", -5)],
        ["cases[1].claims[0].amount_paid: must not be negative (-5.00)"],
    ),
    "negative demand, fractions of a cent": (
        [setting("cases.1.demand.amount", "-0.5"), setting("cases.0.claims.1.amount_paid", "1.005")],
        ["cases[0].claims[1].amount_paid: must be in whole cents (1.005)",
         "cases[1].demand.amount: must not be negative (-0.50)"],
    ),
    "dates in the future": (
        [setting("cases.0.date_of_incident", "2025-05-02"), setting("cases.0.claims.0.to_date", "2026-01-01")],
        ["cases[0].date_of_incident: must not be in the future (2025-05-02 is after today, 2025-05-01)",
         "cases[0].claims[0].to_date: must not be in the future (2026-01-01 is after today, 2025-05-01)"],
    ),
    "not a date": (
        [setting("beneficiaries.0.date_of_birth", "14/03/1951")],
        ["beneficiaries[0].date_of_birth: must be a date written YYYY-MM-DD, not '14/03/1951'"],
    ),
    "duplicate ids": (
        [setting("parties.2.id", "att"),
         appending("beneficiaries", {"id": 2, "mbi": "3CM5NA8FG42", "first_name": "Dorothy", "last_name": "Nguyen",
                                     "date_of_birth": "1955-07-23", "zip": "60614"})],
        ["parties[2].id: duplicate party id (also parties[0])",
         "beneficiaries[2].id: duplicate beneficiary id (also beneficiaries[1])"],
    ),
    "duplicate natural keys": (
        [setting("parties.2.username", "ann"), setting("beneficiaries.1.mbi", "1EG4TE5MK73"),
         setting("cases.1.case_id", "202501000000101"), setting("cases.0.claims.1.claim_number", "1001")],
        ["parties[2].username: duplicate username (also parties[0])",
         "beneficiaries[1].mbi: duplicate MBI (also beneficiaries[0])",
         "cases[0].claims[1].claim_number: duplicate claim_number on this case (also cases[0].claims[0])",
         "cases[1].case_id: duplicate case_id (also cases[0])"],
    ),
    "missing required keys": (
        [deleting("parties.0.password"), deleting("cases.0.claims.0.amount_paid"), deleting("cases.1.debtor")],
        ["parties[0].password: is required",
         "cases[0].claims[0].amount_paid: is required",
         "cases[1].debtor: is required"],
    ),
    "bad enumeration values": (
        [setting("cases.0.case_type", "auto"), setting("parties.0.role", "lawyer"),
         setting("cases.1.authorizations.1.kind", "power_of_attorney")],
        ["parties[0].role: must be one of attorney | insurer | agent, not 'lawyer'",
         "cases[0].case_type: must be one of liability | no_fault | workers_compensation, not 'auto'",
         "cases[1].authorizations[1].kind: must be one of proof_of_representation | consent_to_release | "
         "letter_of_authority, not 'power_of_attorney'"],
    ),
    "case id not 15 digits": (
        [setting("cases.0.case_id", "20250100000010"), setting("cases.1.case_id", "102401000000202")],
        ["cases[0].case_id: must be 15 digits beginning with 2 (BCRC) or 3 (CRC), not '20250100000010'",
         "cases[1].case_id: must be 15 digits beginning with 2 (BCRC) or 3 (CRC), not '102401000000202'"],
    ),
    "unknown keys": (
        [setting("cases.0.claims.0.amount", 1), setting("case", [])],
        ["case: unknown key (expected parties, beneficiaries, cases)",
         "cases[0].claims[0].amount: unknown key (expected claim_number, from_date, to_date, provider, "
         "diagnosis_codes, amount_paid, status)"],
    ),
    "authorization the role cannot hold": (
        [setting("cases.1.authorizations.0.kind", "proof_of_representation")],
        ["cases[1].authorizations[0].kind: an insurer cannot hold a proof_of_representation "
         "(msp-rules.md section 8: only attorney)"],
    ),
    "agent with an authorization": (
        [appending("cases.0.authorizations", {"party": "agt", "kind": "consent_to_release",
                                              "received_on": "2024-10-02"})],
        ["cases[0].authorizations[1].kind: an agent cannot hold a consent_to_release "
         "(msp-rules.md section 8: only attorney or insurer)"],
    ),
    "final conditional payment on a no-fault case": (
        [setting("cases.0.case_type", "no_fault")],
        ["cases[0].final_conditional_payment_requested_on: the Final Conditional Payment process is for "
         "liability and workers' compensation cases only (msp-rules.md section 4)"],
    ),
    "final conditional payment details without a request": (
        [setting("cases.1.final_conditional_payment_status", "active"),
         setting("cases.0.final_conditional_payment_status", "pending")],
        ["cases[0].final_conditional_payment_status: must be one of active | complete | voided, not 'pending'",
         "cases[1].final_conditional_payment_status: needs final_conditional_payment_requested_on"],
    ),
    "inconsistent dates and phase": (
        [setting("cases.0.claims.0.from_date", "2024-09-13"), setting("cases.0.phase", "demand"),
         setting("cases.1.requests.0.decision_on", "2025-02-01")],
        ["cases[0].claims[0].to_date: must not be before from_date",
         "cases[0].demand: is required when phase is demand",
         "cases[1].requests[0].decision_on: must not be before received_on"],
    ),
    "wrong types": (
        [setting("cases", {"case_id": 1}), setting("parties.0.name", ""), setting("beneficiaries.0.zip", 2134)],
        ["parties[0].name: must be non-empty text",
         "beneficiaries[0].zip: must be a ZIP code like 21244 or 21244-1850 (quote it in YAML if it starts with 0)",
         "cases: must be a list"],
    ),
}


def test_a_good_file_loads(database_url: str, tmp_path: Path) -> None:
    summary = import_file(write(tmp_path, small_file()), database_url, today=TODAY)
    assert summary.changed
    assert summary.lines() == [
        "  parties: 3 (3 created)",
        "  beneficiaries: 2 (2 created)",
        "  cases: 2 (2 created)",
        "  authorizations: 3 (3 created)",
        "  claims: 3 (3 created)",
        "  correspondence: 1 (1 created)",
        "  requests: 1 (1 created)",
        "  demand_letters: 1 (1 created)",
    ]
    with CaseStore(database_url) as store:
        assert len(store.all_cases()) == 2
        assert store.claims("302401000000202")[0].amount_paid == Decimal("0.00")


@pytest.mark.parametrize("changes, expected", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_rejected_whole_with_one_line_per_problem(
    tmp_path: Path, changes: list[Callable[[Any], None]], expected: list[str]
) -> None:
    document = small_file()
    for change in changes:
        change(document)
    url = f"sqlite:///{tmp_path / 'msp.db'}"
    with pytest.raises(ImportRejected) as rejected:
        import_file(write(tmp_path, document), url, today=TODAY)
    assert rejected.value.problems == expected
    assert not (tmp_path / "msp.db").exists()  # nothing written, not even the schema


def test_a_bad_file_changes_nothing_already_stored(database_url: str, tmp_path: Path) -> None:
    import_file(write(tmp_path, small_file()), database_url, today=TODAY)
    before = snapshot(database_url)
    document = small_file()
    document["cases"][0]["claims"][0]["amount_paid"] = "99.99"  # a valid change ...
    document["cases"][1]["claims"][0]["amount_paid"] = -5  # ... and a bad one: neither is written
    with pytest.raises(ImportRejected) as rejected:
        import_file(write(tmp_path, document), database_url, today=TODAY)
    assert rejected.value.problems == ["cases[1].claims[0].amount_paid: must not be negative (-5.00)"]
    assert snapshot(database_url) == before


def test_importing_the_same_file_twice_changes_nothing(database_url: str, tmp_path: Path) -> None:
    path = write(tmp_path, small_file(), "cases.json")
    import_file(path, database_url, today=TODAY)
    before = snapshot(database_url)
    summary = import_file(path, database_url, today=TODAY)
    assert not summary.changed
    assert all("unchanged" in line and "created" not in line for line in summary.lines())
    assert snapshot(database_url) == before  # same ids, same password hashes, same everything


def test_a_changed_file_updates_in_place(database_url: str, tmp_path: Path) -> None:
    import_file(write(tmp_path, small_file()), database_url, today=TODAY)
    with CaseStore(database_url) as store:
        old_claims = store.claims("202501000000101")
        store.record_dispute("202501000000101", ["1002"], "unrelated")
    document = small_file()
    document["cases"][0]["claims"][0]["amount_paid"] = "1900.00"
    document["parties"][0]["password"] = "a-new-password"
    summary = import_file(write(tmp_path, document), database_url, today=TODAY)
    assert "  claims: 3 (1 updated, 2 unchanged)" in summary.lines()
    assert "  parties: 3 (1 updated, 2 unchanged)" in summary.lines()
    with CaseStore(database_url) as store:
        claims = store.claims("202501000000101")
        assert [c.id for c in claims] == [c.id for c in old_claims]
        assert claims[0].amount_paid == Decimal("1900.00")
        assert claims[1].status == "disputed"  # the file gives no status: the dispute's stands
        assert store.authenticate_party("ann", "a-new-password") is not None
        assert store.authenticate_party("ann", "ann-password-1") is None


def test_the_console_script_imports_and_reimports(database_url: str, tmp_path: Path) -> None:
    path = write(tmp_path, small_file())
    first = run_admin(database_url, "import", str(path))
    assert first.returncode == 0, first.stderr
    assert f"{path}: loaded into" in first.stdout and "cases: 2 (2 created)" in first.stdout
    second = run_admin(database_url, "import", str(path))
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout and "cases: 2 (2 unchanged)" in second.stdout
    with CaseStore(database_url) as store:
        assert [c.case_id for c in store.all_cases()] == ["202501000000101", "302401000000202"]


def test_the_console_script_rejects_a_bad_file_with_exit_code_1(tmp_path: Path) -> None:
    document = small_file()
    document["cases"][1]["claims"][0]["amount_paid"] = "-5.00"
    del document["parties"][0]["password"]
    url = f"sqlite:///{tmp_path / 'msp.db'}"
    result = run_admin(url, "import", str(write(tmp_path, document)))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[1:] == [
        "parties[0].password: is required",
        "cases[1].claims[0].amount_paid: must not be negative (-5.00)",
    ]
    assert "nothing was written" in result.stderr.splitlines()[0]
    assert not (tmp_path / "msp.db").exists()


def test_unreadable_files_are_rejected(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'msp.db'}"
    broken = tmp_path / "broken.yaml"
    broken.write_text("parties: [\n")
    with pytest.raises(ImportRejected) as rejected:
        import_file(broken, url, today=TODAY)
    [line] = rejected.value.problems
    assert line.startswith(f"{broken}: not valid YAML")
    with pytest.raises(ImportRejected) as rejected:
        import_file(tmp_path / "missing.json", url, today=TODAY)
    assert rejected.value.problems[0].startswith(f"{tmp_path / 'missing.json'}: cannot be read")
    scalar = tmp_path / "scalar.json"
    scalar.write_text("[1, 2]")
    with pytest.raises(ImportRejected) as rejected:
        import_file(scalar, url, today=TODAY)
    assert rejected.value.problems == ["file: must be a mapping with parties, beneficiaries and cases"]


def test_reimporting_keeps_what_the_bot_changed_and_an_explicit_null_clears(database_url: str, tmp_path: Path) -> None:
    """`make run` imports the demo file at every start: what the bot changed since must survive it."""
    import_file(write(tmp_path, small_file()), database_url, today=TODAY)
    with CaseStore(database_url) as store, store.session() as session, session.begin():
        from msp_assistant.store import models

        case = session.get(models.Case, "302401000000202")
        case.phase, case.final_conditional_payment_requested_on = "closed", TODAY  # as an action would
    document = small_file()
    del document["cases"][1]["phase"]
    assert not import_file(write(tmp_path, document), database_url, today=TODAY).changed
    with CaseStore(database_url) as store:
        case = store.case("302401000000202")
        assert case is not None and case.phase == "closed" and case.final_conditional_payment_requested_on == TODAY
    document["cases"][1]["final_conditional_payment_requested_on"] = None
    document["cases"][1]["phase"] = "demand"
    assert "  cases: 2 (1 updated, 1 unchanged)" in import_file(write(tmp_path, document), database_url,
                                                              today=TODAY).lines()
    with CaseStore(database_url) as store:
        case = store.case("302401000000202")
        assert case is not None and case.phase == "demand" and case.final_conditional_payment_requested_on is None


def test_a_new_case_gets_the_phase_its_dates_imply(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'msp.db'}"
    document = small_file()
    del document["cases"][1]["phase"]
    import_file(write(tmp_path, document), url, today=TODAY)
    with CaseStore(url) as store:
        assert [case.phase for case in store.all_cases()] == ["final_conditional_payment", "demand"]
