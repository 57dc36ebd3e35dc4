"""What the actions share: the case store, the token secret and today's date (created on first use,
never at import time)."""
from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache

from msp_assistant import clock
from msp_assistant.auth_tokens import token_secret
from msp_assistant.settings import load_settings
from msp_assistant.store.repository import CaseStore

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def case_store() -> CaseStore:
    return CaseStore(load_settings().database_url)


@lru_cache(maxsize=1)
def signing_secret() -> str | None:
    """The sign-in token secret; without one, every token is treated as anonymous."""
    try:
        return token_secret()
    except ValueError:
        logger.warning("MSP_TOKEN_SECRET is not set: sign-in tokens cannot be verified")
        return None


def today() -> date:
    return clock.today()
