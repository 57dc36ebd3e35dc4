"""Run the case store's Alembic migrations programmatically (no alembic.ini at runtime)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from msp_assistant.database import create_database_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Our own version table, so the case store's migrations coexist with Rasa's tables in one database.
VERSION_TABLE = "msp_alembic_version"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Only the case store's own objects take part in comparisons: Rasa's ``events`` table (and anything
    else created outside these migrations, including the version table) is left alone."""
    if type_ == "table":
        from msp_assistant.store.models import metadata

        return name in metadata.tables
    return True


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic Config built in code: the migrations folder, and the connection (or URL) to use."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade_database(url: str) -> None:
    """``alembic upgrade head`` on ``url``: creates or upgrades the case store's tables, in one transaction."""
    engine = create_database_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at (None before the first upgrade)."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest revision in ``migrations/versions``."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
