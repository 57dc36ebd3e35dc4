"""The Alembic migrations: create the case store beside Rasa's own ``events`` table, match the models,
and keep the audit log append-only in the database itself."""
from __future__ import annotations

import pytest
import sqlalchemy
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import DBAPIError

from msp_assistant.store import upgrade_database
from msp_assistant.store.migrate import VERSION_TABLE, alembic_config, current_revision, head_revision, include_object
from msp_assistant.store.models import metadata
from msp_assistant.store.repository import CaseStore
from store_testing import connected, create_rasa_events_table, database_url, postgres_database, rasa_events  # noqa: F401


def table_names(url: str) -> set[str]:
    with connected(url) as connection:
        return set(sqlalchemy.inspect(connection).get_table_names())


def test_upgrade_creates_the_store_beside_rasas_events_and_leaves_them_alone(database_url: str) -> None:
    create_rasa_events_table(database_url)
    upgrade_database(database_url)
    upgrade_database(database_url)  # a second upgrade is a no-op
    assert table_names(database_url) == set(metadata.tables) | {"events", VERSION_TABLE}
    assert "alembic_version" not in table_names(database_url)
    assert rasa_events(database_url) == [(1, "me")]
    assert current_revision(database_url) == head_revision()


def test_rasa_can_create_its_events_table_after_the_store(database_url: str) -> None:
    upgrade_database(database_url)
    create_rasa_events_table(database_url)
    upgrade_database(database_url)
    assert rasa_events(database_url) == [(1, "me")]


def test_the_migration_matches_the_models(database_url: str) -> None:
    create_rasa_events_table(database_url)
    upgrade_database(database_url)
    with connected(database_url) as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "version_table": VERSION_TABLE, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_downgrade_removes_only_the_case_store(database_url: str) -> None:
    create_rasa_events_table(database_url)
    upgrade_database(database_url)
    with connected(database_url, begin=True) as connection:
        command.downgrade(alembic_config(connection), "base")
    assert table_names(database_url) == {"events", VERSION_TABLE}
    assert rasa_events(database_url) == [(1, "me")]
    upgrade_database(database_url)  # and back up again
    assert set(metadata.tables) <= table_names(database_url)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET allowed = :yes", "DELETE FROM audit_log"],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_the_audit_log(database_url: str, statement: str) -> None:
    upgrade_database(database_url)
    with CaseStore(database_url) as store:
        store.record_access(actor_kind="anonymous", actor_id=None, action="view_case", case_id="202501000000101",
                            conversation_id="c1", allowed=False, detail="not signed in")
    with pytest.raises(DBAPIError, match="append-only"):
        with connected(database_url, begin=True) as connection:
            connection.execute(sqlalchemy.text(statement), {"yes": True})
    with CaseStore(database_url) as store:
        [entry] = store.audit_entries()
    assert entry.allowed is False
