"""Environment for the Rasa processes this project starts."""
from __future__ import annotations

import os
from typing import Mapping

QUIET_RASA = {
    "RASA_TELEMETRY_ENABLED": "false",  # no network calls home; this machine has no outside network
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONUNBUFFERED": "1",
}


def quiet_rasa_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The current environment plus the settings above and ``extra``."""
    return {**os.environ, **QUIET_RASA, **(extra or {})}
