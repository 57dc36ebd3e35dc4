"""The case store: SQLAlchemy models, Alembic migrations and the repository API the bot uses."""
from __future__ import annotations

from msp_assistant.store.migrate import upgrade_database

__all__ = ["upgrade_database"]
