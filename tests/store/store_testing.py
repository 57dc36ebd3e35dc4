"""Fixtures and helpers of the case store tests (a uniquely named module, not a conftest).

``database_url`` runs a test on SQLite (a fresh file) and on PostgreSQL (a database created once per test
module with a random name, its schema reset before each test, dropped afterwards).
"""
from __future__ import annotations

import copy
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest
import sqlalchemy

from assistant_testing import fresh_postgres_database
from msp_assistant.store.models import metadata

TODAY = date(2025, 5, 1)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_FILE = PROJECT_ROOT / "data" / "demo" / "cases.yaml"
MSP_ADMIN = PROJECT_ROOT / ".venv" / "bin" / "msp-admin"


@pytest.fixture(scope="module")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test module, dropped afterwards."""
    with fresh_postgres_database("msp_store_test") as url:
        yield url


def reset_postgres(url: str) -> None:
    with connected(url, begin=True) as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA public CASCADE"))
        connection.execute(sqlalchemy.text("CREATE SCHEMA public"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: SQLite in a fresh file, or the module's PostgreSQL database with its schema reset."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'msp.db'}"
    url = request.getfixturevalue("postgres_database")
    reset_postgres(url)
    return url


@contextmanager
def connected(url: str, *, begin: bool = False) -> Iterator[sqlalchemy.engine.Connection]:
    """A connection to ``url`` (in a transaction committed at the end with ``begin=True``); the engine is
    disposed of afterwards."""
    engine = sqlalchemy.create_engine(url, future=True)
    try:
        with (engine.begin() if begin else engine.connect()) as connection:
            yield connection
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every case store table that exists, ordered: to show that nothing changed."""
    with connected(url) as connection:
        present = set(sqlalchemy.inspect(connection).get_table_names())
        return {
            table.name: [tuple(row) for row in connection.execute(
                sqlalchemy.select(table).order_by(*table.primary_key.columns))]
            for table in metadata.sorted_tables
            if table.name in present
        }


def create_rasa_events_table(url: str) -> None:
    """A table shaped like the one Rasa's SQL tracker store creates for itself, with one event in it."""
    with connected(url, begin=True) as connection:
        connection.execute(sqlalchemy.text(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        ))
        connection.execute(sqlalchemy.text(
            "INSERT INTO events (id, sender_id, type_name, timestamp, data) VALUES (1, 'me', 'user', 1.0, '{}')"
        ))


def rasa_events(url: str) -> list[tuple[Any, ...]]:
    with connected(url) as connection:
        return [tuple(row) for row in connection.execute(sqlalchemy.text("SELECT id, sender_id FROM events"))]


SMALL_FILE: dict[str, Any] = {
    "parties": [
        {"id": "att", "role": "attorney", "name": "Ann Attorney", "username": "ann", "password": "ann-password-1"},
        {"id": "ins", "role": "insurer", "name": "Iris Insurer", "username": "iris", "password": "iris-password-1"},
        {"id": "agt", "role": "agent", "name": "Alan Agent", "username": "alan", "password": "alan-password-1"},
    ],
    "beneficiaries": [
        {"id": 1, "mbi": "1EG4-TE5-MK73", "first_name": "Maria", "last_name": "Alvarez",
         "date_of_birth": "1951-03-14", "zip": "21244"},
        {"id": 2, "mbi": "2hw7rt3pk19", "first_name": "James", "last_name": "Whitfield",
         "date_of_birth": "1948-11-02", "zip": "10001"},
    ],
    "cases": [
        {
            "case_id": "202501000000101", "beneficiary": 1, "case_type": "liability", "debtor": "beneficiary",
            "date_of_incident": "2024-09-12", "injury_description": "Slip and fall; fractured wrist.",
            "conditional_payment_notice_on": "2024-12-02",
            "final_conditional_payment_requested_on": "2025-04-22",
            "authorizations": [{"party": "att", "kind": "proof_of_representation", "received_on": "2024-10-01"}],
            "claims": [
                {"claim_number": "1001", "from_date": "2024-09-12", "to_date": "2024-09-12",
                 "provider": "Mercy ER", "diagnosis_codes": ["S62.101A"], "amount_paid": "1842.36"},
                {"claim_number": "1002", "from_date": "2024-10-28", "to_date": "2024-10-28",
                 "provider": "Heart Clinic", "diagnosis_codes": ["i48.91"], "amount_paid": 986.1},
            ],
            "correspondence": [{"type": "Conditional Payment Letter", "direction": "sent",
                                "date": "2024-12-02", "status": "Mailed"}],
        },
        {
            "case_id": "302401000000202", "beneficiary": 2, "case_type": "workers_compensation",
            "debtor": "applicable_plan", "date_of_incident": "2024-01-10", "injury_description": "Back strain.",
            "authorizations": [
                {"party": "ins", "kind": "letter_of_authority", "received_on": "2024-02-01"},
                {"party": "att", "kind": "consent_to_release", "received_on": "2024-02-03"},
            ],
            "claims": [
                {"claim_number": "2001", "from_date": "2024-01-10", "to_date": "2024-01-12",
                 "provider": "City Hospital", "diagnosis_codes": [], "amount_paid": 0},
            ],
            "requests": [{"kind": "redetermination", "received_on": "2025-03-01", "decision": "denied",
                          "decision_on": "2025-04-01"}],
            "demand": {"issued_on": "2025-01-15", "amount": "1200.5"},
            "phase": "demand",
        },
    ],
}


def small_file() -> dict[str, Any]:
    """A fresh deep copy of a small valid import document, to change in a test."""
    return copy.deepcopy(SMALL_FILE)
