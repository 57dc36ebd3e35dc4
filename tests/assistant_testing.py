"""What the end-to-end tests share: test constants, `msp-admin`, starting the assistant with test
cases, and reading what Rasa stored. (A uniquely named module: several test folders have a conftest.py,
so `from conftest import ...` could reach the wrong one.)"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy

from msp_assistant.harness import RunningAssistant

API_TOKEN = "test-api-token"
TEST_TODAY = "2025-05-01"
TOKEN_SECRET = "test-token-secret-that-is-long-enough-0123456789"
FIXTURE_CASES = Path(__file__).parent / "e2e" / "fixtures" / "cases.yaml"
MSP_ADMIN = Path(sys.executable).parent / "msp-admin"
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
"""The PostgreSQL server these machines run (trust auth)."""
TEST_UPLOADS = Path(tempfile.mkdtemp(prefix="msp-test-uploads-"))
"""Uploaded documents of the test servers (MSP_UPLOAD_DIR), outside the repository."""


def msp_admin(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `msp-admin` console script against ``database_url``."""
    env = {**os.environ, "MSP_DATABASE_URL": database_url, "MSP_TODAY": TEST_TODAY}
    return subprocess.run([str(MSP_ADMIN), *args], env=env, capture_output=True, text=True, timeout=120)


def start_with_cases(cases_file: Path, database_url: str, log_dir: Path) -> RunningAssistant:
    """The real servers on ``database_url`` after `msp-admin import` of ``cases_file``: API on behind
    a token, a known sign-in token secret, today pinned to TEST_TODAY."""
    imported = msp_admin(database_url, "import", str(cases_file))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    return RunningAssistant.start(
        log_dir / "assistant.log",
        database_url=database_url,
        extra_env={"MSP_RASA_API_TOKEN": API_TOKEN, "MSP_TODAY": TEST_TODAY, "MSP_TOKEN_SECRET": TOKEN_SECRET,
                   "MSP_UPLOAD_DIR": str(TEST_UPLOADS)},
    )


def stored_events(database_url: str, sender: str) -> list[tuple[str, str | None, str | None]]:
    """(type, intent, action) of every event Rasa's SQL tracker store holds for ``sender``."""
    engine = sqlalchemy.create_engine(database_url, future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text(
                    "SELECT type_name, intent_name, action_name FROM events WHERE sender_id = :s ORDER BY id"
                ),
                {"s": sender},
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in rows]


@contextmanager
def fresh_postgres_database(prefix: str = "msp_test") -> Iterator[str]:
    """A new, empty PostgreSQL database with a random name on the local server, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
