"""The project's database: SQLite under ``var/`` by default, PostgreSQL when MSP_DATABASE_URL says so.

Rasa's SQL tracker store (conversations) and the case store share this one URL.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy
from sqlalchemy.engine import Engine, make_url


def create_database_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite, the folder is created first and connections wait on locks."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return sqlalchemy.create_engine(url, future=True, connect_args={"timeout": 30})
    return sqlalchemy.create_engine(url, future=True, pool_pre_ping=True)


def ensure_database(url: str) -> None:
    """Create the embedded SQLite file (or check the server is reachable) before the servers start."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
    finally:
        engine.dispose()


def redacted(url: str) -> str:
    """The URL with any password hidden, for printing."""
    return make_url(url).render_as_string(hide_password=True)
