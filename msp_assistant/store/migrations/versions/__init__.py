"""Alembic revisions of the case store, oldest first; each written out by hand."""
