"""Shared fixtures: the trained model and a running assistant (the real servers, as `make run` starts
them). Helpers and constants live in assistant_testing.py."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from assistant_testing import FIXTURE_CASES, fresh_postgres_database, start_with_cases
from msp_assistant import training
from msp_assistant.harness import RunningAssistant


@pytest.fixture(scope="session")
def trained_model() -> Path:
    model = training.model_path()
    if not model.exists():
        pytest.fail(f"no model for the current training data ({model.name}): `make test` trains it first")
    return model


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'msp.db'}"


@pytest.fixture(scope="session")
def assistant(trained_model: Path, sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningAssistant]:
    """One assistant for the session's conversation tests, with the identity fixture cases."""
    running = start_with_cases(FIXTURE_CASES, sqlite_url, tmp_path_factory.mktemp("logs"))
    yield running
    running.stop()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database on the local server, dropped afterwards."""
    with fresh_postgres_database() as url:
        yield url
