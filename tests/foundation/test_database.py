import uuid
from pathlib import Path

import pytest
import sqlalchemy

from assistant_testing import POSTGRES_ADMIN_URL
from msp_assistant.database import create_database_engine, ensure_database, redacted



def test_embedded_sqlite_file_and_folder_are_created(tmp_path: Path) -> None:
    target = tmp_path / "var" / "nested" / "msp.db"
    ensure_database(f"sqlite:///{target}")
    assert target.is_file()


def test_passwords_never_printed() -> None:
    assert "hunter2" not in redacted("postgresql://msp:hunter2@db.example:5432/msp")
    assert redacted("sqlite:////tmp/msp.db") == "sqlite:////tmp/msp.db"


@pytest.mark.postgres
def test_postgres_server_is_reachable_through_the_same_code() -> None:
    ensure_database(POSTGRES_ADMIN_URL)
    engine = create_database_engine(POSTGRES_ADMIN_URL)
    with engine.connect() as connection:
        assert connection.execute(sqlalchemy.text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_unreachable_database_fails_at_start_up() -> None:
    with pytest.raises(sqlalchemy.exc.OperationalError):
        ensure_database(f"postgresql://postgres@127.0.0.1:1/msp_{uuid.uuid4().hex}")
