"""Alembic migrations of the case store (run with :func:`msp_assistant.store.migrate.upgrade_database`)."""
