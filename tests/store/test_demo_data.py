"""The demo data set (data/demo/cases.yaml) imports cleanly and holds what the demo needs."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from msp_assistant import clock
from msp_assistant.store import enums
from msp_assistant.store.importer import import_file, load_document, validate
from msp_assistant.store.repository import CaseStore
from rules_engine.mbi import normalize_mbi
from store_testing import DEMO_FILE, TODAY


def test_the_demo_file_is_valid_on_the_tests_date_and_today() -> None:
    document = load_document(DEMO_FILE)
    validate(document, TODAY)
    validate(document, clock.today({}))
    for beneficiary in document["beneficiaries"]:
        normalize_mbi(beneficiary["mbi"])


def test_the_demo_file_covers_the_demo(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'msp.db'}"
    assert import_file(DEMO_FILE, url, today=TODAY).changed
    assert not import_file(DEMO_FILE, url, today=TODAY).changed
    with CaseStore(url) as store:
        cases = store.all_cases()
        assert {case.phase for case in cases} == set(enums.CASE_PHASES)
        assert {case.case_type for case in cases} == set(enums.CASE_TYPES)
        assert {case.debtor for case in cases} == set(enums.DEBTORS)
        assert any(case.phase == "demand" and store.demand(case.case_id) for case in cases)
        fcp = store.case("202501000000202")
        assert fcp is not None and fcp.final_conditional_payment_requested_on is not None
        assert (fcp.final_conditional_payment_amount, fcp.final_conditional_payment_status) == (
            sum(claim.amount_paid for claim in store.claims(fcp.case_id)), "active")

        reyes = store.authenticate_party("attorney.reyes", "demo-attorney-reyes")
        patel = store.authenticate_party("attorney.patel", "demo-attorney-patel")
        granite = store.authenticate_party("insurer.granite", "demo-insurer-granite")
        agent = store.authenticate_party("agent.demo", "demo-agent-helpdesk")
        assert reyes and patel and granite and agent and agent.role == "agent"
        por_cases = {c.case.case_id for c in store.cases_for_party(reyes.id)
                     if "proof_of_representation" in c.authorization_kinds}
        assert por_cases and por_cases != {case.case_id for case in cases}
        assert [(c.case.case_id, c.authorization_kinds) for c in store.cases_for_party(patel.id)] == [
            ("202401000000404", frozenset({"consent_to_release"}))
        ]
        assert all("letter_of_authority" in c.authorization_kinds for c in store.cases_for_party(granite.id))

        slip_and_fall = store.case("202501000000101")
        assert slip_and_fall is not None and "slip and fall" in slip_and_fall.injury_description.lower()
        providers = {claim.provider for claim in store.claims(slip_and_fall.case_id)}
        assert {"Chesapeake Cardiology Group", "Bayview Dermatology"} <= providers

        alvarez = store.find_beneficiary("1EG4TE5MK73", "alvarez", date(1951, 3, 14))
        assert alvarez is not None and len(store.cases_for_beneficiary(alvarez.id)) == 2


def test_the_demo_passwords_are_documented_in_the_file() -> None:
    text = DEMO_FILE.read_text()
    for party in yaml.safe_load(text)["parties"]:
        comment = f"{party['username']} / {party['password']}"
        assert any(comment in " ".join(line.split()) for line in text.splitlines() if line.startswith("#"))
