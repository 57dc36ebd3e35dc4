"""Alembic environment of the case store: no alembic.ini, the URL or connection comes from the Config.

:func:`msp_assistant.store.migrate.upgrade_database` builds the Config in code and passes an open
connection in ``config.attributes["connection"]``. Rasa's own ``events`` table lives in the same
database; ``include_object`` keeps it (and anything else not in our metadata) out of every comparison,
and the version table is ``msp_alembic_version`` so nothing of ours collides with anything of Rasa's.
"""
from __future__ import annotations

from alembic import context

from msp_assistant.store.migrate import VERSION_TABLE, include_object
from msp_assistant.store.models import metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    from msp_assistant.database import create_database_engine

    engine = create_database_engine(context.config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as fresh:
            run_migrations(fresh)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("the case store's migrations run online only (msp-admin upgrade)")
run_migrations_online()
